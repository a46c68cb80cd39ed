// Sort indexes on demand. Sorting the list by a custom property without an index reads every profile of the account
// (≈ 1 s at a million). The first such sort asks for the key's index (the same btree as a declared one,
// list-property-indexes.ts) and is answered the slow way meanwhile; the index is built in the background with
// CREATE INDEX CONCURRENTLY (the table stays writable) on a connection without a statement timeout, and every later
// sort by that key walks it. Each build is recorded in property_sort_index (key, index, state, when asked / built /
// last used), which also makes one process of several the builder, and bounds how many exist: every index on
// profile costs each profile write, so beyond TAPESTRY_SORT_INDEX_LIMIT keys the sort stays slow (an administrator
// declares the keys that matter in TAPESTRY_INDEXED_PROPERTIES, or drops unused rows to free a place).
import type pg from "pg";
import { withMaintenanceClient } from "../db/pool";
import { logger } from "../observability/logger";
import { isPropertyIndexKey, propertyIndexName, propertyIndexSql } from "./list-property-indexes";

export type SortIndexRequest = "ready" | "building" | "started" | "failed" | "limit" | "invalid";

/** Keys whose index this process saw ready (a sort by them needs no further look-up). */
const ready = new Set<string>();
/** Requests and builds running in this process, so a test or the benchmark can wait for them. */
const running = new Set<Promise<unknown>>();
const track = <T>(job: Promise<T>): Promise<T> => {
  running.add(job);
  job.finally(() => running.delete(job)).catch(() => undefined);
  return job;
};

/** Drops this process's memory of ready indexes (tests that drop them behind its back). */
export const forgetSortIndexes = () => ready.clear();

/** Resolves when the requests and builds this process started have ended. */
export async function sortIndexBuilds(): Promise<void> {
  while (running.size > 0) await Promise.allSettled([...running]);
}

async function build(key: string, name: string): Promise<void> {
  try {
    await withMaintenanceClient(async (client) => {
      // An interrupted earlier build leaves an invalid index of that name behind: replace it.
      const { rows } = await client.query<{ valid: boolean }>(
        "SELECT i.indisvalid AS valid FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid WHERE c.relname = $1",
        [name],
      );
      if (rows[0] && !rows[0].valid) await client.query(`DROP INDEX CONCURRENTLY IF EXISTS "${name}"`);
      await client.query(propertyIndexSql(key));
      await client.query("ANALYZE profile");
    });
    await withMaintenanceClient((client) =>
      client.query("UPDATE property_sort_index SET state = 'ready', ready_at = now(), error = NULL WHERE key = $1", [key]),
    );
    ready.add(key);
  } catch (error) {
    const message = (error as Error).message;
    logger().warn({ key, err: { message } }, "sort index build failed");
    await withMaintenanceClient((client) =>
      client.query("UPDATE property_sort_index SET state = 'failed', error = $2 WHERE key = $1", [key, message.slice(0, 500)]),
    ).catch(() => undefined);
  }
}

/**
 * Asks for the sort index of a custom property key; never waits for the build. "ready": the index exists (the sort
 * walks it); "started": this call claimed the build; "building": another call did; "failed": its build failed less
 * than a day ago; "limit": TAPESTRY_SORT_INDEX_LIMIT indexes exist already; "invalid": not a key an index can be made for.
 */
export function requestSortIndex(db: Pick<pg.Pool, "connect">, key: string, limit: number): Promise<SortIndexRequest> {
  return track(claim(db, key, limit));
}

async function claim(db: Pick<pg.Pool, "connect">, key: string, limit: number): Promise<SortIndexRequest> {
  if (!isPropertyIndexKey(key)) return "invalid";
  if (ready.has(key)) return "ready";
  const name = propertyIndexName(key);
  // The claim: under a transaction-scoped advisory lock (read committed: the statements after it see every claim
  // committed before), so two callers cannot both pass the bound or both build one key. A failed build may retry a day later.
  const client = await db.connect();
  let outcome: SortIndexRequest;
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock(hashtext('property_sort_index'))");
    const { rows } = await client.query<{ state: string; stale: boolean; used: number }>(
      `SELECT s.state, s.requested_at < now() - interval '1 day' AS stale,
              (SELECT count(*)::int FROM property_sort_index WHERE state <> 'failed') AS used
         FROM (SELECT 1) one LEFT JOIN property_sort_index s ON s.key = $1`,
      [key],
    );
    const { state, stale, used } = rows[0];
    // A build still "building" a day later died with its process: it is claimed again, as a failed one is.
    if (state === "ready") {
      await client.query("UPDATE property_sort_index SET last_used_at = now() WHERE key = $1", [key]);
      outcome = "ready";
    } else if (state === "building" && !stale) outcome = "building";
    else if (state === "failed" && !stale) outcome = "failed";
    else if (used - (state === "building" ? 1 : 0) >= limit) outcome = "limit";
    else {
      await client.query(
        `INSERT INTO property_sort_index (key, index_name, state) VALUES ($1, $2, 'building')
         ON CONFLICT (key) DO UPDATE SET state = 'building', requested_at = now(), error = NULL`,
        [key, name],
      );
      outcome = "started";
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  if (outcome === "ready") ready.add(key);
  if (outcome === "started") void track(build(key, name));
  return outcome;
}
