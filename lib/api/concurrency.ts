// CleverTap's limit: at most N requests in flight per account; the next one gets 429 at once (no queueing). The count
// is shared by every app process through PostgreSQL: a request takes a free row of api_slot (one short statement,
// SKIP LOCKED so that concurrent takers never wait on each other; an unlogged table, so no commit waits for a flush)
// and frees it when it ends. A process that dies
// holding slots loses them after LEASE (a request running longer than that no longer counts). A per-process count in
// front answers the obvious 429s without a round trip.
import crypto from "node:crypto";
import { pool } from "../db/pool";
import { errorFields, logger } from "../observability/logger";

const LEASE = "2 minutes";
const inFlight = new Map<string, number>();

const TAKE = `
  UPDATE api_slot s SET holder = $3, expires_at = now() + interval '${LEASE}'
    FROM (SELECT slot FROM api_slot
           WHERE account_id = $1 AND slot < $2 AND (holder IS NULL OR expires_at < now())
           ORDER BY slot LIMIT 1 FOR UPDATE SKIP LOCKED) free
   WHERE s.account_id = $1 AND s.slot = free.slot
  RETURNING s.slot`;
const MAKE = "INSERT INTO api_slot (account_id, slot) SELECT $1, g FROM generate_series(0, $2 - 1) g ON CONFLICT DO NOTHING";
const FREE = "UPDATE api_slot SET holder = NULL, expires_at = NULL WHERE account_id = $1 AND slot = $2 AND holder = $3";

function countLocally(accountId: string, delta: number): void {
  const next = (inFlight.get(accountId) ?? 0) + delta;
  if (next <= 0) inFlight.delete(accountId);
  else inFlight.set(accountId, next);
}

/** Takes one of the account's `limit` slots: a release function, or null when all are in use (answer 429). */
export async function tryAcquire(accountId: string, limit: number): Promise<(() => Promise<void>) | null> {
  if ((inFlight.get(accountId) ?? 0) >= limit) return null;
  countLocally(accountId, 1);
  try {
    const holder = crypto.randomUUID();
    let taken = await pool().query<{ slot: number }>(TAKE, [accountId, limit, holder]);
    if (taken.rowCount === 0) {
      // All in use, or not made yet: the account's first request, a raised limit, a database restarted after a crash
      // (the table is unlogged). Making them is a no-op when they exist; then one more try.
      await pool().query(MAKE, [accountId, limit]);
      taken = await pool().query<{ slot: number }>(TAKE, [accountId, limit, holder]);
    }
    if (taken.rowCount === 0) {
      countLocally(accountId, -1);
      return null;
    }
    const slot = taken.rows[0].slot;
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      countLocally(accountId, -1);
      // A failure here (database gone) leaves the slot to its lease.
      await pool()
        .query(FREE, [accountId, slot, holder])
        .catch((error: unknown) => logger().warn({ ...errorFields(error), accountId, slot }, "api slot not freed; its lease will"));
    };
  } catch (error) {
    countLocally(accountId, -1);
    throw error;
  }
}
