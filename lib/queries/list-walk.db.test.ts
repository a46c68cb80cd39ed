// Views with many matches against a real PostgreSQL: the page walks the list's order testing each profile
// (list-profiles.ts), and the counts of a search expected to match many test each sampled profile (list-counts.ts). Both must give
// exactly what the set form gives — identities as typed and lower-cased, names in any case, event counts, purchase
// totals and profile types — on every page, forwards and back.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, describe, it } from "node:test";
import { closePools, pool } from "../db/pool";
import { applyRecords } from "../profiles/apply-records";
import type { DomainRecord } from "../profiles/records";
import { countTabs } from "./list-counts";
import { listProfiles } from "./list-profiles";
import { pageStatement, tabCountsStatement } from "./list-sql";
import { type ListState, parseListState } from "./list-state";
import type { Condition } from "./query-schema";

const ACCOUNT = `LS-${crypto.randomUUID().slice(0, 8)}`;
/** Mixed case: identities match it as typed or lower-cased, names in any case. */
const PREFIX = `Walk-${ACCOUNT}`;
const START = Date.parse("2026-06-01T00:00:00Z");
const NOW = Date.now();

before(async () => {
  const records: DomainRecord[] = [];
  for (let i = 0; i < 150; i++) {
    const at = new Date(START + i * 60_000);
    // Every third profile is someone else; of the rest, identities as typed, lower-cased, or only a matching name.
    if (i % 3 === 0) records.push({ kind: "profile", target: { by: "identity", value: `other-${ACCOUNT}-${i}` }, data: {}, at });
    else if (i % 3 === 1) records.push({ kind: "profile", target: { by: "identity", value: `${PREFIX}-${i}` }, data: {}, at });
    else if (i % 2 === 0)
      records.push({ kind: "profile", target: { by: "identity", value: `${PREFIX.toLowerCase()}-${i}` }, data: {}, at });
    else
      records.push({
        kind: "profile",
        target: { by: "device", guid: crypto.randomBytes(16).toString("hex") },
        data: { Name: `${PREFIX.toUpperCase()} ${i}` },
        at,
      });
  }
  // Names holding LIKE's wildcards: a search for "… 50%" means those characters, not "50 and anything".
  for (const name of [`${ACCOUNT} 50% off`, `${ACCOUNT} 500 club`, `${ACCOUNT} 5_0 deal`])
    records.push({
      kind: "profile",
      target: { by: "device", guid: crypto.randomBytes(16).toString("hex") },
      data: { Name: name },
      at: new Date(START),
    });
  // Behaviour of the profiles known by their typed identity: i % 4 events, alternately Charged (Amount 30) and Page
  // Viewed, the newest i % 5 days ago and the others 5 days apart.
  for (let i = 0; i < 150; i++)
    for (let n = 0; n < (i % 3 === 2 ? 0 : i % 4); n++)
      records.push({
        kind: "event",
        target: { by: "identity", value: i % 3 === 0 ? `other-${ACCOUNT}-${i}` : `${PREFIX}-${i}` },
        name: n % 2 === 0 ? "Charged" : "Page Viewed",
        data: { Amount: 30 },
        at: new Date(NOW - ((i % 5) + n * 5) * 86_400_000),
      });
  const outcomes = await applyRecords({ accountId: ACCOUNT, records, context: { source: "api" } });
  assert.ok(outcomes.every((o) => o.ok));
});
after(() => closePools());

const search = (extra: Record<string, string> = {}): ListState => parseListState({ q: PREFIX, size: "20", ...extra });

/** The page the indexed set gives (no walk), in display order. */
async function setPage(state: ListState): Promise<number[]> {
  const statement = pageStatement(ACCOUNT, state);
  const { rows } = await pool().query<{ id: string }>(statement.text, statement.values);
  const ids = rows.slice(0, state.size).map((r) => Number(r.id));
  return statement.backwards ? ids.reverse() : ids;
}

describe("a common search prefix", () => {
  it("a walk along the order gives the set's page", async () => {
    for (const sort of [{}, { sort: "first_seen", dir: "asc" }] as Record<string, string>[]) {
      const state = search(sort);
      const walk = pageStatement(ACCOUNT, state, state.size + 1, state, undefined, 10_000);
      const { rows } = await pool().query<{ id: string }>(walk.text, walk.values);
      assert.deepEqual(
        rows.slice(0, state.size).map((r) => Number(r.id)),
        await setPage(state),
      );
      assert.equal(rows.length, state.size + 1);
    }
  });

  it("a walk takes the search's wildcards literally, as the set does", async () => {
    for (const [q, names] of [
      [`${ACCOUNT} 50%`, [`${ACCOUNT} 50% off`]],
      [`${ACCOUNT} 5_`, [`${ACCOUNT} 5_0 deal`]],
      [`${ACCOUNT} 5\\`, []],
    ] as [string, string[]][]) {
      const state = parseListState({ q });
      const walk = pageStatement(ACCOUNT, state, state.size + 1, state, undefined, 10_000);
      const { rows } = await pool().query<{ properties: { Name?: string } }>(walk.text, walk.values);
      assert.deepEqual(
        rows.map((r) => r.properties.Name),
        names,
        q,
      );
      assert.equal((await setPage(state)).length, names.length, q);
      const perRow = tabCountsStatement(ACCOUNT, state, { samplePercent: 100, perRowSearch: true });
      assert.equal((await pool().query(perRow.text, perRow.values)).rows[0].all, names.length, q);
    }
  });

  it("a walk testing behaviour per profile gives the set's page, for every kind of condition", async () => {
    const conditions: Condition[] = [
      { kind: "event", name: "Charged", op: "atLeast", n: 2, when: { lastDays: 30 }, where: [] },
      { kind: "event", name: "Charged", op: "did", where: [{ key: "Amount", op: "gt", value: 20 }] },
      { kind: "event", name: "Charged", op: "didNot", when: { lastDays: 3 }, where: [] },
      { kind: "event", name: "Page Viewed", op: "atMost", n: 0, where: [] },
      { kind: "purchases", measure: "sum", op: "gt", value: 50 },
      { kind: "purchases", measure: "count", op: "lt", value: 1 },
      { kind: "purchases", measure: "count", op: "gte", value: 1, when: { lastDays: 10 } },
      { kind: "profileType", type: "customer" },
      { kind: "profileType", type: "anonymous" },
    ];
    for (const condition of conditions) {
      const state: ListState = { ...parseListState({ size: "200" }), conditions: [condition] };
      const walk = pageStatement(ACCOUNT, state, state.size + 1, state, undefined, 10_000);
      const { rows } = await pool().query<{ id: string }>(walk.text, walk.values);
      const expected = await setPage(state);
      assert.ok(expected.length > 0 && expected.length < 150, JSON.stringify(condition));
      assert.deepEqual(
        rows.map((r) => Number(r.id)),
        expected,
        JSON.stringify(condition),
      );
    }
  });

  it("every page, forwards and back, matches the set; the last is partial", async () => {
    let state = search();
    const seen: number[] = [];
    for (;;) {
      const page = await listProfiles(ACCOUNT, state, pool());
      assert.deepEqual(
        page.rows.map((r) => r.id),
        await setPage(state),
      );
      seen.push(...page.rows.map((r) => r.id));
      if (!page.next) break;
      const back = await listProfiles(ACCOUNT, search({ before: page.next }), pool());
      assert.deepEqual(
        back.rows.map((r) => r.id),
        await setPage(search({ before: page.next })),
      );
      state = search({ after: page.next });
    }
    assert.equal(seen.length, 100);
    assert.equal(new Set(seen).size, 100);
  });

  it("counts tested per sampled profile equal the exact counts", async () => {
    const exact = await countTabs(ACCOUNT, search(), pool());
    assert.deepEqual(exact, {
      all: { n: 100, estimated: false },
      identified: { n: 75, estimated: false },
      anonymous: { n: 25, estimated: false },
    });
    // The sample's statement over every page (100 %), the search tested per profile: the same three numbers.
    const perRow = tabCountsStatement(ACCOUNT, search(), { samplePercent: 100, perRowSearch: true });
    const { rows } = await pool().query(perRow.text, perRow.values);
    assert.deepEqual(rows[0], { all: 100, identified: 75, anonymous: 25 });
  });
});
