// CleverTap's limit: at most N REST requests in flight per account; the next one gets 429 at once (no queueing). The
// count is shared by every app process through PostgreSQL, as leases on the account's N rows of api_slot:
//   - take: one statement marks a free row as held by this request (FOR UPDATE SKIP LOCKED: concurrent takers never
//     wait for each other, each locks a different row; a row being taken right now counts as held);
//   - free: one statement when the request ends, awaited before the answer leaves, so a client's next request finds
//     its slot free;
//   - a lease lasts LEASE_SECONDS and every process renews the leases it holds every RENEW_MS, so a request may run
//     as long as it needs, and the slots of a process that died (kill -9, out of memory) free themselves within
//     LEASE_SECONDS.
// api_slot is UNLOGGED: taking and freeing write no WAL, so they never wait for a disk flush, and after a database
// crash it comes back empty, which is right (no request survived it). Rows only (no advisory locks, no session
// state): it works through PgBouncer in transaction mode. A per-process count in front answers the obvious 429s
// without a round trip.
import crypto from "node:crypto";
import { pool } from "../db/pool";
import { errorFields, logger } from "../observability/logger";

const LEASE_SECONDS = 30;
const RENEW_MS = 10_000;

type Held = { process: string; local: Map<string, number>; holders: number; renewal?: NodeJS.Timeout };
// On globalThis: one process, one identity, whatever copies of this module Next's bundles hold.
const globalForSlots = globalThis as unknown as { tapestryApiSlots?: Held };
globalForSlots.tapestryApiSlots ??= { process: crypto.randomUUID(), local: new Map(), holders: 0 };
const held = globalForSlots.tapestryApiSlots;

const TAKE = `
  UPDATE api_slot SET holder = $3, process_id = $4, expires_at = now() + make_interval(secs => ${LEASE_SECONDS})
   WHERE account_id = $1
     AND slot = (SELECT slot FROM api_slot
                  WHERE account_id = $1 AND slot < $2 AND (holder IS NULL OR expires_at < now())
                  ORDER BY slot LIMIT 1 FOR UPDATE SKIP LOCKED)
  RETURNING slot`;
const MAKE = "INSERT INTO api_slot (account_id, slot) SELECT $1, g FROM generate_series(0, $2 - 1) g ON CONFLICT DO NOTHING";
const COUNT = "SELECT count(*)::int AS n FROM api_slot WHERE account_id = $1 AND slot < $2";
const FREE = `UPDATE api_slot SET holder = NULL, process_id = NULL, expires_at = NULL
                WHERE account_id = $1 AND slot = $2 AND holder = $3`;
const RENEW = `UPDATE api_slot SET expires_at = now() + make_interval(secs => ${LEASE_SECONDS})
                WHERE process_id = $1 AND holder IS NOT NULL`;

function countLocally(accountId: string, delta: number): void {
  const next = (held.local.get(accountId) ?? 0) + delta;
  if (next <= 0) held.local.delete(accountId);
  else held.local.set(accountId, next);
  held.holders += delta;
  // Renew this process's leases while it holds any.
  if (held.holders > 0 && !held.renewal) {
    held.renewal = setInterval(() => {
      pool()
        .query(RENEW, [held.process])
        .catch((error: unknown) => logger().warn(errorFields(error), "api slot leases not renewed"));
    }, RENEW_MS);
    held.renewal.unref();
  } else if (held.holders === 0 && held.renewal) {
    clearInterval(held.renewal);
    held.renewal = undefined;
  }
}

async function take(accountId: string, limit: number, holder: string): Promise<number | null> {
  const taken = await pool().query<{ slot: number }>(TAKE, [accountId, limit, holder, held.process]);
  return taken.rows[0]?.slot ?? null;
}

/** Takes one of the account's `limit` slots: a release function (await it before answering), or null when all are
 * in use (answer 429). */
export async function tryAcquire(accountId: string, limit: number): Promise<(() => Promise<void>) | null> {
  if ((held.local.get(accountId) ?? 0) >= limit) return null;
  countLocally(accountId, 1);
  try {
    const holder = crypto.randomUUID();
    let slot = await take(accountId, limit, holder);
    // None free, or fewer rows than the limit: the account's first request, a raised limit, or a database that
    // crashed (the table is unlogged). Made once (maybe by a concurrent request meanwhile); then one more try.
    if (slot === null) {
      if ((await pool().query<{ n: number }>(COUNT, [accountId, limit])).rows[0].n < limit) await pool().query(MAKE, [accountId, limit]);
      slot = await take(accountId, limit, holder);
    }
    if (slot === null) {
      countLocally(accountId, -1);
      return null;
    }
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      countLocally(accountId, -1);
      // A failure here (database gone) leaves the slot to its lease, which this process no longer renews.
      await pool()
        .query(FREE, [accountId, slot, holder])
        .catch((error: unknown) => logger().warn({ ...errorFields(error), accountId, slot }, "api slot not freed; its lease will be"));
    };
  } catch (error) {
    countLocally(accountId, -1);
    throw error;
  }
}
