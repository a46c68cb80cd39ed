// The query engine against a real PostgreSQL (npm test's database, DATABASE_URL): profiles and events written
// through the profile engine with known answers, then every kind of condition run and checked by identity.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, describe, test } from "node:test";
import { closePools, pool } from "../db/pool";
import { applyRecords } from "../profiles/apply-records";
import { toWireDate } from "../profiles/dates";
import type { DomainRecord } from "../profiles/records";
import { Params } from "./query-property";
import { type Condition, conditionSchema } from "./query-schema";
import { compileWhere } from "./query-sql";

const ACCOUNT = `QE-${crypto.randomUUID().slice(0, 8)}`;
const NOW = new Date();
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);
const ymd = (d: Date) => d.toISOString().slice(0, 10);
/** A DOB that makes someone exactly `years` old today (birthday today) or one day short of it. */
const dob = (years: number, dayShort = false) => {
  const d = new Date(Date.UTC(NOW.getUTCFullYear() - years, NOW.getUTCMonth(), NOW.getUTCDate() + (dayShort ? 1 : 0)));
  return toWireDate(Math.floor(d.getTime() / 1000));
};
const GUEST = crypto.randomUUID().replace(/-/g, "");
const VISITOR = crypto.randomUUID().replace(/-/g, "");

const ids: Record<string, number> = {};

function event(target: DomainRecord["target"], name: string, data: Record<string, unknown>, at: Date): DomainRecord {
  return { kind: "event", target, name, data, at };
}

before(async () => {
  const ada = { by: "identity", value: "ada" } as const;
  const bob = { by: "identity", value: "bob" } as const;
  const cy = { by: "identity", value: "cy" } as const;
  const records: DomainRecord[] = [
    { kind: "profile", target: ada, data: { Name: "Ada", DOB: dob(35), "MSG-email": true }, at: daysAgo(40) },
    { kind: "profile", target: bob, data: { Name: "Bob", DOB: dob(35, true), "MSG-email": false, Plan: "pro" }, at: daysAgo(40) },
    { kind: "profile", target: cy, data: { Name: "Cy", Age: 20 }, at: daysAgo(40) },
    event(ada, "Page Viewed", { URL: "/", "UTM Source": "google", "UTM Campaign": "spring" }, daysAgo(30)),
    event(ada, "Page Viewed", { URL: "/shop", "UTM Source": "newsletter" }, daysAgo(2)),
    event(ada, "Charged", { Amount: 30, Items: [{ Name: "Tee" }] }, daysAgo(10)),
    event(ada, "Charged", { Amount: 40, Items: [{ Name: "Hat" }] }, daysAgo(5)),
    event(bob, "Charged", { Amount: 100, Items: [{ Name: "Boots" }] }, daysAgo(60)),
    event(bob, "Page Viewed", { URL: "/" }, daysAgo(61)),
    event({ by: "device", guid: GUEST }, "Charged", { Amount: 10, Items: [{ Name: "Socks" }] }, daysAgo(1)),
    event({ by: "device", guid: VISITOR }, "Page Viewed", { URL: "/", "UTM Source": "facebook'; --" }, daysAgo(3)),
  ];
  const outcomes = await applyRecords({ accountId: ACCOUNT, records, context: { source: "api", actor: "test", requestId: "qe" } });
  for (const outcome of outcomes) assert.ok(outcome.ok, JSON.stringify(outcome));
  const names = ["ada", "bob", "cy", "ada", "ada", "ada", "ada", "bob", "bob", "guest", "visitor"];
  outcomes.forEach((outcome, i) => {
    if (outcome.ok) ids[names[i]] = outcome.profileId;
  });
});

after(() => closePools());

async function who(condition: Condition): Promise<string[]> {
  const params = new Params();
  const where = compileWhere({ accountId: ACCOUNT, condition: conditionSchema.parse(condition), params, now: NOW });
  const { rows } = await pool().query<{ id: number }>(`SELECT p.id FROM profile p WHERE ${where}`, params.values);
  const byId = Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name]));
  return rows.map((r) => byId[r.id] ?? `?${r.id}`).sort();
}

describe("query engine on PostgreSQL", () => {
  test("did / did not / at least / at most / exactly, with windows", async () => {
    assert.deepEqual(await who({ kind: "event", name: "Charged", op: "did", where: [] }), ["ada", "bob", "guest"]);
    assert.deepEqual(await who({ kind: "event", name: "Charged", op: "didNot", where: [] }), ["cy", "visitor"]);
    assert.deepEqual(await who({ kind: "event", name: "Charged", op: "atLeast", n: 2, when: { lastDays: 30 }, where: [] }), ["ada"]);
    assert.deepEqual(await who({ kind: "event", name: "Charged", op: "atMost", n: 1, where: [] }), ["bob", "cy", "guest", "visitor"]);
    assert.deepEqual(await who({ kind: "event", name: "Charged", op: "exactly", n: 1, when: { lastDays: 7 }, where: [] }), [
      "ada",
      "guest",
    ]);
    const range = { from: ymd(daysAgo(65)), to: ymd(daysAgo(50)) };
    assert.deepEqual(await who({ kind: "event", name: "Charged", op: "did", when: range, where: [] }), ["bob"]);
  });

  test("event property conditions (Charged Amount > 50, hostile text stays text)", async () => {
    const where = [{ key: "Amount", op: "gt" as const, value: 50 }];
    assert.deepEqual(await who({ kind: "event", name: "Charged", op: "did", where }), ["bob"]);
    const hostile = [{ key: "UTM Source", op: "eq" as const, value: "facebook'; --" }];
    assert.deepEqual(await who({ kind: "event", name: "Page Viewed", op: "did", where: hostile }), ["visitor"]);
  });

  test("purchase totals: lifetime value and purchase counts, zero included where the test allows it", async () => {
    assert.deepEqual(await who({ kind: "purchases", measure: "sum", op: "gte", value: 70 }), ["ada", "bob"]);
    assert.deepEqual(await who({ kind: "purchases", measure: "sum", op: "between", value: 50, value2: 80 }), ["ada"]);
    assert.deepEqual(await who({ kind: "purchases", measure: "sum", op: "lt", value: 20 }), ["cy", "guest", "visitor"]);
    assert.deepEqual(await who({ kind: "purchases", measure: "count", op: "eq", value: 2 }), ["ada"]);
    assert.deepEqual(await who({ kind: "purchases", measure: "sum", op: "gt", value: 0, when: { lastDays: 30 } }), ["ada", "guest"]);
  });

  test("profile types: Customer, Identified, Anonymous", async () => {
    assert.deepEqual(await who({ kind: "profileType", type: "customer" }), ["ada", "bob", "guest"]);
    assert.deepEqual(await who({ kind: "profileType", type: "identified" }), ["cy"]);
    assert.deepEqual(await who({ kind: "profileType", type: "anonymous" }), ["visitor"]);
  });

  test("Age from DOB today (a birthday today counts, tomorrow's does not), else the explicit Age", async () => {
    assert.deepEqual(await who({ kind: "age", op: "eq", value: 35 }), ["ada"]);
    assert.deepEqual(await who({ kind: "age", op: "eq", value: 34 }), ["bob"]);
    assert.deepEqual(await who({ kind: "age", op: "lt", value: 30 }), ["cy"]);
  });

  test("first-visit campaign is the first page view's", async () => {
    assert.deepEqual(await who({ kind: "firstVisit", field: "source", op: "eq", value: "google" }), ["ada"]);
    assert.deepEqual(await who({ kind: "firstVisit", field: "source", op: "eq", value: "newsletter" }), []);
    assert.deepEqual(await who({ kind: "firstVisit", field: "campaign", op: "set" }), ["ada"]);
    assert.deepEqual(await who({ kind: "firstVisit", field: "source", op: "contains", value: "FACE" }), ["visitor"]);
  });

  test("consents and property filters, combined", async () => {
    assert.deepEqual(await who({ kind: "consent", channel: "email", state: "in" }), ["ada"]);
    assert.deepEqual(await who({ kind: "consent", channel: "email", state: "out" }), ["bob"]);
    assert.deepEqual(await who({ kind: "consent", channel: "email", state: "unset" }), ["cy", "guest", "visitor"]);
    const plan: Condition = { kind: "property", filter: { key: "Plan", op: "eq", value: "pro", value2: "" } };
    assert.deepEqual(await who(plan), ["bob"]);
    assert.deepEqual(await who({ kind: "any", of: [plan, { kind: "not", of: { kind: "profileType", type: "customer" } }] }), [
      "bob",
      "cy",
      "visitor",
    ]);
  });
});
