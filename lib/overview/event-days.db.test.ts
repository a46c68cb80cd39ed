// The overview's daily rollups (event-days.ts) against a real PostgreSQL: a closed day is stored once and read back
// as the events say; a late event, a merge's move and an erasure make the day roll up again; a day a writer is
// changing (its shared lock held) is answered from the events and not stored.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, describe, it } from "node:test";
import { closePools, pool } from "../db/pool";
import { eraseProfiles } from "../dsr/erase-profiles";
import { applyRecords } from "../profiles/apply-records";
import type { DomainRecord } from "../profiles/records";
import { eventDays } from "./event-days";

const ACCOUNT = `ED-${crypto.randomUUID().slice(0, 8)}`;
const NOW = new Date();
const DAY = 86_400_000;
const dayOf = (daysAgo: number) => new Date(NOW.getTime() - daysAgo * DAY).toISOString().slice(0, 10);
const at = (daysAgo: number) => new Date(Date.parse(`${dayOf(daysAgo)}T12:00:00Z`));
const DAYS = [dayOf(3), dayOf(2), dayOf(1), dayOf(0)];
const ada = { by: "identity", value: `ada-${ACCOUNT}` } as const;
const bob = { by: "identity", value: `bob-${ACCOUNT}` } as const;

after(() => closePools());

const event = (target: DomainRecord["target"], name: string, daysAgo: number, data: Record<string, unknown> = {}): DomainRecord => ({
  kind: "event",
  target,
  name,
  data,
  at: at(daysAgo),
});
const write = async (records: DomainRecord[]) => {
  const outcomes = await applyRecords({ accountId: ACCOUNT, records, context: { source: "api" } });
  assert.ok(outcomes.every((o) => o.ok));
};
const done = async () =>
  (
    await pool().query<{ day: string }>("SELECT to_char(day, 'YYYY-MM-DD') AS day FROM event_day_done WHERE account_id = $1 ORDER BY 1", [
      ACCOUNT,
    ])
  ).rows.map((r) => r.day);
/** "day name events/profiles/revenue" lines, sorted. */
const read = async () =>
  (await eventDays(pool(), ACCOUNT, DAYS, NOW)).map((r) => `${r.day} ${r.name} ${r.events}/${r.profiles}/${r.revenue}`).sort();

describe("overview rollups (event_day)", () => {
  it("stores closed days once, counts today live, and rolls a day up again when its events change", async () => {
    await write([
      event(ada, "Charged", 3, { Amount: 10 }),
      event(ada, "Charged", 3, { Amount: 5.5 }),
      event(bob, "Charged", 3, { Amount: 1 }),
      event(ada, "Page Viewed", 2),
      event(bob, "Page Viewed", 0),
    ]);
    const expected = [
      `${dayOf(0)} Page Viewed 1/1/0`,
      `${dayOf(2)} Page Viewed 1/1/0`,
      `${dayOf(3)} Charged 3/2/16.5`,
      `${dayOf(3)} Page Viewed 0/0/0`,
    ]
      .filter((line) => !line.endsWith(" 0/0/0"))
      .sort();
    assert.deepEqual(await read(), expected);
    assert.deepEqual(await done(), [dayOf(3), dayOf(2), dayOf(1)].sort(), "closed days stored, today not");
    // Read again: the stored rows, the same answer.
    assert.deepEqual(await read(), expected);

    // A late event of a closed day (an upload of the past) forgets that day only.
    await write([event(bob, "Charged", 2, { Amount: 4 })]);
    assert.deepEqual(await done(), [dayOf(3), dayOf(1)].sort());
    assert.ok((await read()).includes(`${dayOf(2)} Charged 1/1/4`));
    assert.equal((await done()).length, 3);

    // Erasure deletes events: their days roll up again without them.
    const bobId = Number(
      (
        await pool().query<{ profile_id: string }>("SELECT profile_id FROM profile_identity WHERE account_id = $1 AND value = $2", [
          ACCOUNT,
          bob.value,
        ])
      ).rows[0].profile_id,
    );
    await eraseProfiles({ accountId: ACCOUNT, lookups: [{ profileId: bobId }], context: { source: "api" } });
    assert.deepEqual(await done(), [dayOf(1)], "the erased profile's days are forgotten");
    assert.deepEqual(await read(), [`${dayOf(2)} Page Viewed 1/1/0`, `${dayOf(3)} Charged 2/1/15.5`].sort());
  });

  it("a day whose events a writer is changing is counted from the events and not stored", async () => {
    await pool().query("DELETE FROM event_day_done WHERE account_id = $1 AND day = $2::date", [ACCOUNT, dayOf(2)]);
    const writer = await pool().connect();
    try {
      await writer.query("BEGIN");
      const profile = (await writer.query<{ id: string }>("SELECT id FROM profile WHERE account_id = $1 LIMIT 1", [ACCOUNT])).rows[0].id;
      await writer.query(
        "INSERT INTO event (account_id, profile_id, name, properties, ts, source) VALUES ($1, $2, 'Late', '{}', $3::timestamp, 'api')",
        [ACCOUNT, profile, `${dayOf(2)}T08:00:00`],
      );
      const answer = await read();
      assert.ok(!answer.some((line) => line.includes(" Late ")), "the uncommitted event is not counted");
      assert.ok(!(await done()).includes(dayOf(2)), "nor is the day stored while the writer holds it");
      await writer.query("COMMIT");
    } finally {
      writer.release();
    }
    assert.ok((await read()).includes(`${dayOf(2)} Late 1/1/0`));
    assert.ok((await done()).includes(dayOf(2)));
  });
});
