// Property keys offered by the column chooser and the filter form.
import type pg from "pg";
import { dashboardPool } from "../db/pool";
import { CONSENT_KEYS } from "../profiles/system-properties";

/** Property keys offered in the column chooser and filter form: those of the most recently seen profiles (cheap at 1M),
 * and the four consents always (shown as on / off / not set, filtered with true / false / not set). */
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
  const missing = CONSENT_KEYS.filter((key) => !rows.some((row) => row.key === key)).map((key) => ({ key, type: "boolean" }));
  return [...rows, ...missing].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
