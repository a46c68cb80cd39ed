// Refuses what an erasure suppressed: records naming a suppressed identity (Identity, Email, FBID, GPID) or device
// guid, until an admin lifts the suppression. The REST API reports them per record; the Web SDK drops them silently.
// Active hashes are cached per account for a second and dropped at once when this process adds or lifts one. The
// cache is on globalThis: the server script (/a) and Next's bundle (the REST API, the dashboard) each load their own
// copy of this module, and an erasure made through one must reach the other at once. Another process sees it within
// the second.
import { pool } from "../db/pool";
import { identityClaims } from "../profiles/identity-claims";
import type { DomainRecord } from "../profiles/records";
import { RuleViolation } from "../profiles/types";
import { type SuppressedKind, suppressionHash } from "./suppression-hash";

const TTL_MS = 1000;
const globalForSuppression = globalThis as unknown as { tapestrySuppressionCache?: Map<string, { hashes: Set<string>; at: number }> };
globalForSuppression.tapestrySuppressionCache ??= new Map();
const cache = globalForSuppression.tapestrySuppressionCache;

export function forgetSuppressions(accountId: string): void {
  cache.delete(accountId);
}

async function activeHashes(accountId: string): Promise<Set<string>> {
  const hit = cache.get(accountId);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.hashes;
  const { rows } = await pool().query<{ value_hash: string }>("SELECT value_hash FROM suppression WHERE account_id = $1", [accountId]);
  const hashes = new Set(rows.map((row) => row.value_hash));
  cache.set(accountId, { hashes, at: Date.now() });
  return hashes;
}

/** The values a record names: its target and the identities in its data. */
function namedValues(record: DomainRecord): { kind: SuppressedKind; value: string }[] {
  const named: { kind: SuppressedKind; value: string }[] = [];
  const target = record.target;
  if (target.by === "device") named.push({ kind: "device", value: target.guid });
  if (target.by === "identity") named.push({ kind: "Identity", value: target.value }, { kind: "Email", value: target.value });
  if (target.by === "identityKind") named.push({ kind: target.kind, value: target.value });
  if (record.kind === "profile") {
    try {
      named.push(...identityClaims(record.data));
    } catch (error) {
      if (!(error instanceof RuleViolation)) throw error; // the engine refuses it with its own message
    }
  }
  return named;
}

/** For each record (null: skip): the suppressed kind it names, or null. One cached lookup per account. */
export async function suppressedRecords(accountId: string, records: (DomainRecord | null)[]): Promise<(SuppressedKind | null)[]> {
  const hashes = await activeHashes(accountId);
  if (hashes.size === 0) return records.map(() => null);
  return records.map((record) =>
    record ? (namedValues(record).find(({ kind, value }) => hashes.has(suppressionHash(kind, value)))?.kind ?? null) : null,
  );
}

/** Whether a device guid is suppressed (the SDK endpoint asks before it creates or changes anything for a call). */
export async function isSuppressedDevice(accountId: string, guid: string): Promise<boolean> {
  const hashes = await activeHashes(accountId);
  return hashes.size > 0 && hashes.has(suppressionHash("device", guid));
}
