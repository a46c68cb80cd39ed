// Which account the dashboard shows: TAPESTRY_ACCOUNT_ID when set, else the oldest account.
import { dashboardPool } from "../db/pool";
import { env } from "../env";

export async function listAccountId(): Promise<string | null> {
  const configured = env().TAPESTRY_ACCOUNT_ID;
  if (configured) return configured;
  const { rows } = await dashboardPool().query<{ id: string }>("SELECT id FROM account ORDER BY created_at, id LIMIT 1");
  return rows[0]?.id ?? null;
}
