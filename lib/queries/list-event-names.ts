// The account's event names (for the condition form), read as a loose index scan over (account, name, …): one index
// probe per distinct name, however many events there are.
import type pg from "pg";
import { pool } from "../db/pool";

export async function listEventNames(options: { accountId: string; limit?: number; db?: Pick<pg.Pool, "query"> }): Promise<string[]> {
  const { rows } = await (options.db ?? pool()).query<{ name: string }>(
    `WITH RECURSIVE names(name) AS (
       SELECT min(name) FROM event WHERE account_id = $1
       UNION ALL
       SELECT (SELECT min(e.name) FROM event e WHERE e.account_id = $1 AND e.name > names.name) FROM names WHERE names.name IS NOT NULL)
     SELECT name FROM names WHERE name IS NOT NULL LIMIT $2`,
    [options.accountId, options.limit ?? 200],
  );
  return rows.map((r) => r.name);
}
