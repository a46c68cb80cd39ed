// Tells a common search prefix from a rare one. A rare one ("maria.silva12") is answered through the name and
// identity indexes: its few matches are read and sorted. A common one ("maria": 35,000 of a million profiles) would
// read and sort tens of thousands of profiles for a 50-row page; instead the page walks the list's order and tests
// each profile (list-sql.ts, `walk`), and the counts test each sampled profile (list-counts.ts).
import type pg from "pg";
import { searchIdentityMatchesStatement } from "./list-sql";

type Db = Pick<pg.Pool, "query">;

/** Whether at least `n` identity values (Identity, Email, FBID, GPID) start with the search text. */
export async function identityMatchesAtLeast(db: Db, accountId: string, q: string, n: number): Promise<boolean> {
  const statement = searchIdentityMatchesStatement(accountId, q, n);
  const { rows } = await db.query<{ n: number }>(statement.text, statement.values);
  return rows[0].n >= n;
}
