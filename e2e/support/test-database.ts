// The guard between the tests and a real database: tests create staff, accounts and profiles freely, so they run
// only against a database whose name says it is a test one (npm test's embedded database is "tapestry_test"; a
// TEST_DATABASE_URL must name one too). Checked by npm test before anything is written, and again by every
// Playwright worker before its first test.
import type pg from "pg";

export const TEST_DATABASE_NAME = "tapestry_test";

/** Throws unless the name has "test" as a word: test, tapestry_test, test_ci. */
export function assertTestDatabaseName(name: string): void {
  if (!/(^|_)test(_|$)/.test(name))
    throw new Error(`Refusing to run tests against the database "${name}": its name must contain "test" as a word (e.g. tapestry_test).`);
}

/** Throws unless the database behind `db` is a test database. */
export async function assertTestDatabase(db: Pick<pg.Pool, "query">): Promise<void> {
  const { rows } = await db.query<{ name: string }>("SELECT current_database() AS name");
  assertTestDatabaseName(rows[0]?.name ?? "");
}
