import assert from "node:assert/strict";
import { test } from "node:test";
import { EventQueryError, parseEventQuery, profileConditionOfQuery } from "./event-query";
import { cursorKey, decodeQueryCursor, encodeQueryCursor } from "./query-cursor";

const key = cursorKey("a server secret of at least thirty-two characters");
const cursor = { kind: "profiles" as const, query: { event_name: "Charged" }, size: 50, after: 1234, issuedAt: Date.now() };

test("cursors round-trip, URL-safe, and refuse edits, other accounts, other endpoints and old age", () => {
  const text = encodeQueryCursor(cursor, { key, accountId: "A" });
  assert.match(text, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  assert.deepEqual(decodeQueryCursor(text, { key, accountId: "A", kind: "profiles" }), cursor);
  const [body, mac] = text.split(".");
  const forged = Buffer.from(JSON.stringify({ k: "profiles", q: {}, n: 50, a: 0, t: Date.now() })).toString("base64url");
  assert.throws(() => decodeQueryCursor(`${forged}.${mac}`, { key, accountId: "A", kind: "profiles" }), /not one of this server's/);
  assert.throws(() => decodeQueryCursor(text, { key, accountId: "B", kind: "profiles" }), /not one of this server's/);
  assert.throws(() =>
    decodeQueryCursor(text, { key: cursorKey("another secret, also long enough......"), accountId: "A", kind: "profiles" }),
  );
  assert.throws(() => decodeQueryCursor(text, { key, accountId: "A", kind: "events" }), /profiles\.json/);
  assert.throws(() => decodeQueryCursor(text, { key, accountId: "A", kind: "profiles", now: Date.now() + 25 * 3600_000 }), /expired/);
  assert.throws(() => decodeQueryCursor(`${body}`, { key, accountId: "A", kind: "profiles" }));
});

test("event queries: CleverTap's operators and dates become engine conditions", () => {
  const parsed = parseEventQuery(
    JSON.stringify({
      event_name: "Charged",
      from: 20260101,
      to: "20260131",
      event_properties: [{ name: "Amount", operator: "greater_than_equals", value: 50 }],
      common_profile_properties: { profile_fields: [{ name: "Plan", value: ["pro", "plus"] }] },
    }),
    { requireEvent: true },
  );
  assert.deepEqual(parsed.events, {
    name: "Charged",
    window: { from: "2026-01-01", to: "2026-01-31" },
    where: [{ key: "Amount", op: "gte", value: 50 }],
  });
  assert.deepEqual(profileConditionOfQuery(parsed), {
    kind: "all",
    of: [
      {
        kind: "event",
        name: "Charged",
        op: "did",
        when: { from: "2026-01-01", to: "2026-01-31" },
        where: [{ key: "Amount", op: "gte", value: 50 }],
      },
      {
        kind: "all",
        of: [
          {
            kind: "any",
            of: [
              { kind: "property", filter: { key: "Plan", op: "eq", value: "pro", value2: "" } },
              { kind: "property", filter: { key: "Plan", op: "eq", value: "plus", value2: "" } },
            ],
          },
        ],
      },
    ],
  });
  for (const bad of [
    { from: 20260101, to: 20260102 },
    { event_name: "x", from: 20260230, to: 20260301 },
    { event_name: "x", from: 20260101 },
    { event_name: "x", event_properties: [{ name: "A", operator: "between", value: 3 }] },
    { event_name: "x", common_profile_properties: { geo_fields: [["Portugal"]] } },
  ])
    assert.throws(() => parseEventQuery(bad, { requireEvent: true }), EventQueryError, JSON.stringify(bad));
});
