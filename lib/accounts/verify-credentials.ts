// Checks X-CleverTap-Account-Id / X-CleverTap-Passcode. Hashes are cached briefly so a busy ingest path does
// not query the account table per request; an unknown account costs the same comparison as a known one.
import { pool } from "../db/pool";
import { passcodeMatches } from "./passcode";

const CACHE_MS = 5_000;
const cache = new Map<string, { hash: string | null; until: number }>();
const UNKNOWN_HASH = "0".repeat(64);

async function passcodeHashOf(accountId: string): Promise<string | null> {
  const hit = cache.get(accountId);
  if (hit && hit.until > Date.now()) return hit.hash;
  const result = await pool().query<{ passcode_hash: string }>("SELECT passcode_hash FROM account WHERE id = $1", [accountId]);
  const hash = result.rows[0]?.passcode_hash ?? null;
  if (cache.size > 1000) cache.clear();
  cache.set(accountId, { hash, until: Date.now() + CACHE_MS });
  return hash;
}

export async function verifyCredentials(accountId: string | null, passcode: string | null): Promise<boolean> {
  if (!accountId || !passcode || accountId.length > 100) return false;
  const hash = await passcodeHashOf(accountId);
  const matches = passcodeMatches(passcode, hash ?? UNKNOWN_HASH);
  return hash !== null && matches;
}

/** Does this account exist? (The Web SDK path has no passcode: the account id is its only credential.) */
export async function accountExists(accountId: string): Promise<boolean> {
  return (await passcodeHashOf(accountId)) !== null;
}
