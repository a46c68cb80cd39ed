// First start: make sure an account exists. TAPESTRY_ACCOUNT_ID / TAPESTRY_PASSCODE pin it; otherwise one is
// generated and its passcode returned once (only its hash is kept).
import type pg from "pg";
import { oldestAccountId } from "./dashboard-account";
import { hashPasscode, newAccountId, newPasscode } from "./passcode";

export type EnsuredAccount = { accountId: string; createdPasscode: string | null };

export async function ensureAccount(db: pg.Pool | pg.Client, fixed: { accountId?: string; passcode?: string }): Promise<EnsuredAccount> {
  if (fixed.accountId) {
    const existing = await db.query<{ id: string }>("SELECT id FROM account WHERE id = $1", [fixed.accountId]);
    const passcode = fixed.passcode ?? (existing.rowCount ? null : newPasscode());
    if (passcode) {
      await db.query(
        `INSERT INTO account (id, passcode_hash) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET passcode_hash = excluded.passcode_hash`,
        [fixed.accountId, hashPasscode(passcode)],
      );
    }
    return { accountId: fixed.accountId, createdPasscode: existing.rowCount || fixed.passcode ? null : passcode };
  }
  const first = await oldestAccountId(db);
  if (first) {
    if (fixed.passcode) await db.query("UPDATE account SET passcode_hash = $2 WHERE id = $1", [first, hashPasscode(fixed.passcode)]);
    return { accountId: first, createdPasscode: null };
  }
  const accountId = newAccountId();
  const passcode = fixed.passcode ?? newPasscode();
  await db.query("INSERT INTO account (id, passcode_hash) VALUES ($1, $2)", [accountId, hashPasscode(passcode)]);
  return { accountId, createdPasscode: fixed.passcode ? null : passcode };
}
