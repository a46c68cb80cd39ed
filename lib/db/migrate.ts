// Applies prisma/migrations/*/migration.sql in name order, recording them exactly as `prisma migrate deploy`
// does, so the Prisma CLI and this start-up path agree on what is applied. No Prisma engine needed at run time.
// A migration is never edited once applied: if an applied migration's file no longer matches the checksum recorded
// when it ran, nothing is applied and the start stops (a database and its migration files that disagree would
// drift silently; change the schema with a new migration instead).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

const PRISMA_LOCK_KEY = 72707369;

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export async function applyMigrations(databaseUrl: string, migrationsDir = path.resolve("prisma/migrations")): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_LOCK_KEY]);
    await client.query(MIGRATIONS_TABLE);
    const done = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const doneChecksums = new Map(done.rows.map((row) => [row.migration_name, row.checksum]));
    const folders = fs
      .readdirSync(migrationsDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    const files = folders.map((name) => {
      const sql = fs.readFileSync(path.join(migrationsDir, name, "migration.sql"));
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
    for (const { name, checksum } of files) {
      const recorded = doneChecksums.get(name);
      if (recorded !== undefined && recorded !== checksum)
        throw new Error(
          `Migration ${name} was changed after it was applied (its checksum no longer matches): ` +
            "restore the file and put the change in a new migration.",
        );
    }
    for (const { name, sql, checksum } of files) {
      if (doneChecksums.has(name)) continue;
      const id = crypto.randomUUID();
      await client.query("BEGIN");
      try {
        await client.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`, [
          id,
          checksum,
          name,
        ]);
        await client.query(sql.toString("utf8"));
        await client.query(`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`, [id]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      applied.push(name);
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
  return applied;
}
