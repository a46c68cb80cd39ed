// Property keys offered by the column chooser and the filter form.
import type pg from "pg";
import { dashboardPool } from "../db/pool";

/** Property keys offered in the column chooser and filter form: those of the most recently seen profiles (cheap at 1M). */
export async function recentPropertyKeys(
  accountId: string,
  sample = 1000,
  db: Pick<pg.Pool, "query"> = dashboardPool(),
): Promise<{ key: string; type: string }[]> {
  const { rows } = await db.query<{ key: string; type: string }>(
    `SELECT t.key, min(t.value) AS type
       FROM (SELECT property_types FROM profile WHERE account_id = $1 ORDER BY last_seen DESC, id DESC LIMIT $2) p,
            jsonb_each_text(p.property_types) t
      GROUP BY t.key ORDER BY t.key LIMIT 300`,
    [accountId, sample],
  );
  return rows;
}
