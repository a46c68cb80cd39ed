// Is this guid a device of the account? (One primary-key lookup; the SDK endpoint asks only for addresses over their
// new-device budget, see lib/clevertap/sdk/new-device-budget.ts.)
import { pool } from "../db/pool";

export async function deviceExists(accountId: string, guid: string): Promise<boolean> {
  const { rowCount } = await pool().query("SELECT 1 FROM device WHERE account_id = $1 AND guid = $2", [accountId, guid]);
  return (rowCount ?? 0) > 0;
}
