// Which account the dashboard (and the demo shop) shows: TAPESTRY_ACCOUNT_ID when set, else the oldest account —
// the one `npm start` created on first start (ensureAccount also picks it by oldestAccountId).
import type pg from "pg";
import { pool } from "../db/pool";
import { env } from "../env";

/** The oldest account, or null when there is none yet. */
export async function oldestAccountId(db: Pick<pg.Pool, "query"> = pool()): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>("SELECT id FROM account ORDER BY created_at, id LIMIT 1");
  return rows[0]?.id ?? null;
}

export async function dashboardAccountId(): Promise<string | null> {
  return env().TAPESTRY_ACCOUNT_ID ?? (await oldestAccountId());
}
