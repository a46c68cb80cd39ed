// The location rule inside the profile engine, against a real PostgreSQL (npm test's database): a record's place
// becomes Country / Region / City, an unchanged place writes nothing, a staff edit pins its key, and the query
// engine's property filters select by them.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, describe, test } from "node:test";
import { closePools, pool } from "../db/pool";
import { applyRecords } from "../profiles/apply-records";
import { editProfile } from "../profiles/edit-profile";
import type { DomainRecord } from "../profiles/records";
import { Params } from "../queries/query-property";
import { type Condition, conditionSchema } from "../queries/query-schema";
import { compileWhere } from "../queries/query-sql";
import type { Place } from "./location-fix";

const ACCOUNT = `LOC-${crypto.randomUUID().slice(0, 8)}`;
const context = { source: "api", actor: "test", requestId: "loc" } as const;
const LISBON: Place = { country: "Portugal", region: "Lisbon", city: "Lisbon" };
const MADRID: Place = { country: "Spain", region: "Madrid", city: "Madrid" };
const LONDON: Place = { country: "United Kingdom", region: "England", city: "London" };
const ids: Record<string, number> = {};

const located = (identity: string, place: Place, data: Record<string, unknown> = {}): DomainRecord => ({
  kind: "profile",
  target: { by: "identity", value: identity },
  data,
  at: new Date(),
  location: { place },
});

async function apply(records: DomainRecord[]) {
  const outcomes = await applyRecords({ accountId: ACCOUNT, records, context });
  for (const outcome of outcomes) assert.ok(outcome.ok, JSON.stringify(outcome));
  return outcomes;
}

const propertiesOf = async (id: number) =>
  (await pool().query<{ properties: Record<string, unknown> }>("SELECT properties FROM profile WHERE id = $1", [id])).rows[0].properties;
const changeSets = async (id: number) =>
  Number((await pool().query<{ n: string }>("SELECT count(*) AS n FROM profile_change_set WHERE profile_id = $1", [id])).rows[0].n);

async function who(condition: Condition): Promise<string[]> {
  const params = new Params();
  const where = compileWhere({ accountId: ACCOUNT, condition: conditionSchema.parse(condition), params, now: new Date() });
  const { rows } = await pool().query<{ id: number }>(`SELECT p.id FROM profile p WHERE ${where}`, params.values);
  const byId = Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name]));
  return rows.map((r) => byId[r.id] ?? `?${r.id}`).sort();
}

before(async () => {
  const outcomes = await apply([located("pt", LISBON, { Name: "Ana" }), located("es", MADRID), located("gb", LONDON)]);
  ["pt", "es", "gb"].forEach((name, i) => {
    const outcome = outcomes[i];
    if (outcome.ok) ids[name] = outcome.profileId;
  });
});

after(() => closePools());

describe("location in the profile engine", () => {
  test("a record's place lands as Country, Region and City beside its own data", async () => {
    assert.deepEqual(await propertiesOf(ids.pt), { Name: "Ana", Identity: "pt", Country: "Portugal", Region: "Lisbon", City: "Lisbon" });
  });

  test("the same place again writes no change", async () => {
    const before = await changeSets(ids.gb);
    await apply([located("gb", LONDON)]);
    assert.equal(await changeSets(ids.gb), before);
  });

  test("a client's own Country wins over the place of its address", async () => {
    await apply([located("es", LONDON, { Country: "Spain" })]);
    assert.deepEqual(await propertiesOf(ids.es), { Identity: "es", Country: "Spain", Region: "England", City: "London" });
    await apply([located("es", MADRID)]);
  });

  test("a staff edit pins its key: a later place changes the others only", async () => {
    const { rows } = await pool().query<{ version: number }>("SELECT version FROM profile WHERE id = $1", [ids.pt]);
    const edit = await editProfile({
      profileId: ids.pt,
      expectedVersion: rows[0].version,
      seenChangeSetId: 0,
      data: { City: "Porto" },
      actor: { id: null, email: "geo@staff.test", ip: null, requestId: "loc-staff" },
      field: "City",
    });
    assert.ok(edit.ok, JSON.stringify(edit));
    await apply([located("pt", MADRID)]);
    assert.deepEqual(await propertiesOf(ids.pt), { Name: "Ana", Identity: "pt", Country: "Spain", Region: "Madrid", City: "Porto" });
    await apply([located("pt", LISBON)]);
    assert.deepEqual(await propertiesOf(ids.pt), { Name: "Ana", Identity: "pt", Country: "Portugal", Region: "Lisbon", City: "Porto" });
  });

  test("the query engine filters by Country, Region and City", async () => {
    const by = (key: string, op: "eq" | "contains" | "set", value = ""): Condition => ({
      kind: "property",
      filter: { key, op, value, value2: "" },
    });
    assert.deepEqual(await who(by("Country", "eq", "Portugal")), ["pt"]);
    assert.deepEqual(await who(by("Country", "eq", "Spain")), ["es"]);
    assert.deepEqual(await who(by("City", "contains", "Lon")), ["gb"]);
    assert.deepEqual(await who(by("Region", "set")), ["es", "gb", "pt"]);
  });
});
