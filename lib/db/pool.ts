// The PostgreSQL pools of the process: one for reads (the dashboard's queries; the Prisma client in ./prisma.ts
// shares it), one for the profile engine's writes (row locks, multi-row writes), which differ in how they are planned.
import pg from "pg";
import { env } from "../env";
import { logger } from "../observability/logger";

// BIGINT ids come back as strings by default; profile ids stay far below 2^53, so read them as numbers.
pg.types.setTypeParser(20, (value) => Number(value));
// Prisma's DateTime columns are `timestamp` without zone, holding UTC: read them as UTC whatever the process TZ…
pg.types.setTypeParser(1114, (value) => new Date(`${value.replace(" ", "T")}Z`));

const globalForPool = globalThis as unknown as { tapestryPool?: pg.Pool; tapestryEnginePool?: pg.Pool };

function createPool(settings: string): pg.Pool {
  const { DATABASE_URL, TAPESTRY_DB_POOL_SIZE } = env();
  if (!DATABASE_URL) throw new Error("DATABASE_URL is not set (npm start sets it for the embedded database)");
  // …and write them as UTC whatever the server's TimeZone.
  const created = new pg.Pool({
    connectionString: DATABASE_URL,
    max: TAPESTRY_DB_POOL_SIZE,
    options: `-c TimeZone=UTC ${settings}`.trim(),
  });
  // An idle connection dropped by the server (restart, shutdown) must not crash the process; the pool reconnects.
  created.on("error", (error) => logger().warn({ err: { message: error.message } }, "idle database connection closed"));
  return created;
}

/** Reads: the dashboard's queries, Prisma, credentials. PostgreSQL plans each call with its parameters (a search
 * prefix or a sort key decides which index a list query can use). */
export function pool(): pg.Pool {
  globalForPool.tapestryPool ??= createPool("");
  return globalForPool.tapestryPool;
}

/**
 * The profile engine's writes (withTransaction, recordDeviceActivity). Generic plans: its named statements (see
 * profile-store's run) would otherwise be re-planned on every call, as PostgreSQL cannot tell how many rows their
 * JSON recordsets hold; planning the batch write cost more than running it. A generic plan is made once per
 * connection, maybe while a table is still empty, and kept as the table grows until the next ANALYZE: sequential
 * scans are ruled out (every engine statement finds its rows by key), or a bulk import into a new install would scan
 * its growing identity table on every batch. Both settings hold for a whole connection, hence a pool of its own:
 * on the read pool they made list searches scan.
 */
export function enginePool(): pg.Pool {
  globalForPool.tapestryEnginePool ??= createPool("-c plan_cache_mode=force_generic_plan -c enable_seqscan=off");
  return globalForPool.tapestryEnginePool;
}

/** Connections of each pool opened so far: open, idle and callers waiting for one (for /metrics). */
export function poolUsage(): { name: string; total: number; idle: number; waiting: number }[] {
  const pools = [
    ["read", globalForPool.tapestryPool],
    ["engine", globalForPool.tapestryEnginePool],
  ] as const;
  return pools.flatMap(([name, p]) => (p ? [{ name, total: p.totalCount, idle: p.idleCount, waiting: p.waitingCount }] : []));
}

/** Closes both pools (at shutdown). */
export async function closePools(): Promise<void> {
  const pools = [globalForPool.tapestryPool, globalForPool.tapestryEnginePool];
  globalForPool.tapestryPool = globalForPool.tapestryEnginePool = undefined;
  await Promise.all(pools.map((p) => p?.end()));
}

export type Tx = pg.PoolClient;

const MAX_ATTEMPTS = 10;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A deadlock, a serialization failure or a race lost to another request (see profile-store's conflict()). */
const isRetryable = (error: unknown) => {
  const code = (error as { code?: string }).code;
  return code === "40P01" || code === "40001";
};

/** Runs fn again (with a short random pause) when it fails on a deadlock, a serialization failure or a lost race:
 * fn must be atomic — one statement, or one transaction (withTransaction). */
export async function withRetry<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!isRetryable(error) || attempt >= MAX_ATTEMPTS) throw error;
      await pause(Math.random() * 10 * attempt);
    }
  }
}

/** Runs fn in one transaction; retries (with a short random pause) on deadlock, serialization failure or a lost race. */
export function withTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withRetry(async () => {
    const client = await enginePool().connect();
    try {
      await client.query("BEGIN");
      const result = await fn(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  });
}
