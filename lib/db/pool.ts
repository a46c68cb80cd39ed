// The one PostgreSQL pool of the process. The profile engine writes through it with SQL (row locks, multi-row
// writes); the Prisma client in ./prisma.ts shares it for typed reads.
import pg from "pg";
import { env } from "../env";

// BIGINT ids come back as strings by default; profile ids stay far below 2^53, so read them as numbers.
pg.types.setTypeParser(20, (value) => Number(value));

const globalForPool = globalThis as unknown as { tapestryPool?: pg.Pool };

export function pool(): pg.Pool {
  if (!globalForPool.tapestryPool) {
    const { DATABASE_URL, TAPESTRY_DB_POOL_SIZE } = env();
    if (!DATABASE_URL) throw new Error("DATABASE_URL is not set (npm start sets it for the embedded database)");
    globalForPool.tapestryPool = new pg.Pool({ connectionString: DATABASE_URL, max: TAPESTRY_DB_POOL_SIZE });
  }
  return globalForPool.tapestryPool;
}

export type Tx = pg.PoolClient;

/** Runs fn in one transaction; retries a few times on deadlock or serialization failure. */
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
      if ((code === "40P01" || code === "40001") && attempt < 4) continue;
      throw error;
    } finally {
      client.release();
    }
  }
}
