// profile_purchase, the per-profile purchase totals kept by the event table's triggers, against a real PostgreSQL:
// after every path that writes, moves or deletes events (ingest, concurrent ingest, a staff merge and its undo, a
// raw delete, erasure) the totals equal what the profile's Charged events add up to.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, describe, it } from "node:test";
import { closePools, pool } from "../db/pool";
import { eraseProfiles } from "../dsr/erase-profiles";
import { applyRecords } from "../profiles/apply-records";
import { mergeProfiles } from "../profiles/merge-profiles";
import type { DomainRecord } from "../profiles/records";
import { undoJournalEntry } from "../profiles/undo-journal-entry";

const ACCOUNT = `PP-${crypto.randomUUID().slice(0, 8)}`;
const staff = {
  actor: { id: "staff-1", email: "editor@staff.test", ip: "10.0.0.9", requestId: crypto.randomUUID() },
  reason: "same person",
};
const guid = () => crypto.randomBytes(16).toString("hex");

after(() => closePools());

const charged = (device: string, amount: unknown): DomainRecord => ({
  kind: "event",
  target: { by: "device", guid: device },
  name: "Charged",
  data: { Amount: amount, Items: [{ Product: "Tee" }] },
  at: new Date(),
});

async function person(name: string, amounts: unknown[]) {
  const device = guid();
  const identity = `${name}-${crypto.randomBytes(4).toString("hex")}`;
  const outcomes = await applyRecords({
    accountId: ACCOUNT,
    records: [
      { kind: "profile", target: { by: "device", guid: device }, data: { Identity: identity, Name: name }, at: new Date() },
      ...amounts.map((a) => charged(device, a)),
      { kind: "event", target: { by: "device", guid: device }, name: "Page Viewed", data: { URL: "/" }, at: new Date() },
    ],
    context: { source: "api" },
  });
  assert.ok(outcomes.every((o) => o.ok));
  const id = Number(
    (await pool().query<{ profile_id: number }>("SELECT profile_id FROM device WHERE guid = $1", [device])).rows[0].profile_id,
  );
  return { id, device };
}

/** The stored totals and the totals recomputed from the events (by the query engine's Amount rule), per profile. */
async function totals(ids: number[]) {
  const stored = await pool().query<{ id: number; purchases: string; revenue: string }>(
    "SELECT profile_id AS id, purchases::text, revenue::text FROM profile_purchase WHERE profile_id = ANY($1::bigint[]) ORDER BY 1",
    [ids],
  );
  const fromEvents = await pool().query<{ id: number; purchases: string; revenue: string }>(
    `SELECT profile_id AS id, count(*)::text AS purchases,
            coalesce(sum(CASE WHEN jsonb_typeof(properties -> 'Amount') = 'number' THEN (properties -> 'Amount')::numeric END), 0)::text
              AS revenue
       FROM event WHERE profile_id = ANY($1::bigint[]) AND name = 'Charged' GROUP BY 1 ORDER BY 1`,
    [ids],
  );
  const shape = (rows: { id: number; purchases: string; revenue: string }[]) =>
    rows.map((r) => [Number(r.id), Number(r.purchases), Number(r.revenue)]);
  assert.deepEqual(shape(stored.rows), shape(fromEvents.rows), "profile_purchase matches the Charged events");
  return Object.fromEntries(shape(stored.rows).map(([id, n, sum]) => [id, { n, sum }]));
}

describe("profile_purchase (per-profile purchase totals)", () => {
  it("counts every Charged event and sums its numeric Amount; other events and other Amounts add nothing", async () => {
    const ada = await person("ada", [30, 12.35, "12"]);
    const cy = await person("cy", []);
    assert.deepEqual(await totals([ada.id, cy.id]), { [ada.id]: { n: 3, sum: 42.35 } });
    // Through the SDK's path for a known device too (the activity fast path), and many at once on one profile.
    await Promise.all(
      Array.from({ length: 8 }, () => applyRecords({ accountId: ACCOUNT, records: [charged(ada.device, 1)], context: { source: "sdk" } })),
    );
    assert.deepEqual(await totals([ada.id]), { [ada.id]: { n: 11, sum: 50.35 } });
  });

  it("a merge moves the totals with the events, its undo moves them back, a delete subtracts, erasure removes", async () => {
    const alice = await person("alice", [100, 20]);
    const other = await person("other", [5.5]);
    await totals([alice.id, other.id]);
    assert.deepEqual(await mergeProfiles({ profileId: alice.id, otherProfileId: other.id, staff }), { ok: true, profileId: alice.id });
    assert.deepEqual(await totals([alice.id, other.id]), { [alice.id]: { n: 3, sum: 125.5 } });
    const head = await pool().query<{ id: string }>(
      "SELECT id::text FROM profile_merge WHERE profile_id = $1 AND action = 'merge' ORDER BY id DESC LIMIT 1",
      [alice.id],
    );
    const undone = await undoJournalEntry({ profileId: alice.id, mergeId: Number(head.rows[0].id), staff });
    assert.equal(undone.ok, true);
    assert.deepEqual(await totals([alice.id, other.id]), { [alice.id]: { n: 2, sum: 120 }, [other.id]: { n: 1, sum: 5.5 } });

    await pool().query("DELETE FROM event WHERE profile_id = $1 AND name = 'Charged' AND properties -> 'Amount' = '20'", [alice.id]);
    assert.deepEqual(await totals([alice.id]), { [alice.id]: { n: 1, sum: 100 } });
    await pool().query("DELETE FROM event WHERE profile_id = $1 AND name = 'Charged'", [other.id]);
    assert.deepEqual(await totals([other.id]), {}, "no row once the last purchase is gone");

    await eraseProfiles({ accountId: ACCOUNT, lookups: [{ profileId: alice.id }], context: { source: "api" } });
    assert.deepEqual(await totals([alice.id]), {});
  });
});
