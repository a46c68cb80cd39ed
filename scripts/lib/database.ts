// Decides the database for a script: DATABASE_URL when set, else the embedded PostgreSQL under .data/.
// Applies migrations either way, and turns connection failures into one readable line.
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../../lib/db/embedded-postgres";
import { applyMigrations } from "../../lib/db/migrate";
import { env, setDatabaseUrl } from "../../lib/env";

export type Database = { url: string; embedded: boolean; describe: string; stop: () => Promise<void> };

function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return "(unparsable DATABASE_URL)";
  }
}

async function checkReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    const reason = (error as { code?: string; message?: string }).code ?? (error as Error).message;
    throw new Error(
      `Cannot reach PostgreSQL at ${describeUrl(url)} (${reason}). Check DATABASE_URL, or unset it to use the embedded database.`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function openDatabase(options: { dataDir?: string; port?: number; database?: string } = {}): Promise<Database> {
  const settings = env();
  let database: Database;
  if (settings.DATABASE_URL) {
    database = {
      url: settings.DATABASE_URL,
      embedded: false,
      describe: `PostgreSQL at ${describeUrl(settings.DATABASE_URL)}`,
      stop: async () => undefined,
    };
  } else {
    const dataDir = options.dataDir ?? path.join(settings.dataDir, "pg");
    const port = options.port ?? settings.TAPESTRY_PG_PORT;
    const running = await startEmbeddedPostgres({
      dataDir,
      port,
      database: options.database,
      unsafeAsyncCommit: settings.TAPESTRY_PG_UNSAFE_ASYNC_COMMIT === "1",
    });
    database = {
      url: running.url,
      embedded: true,
      describe: `embedded PostgreSQL 17 in ${path.relative(process.cwd(), dataDir) || dataDir} (port ${port})`,
      stop: running.stop,
    };
    setDatabaseUrl(running.url);
  }
  await checkReachable(database.url);
  await applyMigrations(database.url);
  return database;
}
