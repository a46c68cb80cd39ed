// The one PostgreSQL pool of the process. The profile engine writes through it with SQL (row locks, multi-row
// writes); the Prisma client in ./prisma.ts shares it for typed reads.
import pg from "pg";
import { env } from "../env";

// BIGINT ids come back as strings by default; profile ids stay far below 2^53, so read them as numbers.
pg.types.setTypeParser(20, (value) => Number(value));
// Prisma's DateTime columns are `timestamp` without zone, holding UTC: read them as UTC whatever the process TZ…
pg.types.setTypeParser(1114, (value) => new Date(`${value.replace(" ", "T")}Z`));

const globalForPool = globalThis as unknown as { tapestryPool?: pg.Pool };

export function pool(): pg.Pool {
  if (!globalForPool.tapestryPool) {
    const { DATABASE_URL, TAPESTRY_DB_POOL_SIZE } = env();
    if (!DATABASE_URL) throw new Error("DATABASE_URL is not set (npm start sets it for the embedded database)");
    // …and write them as UTC whatever the server's TimeZone. Generic plans: the engine's named statements (see
    // profile-store's run) would otherwise be re-planned on every call, as PostgreSQL cannot tell how many rows their
    // JSON recordsets hold; planning the batch write cost more than running it. Unnamed statements (Prisma, the
    // dashboard's queries) are planned per call whatever this says.
    const created = new pg.Pool({ connectionString: DATABASE_URL, max: TAPESTRY_DB_POOL_SIZE, options: "-c TimeZone=UTC -c plan_cache_mode=force_generic_plan" });
    // An idle connection dropped by the server (restart, shutdown) must not crash the process; the pool reconnects.
    created.on("error", (error) => console.warn(`[db] idle connection closed: ${error.message}`));
    globalForPool.tapestryPool = created;
  }
  return globalForPool.tapestryPool;
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
    const client = await pool().connect();
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
