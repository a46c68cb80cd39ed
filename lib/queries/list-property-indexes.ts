// Sorting by a property cannot be indexed for every key. An administrator declares the keys people sort by
// (TAPESTRY_INDEXED_PROPERTIES="Score,LTV"); each gets a btree on the list's exact sort expression, so
// "sort by Score" walks an index like the system orderings do. The key is written into the DDL as a quoted literal
// (DDL takes no bind parameters); the index name is derived from a hash of the key.
import crypto from "node:crypto";
import type pg from "pg";
import { hasControlCharacter, isKeyWithinLimit } from "../profiles/limits";

export const propertyIndexName = (key: string) => `profile_prop_sort_${crypto.createHash("sha256").update(key).digest("hex").slice(0, 16)}`;

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** Keys an index can be made for (DDL takes no bind parameters: the key is written as a quoted literal). */
export const isPropertyIndexKey = (key: string) => key.length > 0 && isKeyWithinLimit(key) && !hasControlCharacter(key);

/** The DDL for one key (matches sortSql in list-sql.ts once the planner substitutes the key parameter). */
export function propertyIndexSql(key: string): string {
  if (!isPropertyIndexKey(key)) throw new Error(`Not a property key: ${JSON.stringify(key)}`);
  const expression = `COALESCE(properties -> ${literal(key)}::text, 'null'::jsonb)`;
  return `CREATE INDEX CONCURRENTLY IF NOT EXISTS "${propertyIndexName(key)}" ON profile (account_id, (${expression}), id)`;
}

/** Creates the missing indexes (CONCURRENTLY: the table stays writable). Returns the keys it had to index. */
export async function ensurePropertyIndexes(db: Pick<pg.Pool, "query">, keys: string[]): Promise<string[]> {
  const created: string[] = [];
  for (const key of keys) {
    const name = propertyIndexName(key);
    const { rows } = await db.query<{ valid: boolean }>(
      "SELECT i.indisvalid AS valid FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid WHERE c.relname = $1",
      [name],
    );
    if (rows[0]?.valid) continue;
    if (rows[0]) await db.query(`DROP INDEX CONCURRENTLY IF EXISTS "${name}"`);
    await db.query(propertyIndexSql(key));
    created.push(key);
  }
  return created;
}

/** Makes the declared keys' indexes exist and drops the ones of keys no longer declared (those the list built on
 * demand, recorded in property_sort_index, stay: list-sort-indexes.ts). */
export async function syncPropertyIndexes(db: Pick<pg.Pool, "query">, keys: string[]): Promise<{ created: string[]; dropped: number }> {
  const { rows: recorded } = await db.query<{ name: string }>("SELECT index_name AS name FROM property_sort_index WHERE state <> 'failed'");
  const wanted = new Set([...keys.map(propertyIndexName), ...recorded.map((r) => r.name)]);
  const { rows } = await db.query<{ name: string }>(
    "SELECT relname::text AS name FROM pg_class WHERE relkind = 'i' AND relname LIKE 'profile\\_prop\\_sort\\_%'",
  );
  let dropped = 0;
  for (const { name } of rows) {
    if (wanted.has(name) || !/^profile_prop_sort_[0-9a-f]{16}$/.test(name)) continue;
    await db.query(`DROP INDEX CONCURRENTLY IF EXISTS "${name}"`);
    dropped += 1;
  }
  return { created: await ensurePropertyIndexes(db, keys), dropped };
}
