// Counts for the start page.
import { dashboardPool } from "../db/pool";

export async function overview() {
  const result = await dashboardPool().query<{
    account_id: string | null;
    profiles: number;
    identified: number;
    devices: number;
    events: number;
  }>(`
    SELECT (SELECT id FROM account ORDER BY created_at LIMIT 1) AS account_id,
           (SELECT count(*)::int FROM profile) AS profiles,
           (SELECT count(*)::int FROM profile WHERE identified) AS identified,
           (SELECT count(*)::int FROM device) AS devices,
           (SELECT count(*)::int FROM event) AS events`);
  return result.rows[0];
}
