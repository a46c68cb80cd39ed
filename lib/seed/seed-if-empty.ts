// npm start's first-run step: the demo data, only into an account without profiles and unless TAPESTRY_SEED=0.
import { pool } from "../db/pool";
import { type SeedReport, seedDemo } from "./seed-demo";

export async function seedIfEmpty(options: { accountId: string; enabled: boolean }): Promise<SeedReport | null> {
  if (!options.enabled) return null;
  const { rows } = await pool().query("SELECT 1 FROM profile WHERE account_id = $1 LIMIT 1", [options.accountId]);
  if (rows.length > 0) return null;
  const report = await seedDemo({ accountId: options.accountId });
  // Fresh statistics: the list's counts and plans rely on them, and autovacuum may not have run yet.
  await pool().query("ANALYZE profile, profile_identity, device, event");
  return report;
}
