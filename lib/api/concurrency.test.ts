// The per-account in-flight limit against the real database (npm test gives the unit tests one): held slots count
// whichever process holds them, concurrent takers never exceed the limit, and a dead process's slots free themselves.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, describe, it } from "node:test";
import { closePools, pool } from "../db/pool";
import { tryAcquire } from "./concurrency";

const hasDatabase = Boolean(process.env.DATABASE_URL);
const newAccount = () => `SLOTS-${crypto.randomBytes(4).toString("hex")}`;

/** Another process holding `count` of the account's slots, its leases ending in `seconds` (negative: already over). */
async function heldElsewhere(accountId: string, limit: number, count: number, seconds: number): Promise<void> {
  await pool().query("INSERT INTO api_slot (account_id, slot) SELECT $1, g FROM generate_series(0, $2 - 1) g ON CONFLICT DO NOTHING", [
    accountId,
    limit,
  ]);
  await pool().query(
    `UPDATE api_slot SET holder = 'other', process_id = 'other-process', expires_at = now() + make_interval(secs => $3)
      WHERE account_id = $1 AND slot < $2`,
    [accountId, count, seconds],
  );
}

describe("tryAcquire", { skip: !hasDatabase && "needs DATABASE_URL (npm test)" }, () => {
  after(async () => {
    await pool().query("DELETE FROM api_slot WHERE account_id LIKE 'SLOTS-%'");
    await closePools();
  });

  it("concurrent takers get exactly the limit; a freed slot is taken again", async () => {
    const account = newAccount();
    const taken = await Promise.all(Array.from({ length: 20 }, () => tryAcquire(account, 15)));
    const releases = taken.filter((release) => release !== null);
    assert.equal(releases.length, 15);
    assert.equal(await tryAcquire(account, 15), null);
    await releases[0]();
    const again = await tryAcquire(account, 15);
    assert.ok(again);
    await Promise.all([again(), ...releases.slice(1).map((release) => release())]);
    const { rows } = await pool().query("SELECT count(*)::int AS n FROM api_slot WHERE account_id = $1 AND holder IS NOT NULL", [account]);
    assert.equal(rows[0].n, 0);
  });

  it("slots held by another process count: 12 there, 3 here, the 16th is refused", async () => {
    const account = newAccount();
    await heldElsewhere(account, 15, 12, 30);
    const here = await Promise.all(Array.from({ length: 4 }, () => tryAcquire(account, 15)));
    assert.equal(here.filter((release) => release !== null).length, 3);
    await Promise.all(here.map((release) => release?.()));
  });

  it("the slots of a process that stopped renewing its leases free themselves", async () => {
    const account = newAccount();
    await heldElsewhere(account, 15, 15, -1);
    const here = await Promise.all(Array.from({ length: 15 }, () => tryAcquire(account, 15)));
    assert.equal(here.filter((release) => release !== null).length, 15);
    await Promise.all(here.map((release) => release?.()));
  });
});
