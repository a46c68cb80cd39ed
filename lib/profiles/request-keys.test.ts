// Exactly once per call against the real database (npm test gives the unit tests one): a call whose key was applied
// writes nothing again, on the fast path, in the transaction path and within one batch; old keys are pruned.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, describe, it } from "node:test";
import { closePools, enginePool, pool } from "../db/pool";
import { applyRecords } from "./apply-records";
import type { DomainRecord } from "./records";
import { pruneRequestKeys } from "./request-keys";
import type { ChangeContext } from "./types";

const ACCOUNT = "TEST-ACC-0001";
const hasDatabase = Boolean(process.env.DATABASE_URL);
const hex = (bytes: number) => crypto.randomBytes(bytes).toString("hex");
const call = (onceKey: string | null): ChangeContext => ({ source: "sdk", onceKey });
const event = (guid: string, context: ChangeContext): DomainRecord => ({
  kind: "event",
  target: { by: "device", guid },
  name: "Once",
  data: {},
  at: new Date(),
  context,
});
const increment = (guid: string, context: ChangeContext): DomainRecord => ({
  kind: "profile",
  target: { by: "device", guid },
  data: { Points: { $incr: 1 } },
  at: new Date(),
  context,
});
const state = async (guid: string) => {
  const { rows } = await pool().query<{ events: number; points: number | null }>(
    `SELECT (SELECT count(*)::int FROM event WHERE device_guid = $1 AND name = 'Once') AS events,
            (SELECT (p.properties ->> 'Points')::int FROM device d JOIN profile p ON p.id = d.profile_id WHERE d.guid = $1) AS points`,
    [guid],
  );
  return rows[0];
};

describe("a call is applied once per key", { skip: !hasDatabase && "needs DATABASE_URL (npm test)" }, () => {
  after(() => closePools());

  it("a replayed call writes nothing, whichever path it takes, and is answered with its device's profile", async () => {
    const guid = hex(16);
    const first = call(hex(16));
    // First call of a new device: the transaction path.
    const [created] = await applyRecords({ accountId: ACCOUNT, records: [event(guid, first)], context: first });
    assert.ok(created.ok);
    // Its replay: the device is known now, so the fast path (one statement).
    const [replayed] = await applyRecords({ accountId: ACCOUNT, records: [event(guid, call(first.onceKey!))], context: first });
    assert.ok(replayed.ok && replayed.profileId === created.profileId);
    // A profile change twice: the transaction path both times.
    const push = call(hex(16));
    for (let n = 0; n < 2; n++) await applyRecords({ accountId: ACCOUNT, records: [increment(guid, push)], context: push });
    assert.deepEqual(await state(guid), { events: 1, points: 1 });
    // No key: never a replay.
    for (let n = 0; n < 2; n++) await applyRecords({ accountId: ACCOUNT, records: [event(guid, call(null))], context: call(null) });
    assert.deepEqual(await state(guid), { events: 3, points: 1 });
  });

  it("two calls with one key in the same batch: the first is written, the other answered", async () => {
    const guid = hex(16);
    await applyRecords({ accountId: ACCOUNT, records: [event(guid, call(null))], context: call(null) });
    const key = hex(16);
    const [a, b] = [call(key), call(key)];
    const fast = await applyRecords({ accountId: ACCOUNT, records: [event(guid, a), event(guid, b)], context: a });
    assert.deepEqual(
      fast.map((o) => o.ok),
      [true, true],
    );
    const key2 = hex(16);
    const [c, d] = [call(key2), call(key2)];
    const slow = await applyRecords({ accountId: ACCOUNT, records: [increment(guid, c), event(guid, c), increment(guid, d)], context: c });
    assert.deepEqual(
      slow.map((o) => o.ok),
      [true, true, true],
    );
    assert.deepEqual(await state(guid), { events: 3, points: 1 });
  });

  it("keys older than seven days are pruned, newer ones kept", async () => {
    const [old, recent] = [hex(16), hex(16)];
    await pool().query(
      `INSERT INTO request_key (key, claimed_at) VALUES (decode($1, 'hex'), now() - interval '8 days'), (decode($2, 'hex'), now())`,
      [old, recent],
    );
    assert.ok((await pruneRequestKeys(enginePool())) >= 1);
    const { rows } = await pool().query<{ key: string }>(
      "SELECT encode(key, 'hex') AS key FROM request_key WHERE key IN (decode($1, 'hex'), decode($2, 'hex'))",
      [old, recent],
    );
    assert.deepEqual(
      rows.map((row) => row.key),
      [recent],
    );
  });
});
