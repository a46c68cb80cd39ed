// Fuzz of the dashboard's inputs: list URLs (every parameter the list reads, with hostile values) as a signed-in
// viewer, and every server action replayed over HTTP with arbitrary arguments as an admin (who passes every role
// check, so the input reaches the action's schema and the lib/ use case behind it).
import { request as playwrightRequest } from "@playwright/test";
import fc from "fast-check";
import { ACTIONS } from "../authz/registry";
import { seedStaff as createStaff, expect, test } from "../support/fixtures";
import { builtActions, callAction } from "../support/server-actions";
import { clientAddress, createProfile, signInWith } from "../ui/dashboard-staff";
import { encodeUtf8, hostileKey, hostileNumber, hostileString, hostileValue } from "./arbitraries";
import { checkAfterCase } from "./invariants";
import { assertProperty } from "./settings";

const BASE_URL = process.env.TAPESTRY_TEST_URL ?? "http://127.0.0.1:3210";
const base64url = (text: string) => Buffer.from(text, "utf8").toString("base64url");

const filterKey = fc.oneof(hostileKey, fc.constantFrom("$last_seen", "$first_seen", "$id", "$nope", "Name", "Email"));
const filterValue = fc.oneof(
  hostileString,
  hostileNumber.map(String),
  fc.constantFrom("99999999999999999", "9223372036854775808", "-1e400", "2026-13-45"),
);
const listParam = fc.oneof(
  fc
    .constantFrom("tab", "q", "sort", "dir", "size", "page", "col")
    .chain((name) =>
      fc
        .oneof(hostileString, fc.constantFrom("all", "identified", "asc", "p:Score", "p:", "name", "last_seen", "100", "0", "-1", "1e9"))
        .map((value) => [name, value] as const),
    ),
  fc
    .tuple(
      filterKey,
      fc.constantFrom("eq", "contains", "gt", "lt", "between", "set", "notset", "true", "false", "x"),
      filterValue,
      filterValue,
    )
    .map(([key, op, value, value2]) => ["f", JSON.stringify([key, op, value, value2])] as const),
  fc
    .record({ name: fc.constantFrom("f"), value: hostileValue.map((value) => JSON.stringify(value) ?? "") })
    .map(({ name, value }) => [name, value] as const),
  fc
    .tuple(
      fc.constantFrom("after", "before"),
      fc.oneof(hostileValue, fc.tuple(hostileValue, hostileValue), fc.tuple(hostileString, hostileNumber)),
    )
    .map(([name, cursor]) => [name, base64url(JSON.stringify(cursor) ?? "")] as const),
  fc.tuple(fc.constantFrom("after", "before"), hostileString).map(([name, raw]) => [name, raw] as const),
);
const listQuery = fc
  .array(listParam, { maxLength: 6 })
  .map((params) => params.map(([name, value]) => `${name}=${encodeUtf8(value)}`).join("&"));

test("list URLs: any query string renders the list (or its note), never a 5xx", async () => {
  test.setTimeout(0);
  const context = await playwrightRequest.newContext({ baseURL: BASE_URL });
  await signInWith(context, await createStaff("viewer"), clientAddress());
  try {
    await assertProperty(
      "list URLs",
      fc.asyncProperty(listQuery, async (query) => {
        const response = await context.get(`/profiles?${query}`, { maxRedirects: 0 });
        expect(response.status(), `/profiles?${query}`).toBe(200);
        // A server error after the page started streaming keeps the 200 but sends the error's digest instead of the list.
        expect(await response.text(), `/profiles?${query}: a server error inside the page`).not.toMatch(/\\?"digest\\?"/);
        const exported = await context.get(`/profiles/export?${query}`, { maxRedirects: 0 });
        expect([200, 400], `/profiles/export?${query}`).toContain(exported.status());
        await exported.body();
        await checkAfterCase(context, response.status(), `/profiles?${query}`);
      }),
    );
  } finally {
    await context.dispose();
  }
});

test("server actions: any arguments answer a result, never a 5xx", async ({ request }) => {
  test.setTimeout(0);
  const profile = await createProfile(request, { Name: "Fuzz target", Plan: "free", "MSG-email": true });
  const context = await playwrightRequest.newContext({ baseURL: BASE_URL });
  await signInWith(context, await createStaff("admin"), clientAddress());
  const ids = builtActions();
  const actions = Object.entries(ACTIONS).filter(([, entry]) => !("public" in entry)); // sign-out would end the session
  // Inputs shaped like the forms' (so they reach the use cases), with hostile field values; or anything at all.
  const formInput = fc.record(
    {
      profileId: fc.oneof(fc.constant(String(profile.id)), hostileValue),
      expectedVersion: fc.oneof(fc.constantFrom("0", "1", "99999999999999999999"), hostileValue),
      seenChangeSetId: fc.oneof(fc.constantFrom("0", "-1", "9223372036854775808"), hostileValue),
      key: fc.oneof(hostileKey, fc.constantFrom("Plan", "MSG-email")),
      type: fc.oneof(fc.constantFrom("string", "integer", "float", "boolean", "date", "list"), hostileValue),
      value: fc.oneof(hostileString, hostileValue, fc.constantFrom("on", "off")),
      reason: hostileValue,
      email: hostileValue,
      name: hostileValue,
      password: hostileValue,
      role: fc.oneof(fc.constantFrom("viewer", "editor", "admin"), hostileValue),
      userId: hostileValue,
      active: hostileValue,
    },
    { requiredKeys: [] },
  );
  const args = fc.oneof(
    { weight: 4, arbitrary: formInput.map((input) => [input]) },
    { weight: 1, arbitrary: fc.array(hostileValue, { maxLength: 3 }) },
  );
  try {
    await assertProperty(
      "server actions",
      fc.asyncProperty(fc.constantFrom(...actions), args, async ([key, entry], input) => {
        const response = await callAction(context, entry.page.replace("/profiles/1", `/profiles/${profile.id}`), ids.get(key)!, input);
        const text = await response.text();
        const shown = (typeof input === "string" ? input : JSON.stringify(input)).slice(0, 300);
        const described = `${key}(${shown}): ${response.status()} ${text.slice(0, 200)}`;
        await checkAfterCase(context, response.status(), described);
      }),
    );
  } finally {
    await context.dispose();
  }
});
