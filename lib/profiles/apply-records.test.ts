// applyRecords against the real database (npm test gives the unit tests one): a request's records are written once,
// in one transaction with the rest of the request, whichever path they take.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, describe, it } from "node:test";
import { closePools, pool } from "../db/pool";
import { applyRecords } from "./apply-records";
import type { DomainRecord } from "./records";

const ACCOUNT = "TEST-ACC-0001";
const hasDatabase = Boolean(process.env.DATABASE_URL);
const guid = () => crypto.randomBytes(16).toString("hex");
const failMarker = `fail-${crypto.randomUUID()}`;
const trigger = `fail_${crypto.randomBytes(4).toString("hex")}`;
const ping = (g: string): DomainRecord => ({ kind: "profile", target: { by: "device", guid: g }, data: {}, at: new Date() });
const paid = (g: string): DomainRecord => ({
  kind: "event",
  target: { by: "device", guid: g },
  name: "Paid",
  data: { Amount: 1 },
  at: new Date(),
});
const paidCount = async (g: string) =>
  (await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM event WHERE device_guid = $1 AND name = 'Paid'", [g])).rows[0].n;

describe("a request is written exactly once", { skip: !hasDatabase && "needs DATABASE_URL (npm test)" }, () => {
  before(async () => {
    // A change set carrying the marker fails to insert: the rest of its request must then leave nothing behind.
    await pool().query(
      `CREATE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN IF NEW.request_id = '${failMarker}' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$`,
    );
    await pool().query(`CREATE TRIGGER ${trigger} BEFORE INSERT ON profile_change_set FOR EACH ROW EXECUTE FUNCTION ${trigger}()`);
  });
  after(async () => {
    await pool().query(`DROP TRIGGER IF EXISTS ${trigger} ON profile_change_set`);
    await pool().query(`DROP FUNCTION IF EXISTS ${trigger}()`);
    await closePools();
  });

  it("a known device's event is not kept when the rest of its request fails, so a retry does not store it twice", async () => {
    const known = guid();
    await applyRecords({ accountId: ACCOUNT, records: [ping(known)], context: { source: "api" } });
    const failing: DomainRecord = {
      kind: "profile",
      target: { by: "device", guid: guid() },
      data: { Plan: "x" },
      at: new Date(),
      context: { source: "api", requestId: failMarker },
    };
    for (let attempt = 0; attempt < 2; attempt++)
      await assert.rejects(applyRecords({ accountId: ACCOUNT, records: [paid(known), failing], context: { source: "api" } }), /injected/);
    assert.equal(await paidCount(known), 0);
    const [outcome] = await applyRecords({ accountId: ACCOUNT, records: [paid(known)], context: { source: "api" } });
    assert.ok(outcome.ok);
    assert.equal(await paidCount(known), 1);
  });

  it("activity of a known and an unknown device in one request: each written once", async () => {
    const [known, unknown] = [guid(), guid()];
    await applyRecords({ accountId: ACCOUNT, records: [ping(known)], context: { source: "sdk" } });
    const outcomes = await applyRecords({ accountId: ACCOUNT, records: [paid(known), paid(unknown)], context: { source: "sdk" } });
    assert.deepEqual(
      outcomes.map((o) => o.ok),
      [true, true],
    );
    assert.deepEqual([await paidCount(known), await paidCount(unknown)], [1, 1]);
  });
});
