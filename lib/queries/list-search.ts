// Tells a common search prefix from a rare one for the tab counts. A rare one ("maria.silva12") is counted exactly
// through the name and identity indexes. A common one ("maria": 35,000 of a million profiles) matches more than the
// exact count's cap: it is counted over the sample only, testing each sampled profile on its own (list-counts.ts),
// instead of reading every match twice (≈ 780 ms). Pages decide for themselves (list-profiles.ts, walkPays).
import type pg from "pg";
import { searchIdentityMatchesStatement } from "./list-sql";

type Db = Pick<pg.Pool, "query">;

/** Whether at least `n` identity values (Identity, Email, FBID, GPID) start with the search text. */
export async function identityMatchesAtLeast(db: Db, accountId: string, q: string, n: number): Promise<boolean> {
  const statement = searchIdentityMatchesStatement(accountId, q, n);
  const { rows } = await db.query<{ n: number }>(statement.text, statement.values);
  return rows[0].n >= n;
}
