// The migration runner against a real PostgreSQL (DATABASE_URL, set by npm test), in a schema of its own so the
// database's own migrations table is not touched.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import pg from "pg";
import { applyMigrations } from "./migrate";

const databaseUrl = process.env.DATABASE_URL;
const schema = `migrate_test_${crypto.randomBytes(4).toString("hex")}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tapestry-migrations-"));
let admin: pg.Client;

/** The database URL with this test's schema first on the search path. */
function schemaUrl(): string {
  const url = new URL(databaseUrl!);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return url.toString();
}

function writeMigration(name: string, sql: string) {
  fs.mkdirSync(path.join(dir, name), { recursive: true });
  fs.writeFileSync(path.join(dir, name, "migration.sql"), sql);
}

before(async () => {
  assert.ok(databaseUrl, "DATABASE_URL must point at a test database (npm test sets it)");
  admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
});

after(async () => {
  await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin?.end();
  fs.rmSync(dir, { recursive: true, force: true });
});

test("applies new migrations once, in name order, with Prisma's checksum", async () => {
  writeMigration("20260101000000_first", "CREATE TABLE thing (id int PRIMARY KEY);");
  writeMigration("20260102000000_second", "ALTER TABLE thing ADD COLUMN name text;");
  assert.deepEqual(await applyMigrations(schemaUrl(), dir), ["20260101000000_first", "20260102000000_second"]);
  assert.deepEqual(await applyMigrations(schemaUrl(), dir), []);
  const { rows } = await admin.query(`SELECT migration_name, checksum FROM ${schema}."_prisma_migrations" ORDER BY migration_name`);
  const sha = (name: string) =>
    crypto
      .createHash("sha256")
      .update(fs.readFileSync(path.join(dir, name, "migration.sql")))
      .digest("hex");
  assert.deepEqual(
    rows.map((row) => [row.migration_name, row.checksum]),
    [
      ["20260101000000_first", sha("20260101000000_first")],
      ["20260102000000_second", sha("20260102000000_second")],
    ],
  );
});

test("refuses to start when an applied migration's file changed, and applies nothing", async () => {
  writeMigration("20260101000000_first", "CREATE TABLE thing (id bigint PRIMARY KEY);");
  writeMigration("20260103000000_third", "CREATE TABLE other (id int);");
  await assert.rejects(applyMigrations(schemaUrl(), dir), {
    message:
      "Migration 20260101000000_first was changed after it was applied (its checksum no longer matches): " +
      "restore the file and put the change in a new migration.",
  });
  const { rows } = await admin.query("SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = 'other'", [schema]);
  assert.equal(rows.length, 0, "the new migration must not run");
});
