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
    // …and write them as UTC whatever the server's TimeZone.
    const created = new pg.Pool({ connectionString: DATABASE_URL, max: TAPESTRY_DB_POOL_SIZE, options: "-c TimeZone=UTC" });
    // An idle connection dropped by the server (restart, shutdown) must not crash the process; the pool reconnects.
    created.on("error", (error) => console.warn(`[db] idle connection closed: ${error.message}`));
    globalForPool.tapestryPool = created;
  }
  return globalForPool.tapestryPool;
}

export type Tx = pg.PoolClient;

const MAX_ATTEMPTS = 10;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs fn in one transaction; retries (with a short random pause) on deadlock, serialization failure or a lost race. */
export async function withTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool().connect();
    try {
      await client.query("BEGIN");
      const result = await fn(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      const code = (error as { code?: string }).code;
      if ((code === "40P01" || code === "40001") && attempt < MAX_ATTEMPTS) {
        await pause(Math.random() * 10 * attempt);
        continue;
      }
      throw error;
    } finally {
      client.release();
    }
  }
}
