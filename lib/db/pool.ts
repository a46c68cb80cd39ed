// The PostgreSQL pools of the process: one for reads (the dashboard's queries; the Prisma client in ./prisma.ts
// shares it), one for the profile engine's writes (row locks, multi-row writes), which differ in how they are planned.
import pg from "pg";
import { env } from "../env";
import { logger } from "../observability/logger";

// BIGINT ids come back as strings by default; profile ids stay far below 2^53, so read them as numbers.
pg.types.setTypeParser(20, (value) => Number(value));
// Prisma's DateTime columns are `timestamp` without zone, holding UTC: read them as UTC whatever the process TZ…
pg.types.setTypeParser(1114, (value) => new Date(`${value.replace(" ", "T")}Z`));

const globalForPool = globalThis as unknown as { tapestryPool?: pg.Pool; tapestryEnginePool?: pg.Pool; tapestryDashboardPool?: pg.Pool };

/** Every pool: a bounded wait for a connection, and a statement timeout of its own (no query holds a connection, a
 * row lock or a core for ever). A statement stopped by its timeout fails with code 57014 (see isOverloadError). */
function createPool(options: { size: number; statementTimeoutMs: number; settings?: string }): pg.Pool {
  const { DATABASE_URL, TAPESTRY_DB_CONNECT_TIMEOUT_MS } = env();
  if (!DATABASE_URL) throw new Error("DATABASE_URL is not set (npm start sets it for the embedded database)");
  // …and write them as UTC whatever the server's TimeZone.
  const created = new pg.Pool({
    connectionString: DATABASE_URL,
    max: options.size,
    connectionTimeoutMillis: TAPESTRY_DB_CONNECT_TIMEOUT_MS,
    options: `-c TimeZone=UTC -c statement_timeout=${options.statementTimeoutMs} ${options.settings ?? ""}`.trim(),
  });
  // An idle connection dropped by the server (restart, shutdown) must not crash the process; the pool reconnects.
  created.on("error", (error) => logger().warn({ err: { message: error.message } }, "idle database connection closed"));
  return created;
}

/** Reads of the APIs and the auth library: credentials, Prisma, profile.json. PostgreSQL plans each call with its
 * parameters. */
export function pool(): pg.Pool {
  const { TAPESTRY_DB_POOL_SIZE, TAPESTRY_READ_STATEMENT_TIMEOUT_MS } = env();
  globalForPool.tapestryPool ??= createPool({ size: TAPESTRY_DB_POOL_SIZE, statementTimeoutMs: TAPESTRY_READ_STATEMENT_TIMEOUT_MS });
  return globalForPool.tapestryPool;
}

/**
 * The dashboard's list, counts, exports, overview and profile pages: a small pool of their own with a shorter
 * statement timeout, so a viewer's unindexed filter or sort cannot take the connections credential checks and writes
 * need. No parallel workers: its reads are bounded (a page, an index range, a fixed sample), and a parallel plan
 * repeats a sample scan in every worker (a lifetime-value count at a million profiles: 98 → 41 ms) while taking the
 * cores other viewers' requests need. Random reads priced as on SSD or cache (1.1, PostgreSQL's default 4 is for
 * spinning disks): at 4, "Charged ≥ 2 in 30 days and Country = Portugal" read 85,000 Portuguese profiles' pages to
 * join them (560 ms) instead of looking up its 16,000 buyers (57 ms).
 */
export function dashboardPool(): pg.Pool {
  const { TAPESTRY_DASHBOARD_POOL_SIZE, TAPESTRY_DASHBOARD_STATEMENT_TIMEOUT_MS } = env();
  globalForPool.tapestryDashboardPool ??= createPool({
    size: TAPESTRY_DASHBOARD_POOL_SIZE,
    statementTimeoutMs: TAPESTRY_DASHBOARD_STATEMENT_TIMEOUT_MS,
    settings: "-c max_parallel_workers_per_gather=0 -c random_page_cost=1.1",
  });
  return globalForPool.tapestryDashboardPool;
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
  const { TAPESTRY_DB_POOL_SIZE, TAPESTRY_ENGINE_STATEMENT_TIMEOUT_MS } = env();
  globalForPool.tapestryEnginePool ??= createPool({
    size: TAPESTRY_DB_POOL_SIZE,
    statementTimeoutMs: TAPESTRY_ENGINE_STATEMENT_TIMEOUT_MS,
    settings: "-c plan_cache_mode=force_generic_plan -c enable_seqscan=off",
  });
  return globalForPool.tapestryEnginePool;
}

/** One connection without a statement timeout, for work at start that may take minutes on a large database (index
 * builds, CREATE INDEX CONCURRENTLY cannot run inside a pool's transaction either). */
export async function withMaintenanceClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const { DATABASE_URL } = env();
  const client = new pg.Client({ connectionString: DATABASE_URL, options: "-c TimeZone=UTC -c statement_timeout=0" });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A statement stopped by its timeout, or no connection within the connect timeout: the server is overloaded (or
 * the database unreachable), not the request wrong — callers answer "try again" (REST: 503 with Retry-After). */
export function isOverloadError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : "";
  return code === "57014" || /timeout exceeded when trying to connect|Connection terminated due to connection timeout/.test(message);
}

/** Connections of each pool opened so far: open, idle and callers waiting for one (for /metrics). */
export function poolUsage(): { name: string; total: number; idle: number; waiting: number }[] {
  const pools = [
    ["read", globalForPool.tapestryPool],
    ["engine", globalForPool.tapestryEnginePool],
    ["dashboard", globalForPool.tapestryDashboardPool],
  ] as const;
  return pools.flatMap(([name, p]) => (p ? [{ name, total: p.totalCount, idle: p.idleCount, waiting: p.waitingCount }] : []));
}

/** Closes the pools (at shutdown). */
export async function closePools(): Promise<void> {
  const pools = [globalForPool.tapestryPool, globalForPool.tapestryEnginePool, globalForPool.tapestryDashboardPool];
  globalForPool.tapestryPool = globalForPool.tapestryEnginePool = globalForPool.tapestryDashboardPool = undefined;
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
