// Exactly once per call, for clients that send the same call again. The official Web SDK keeps every call in a backup
// queue until its answer arrives and fires the unanswered ones again after a login or new-guid answer, 3 s after a
// page load and on the next visit: a call still in flight then (a slow answer, a page left early) arrives twice.
// Such a call carries a key (its account, device and own stamp, see sdk-request-key.ts); the key is claimed in the
// same statement or transaction as the call's writes, and a call whose key is already claimed writes nothing.
import type { Tx } from "../db/pool";
import { ErrorCode } from "./error-codes";
import type { Prepared } from "./prepare-record";
import type { DomainRecord, RecordOutcome } from "./records";
import { type ChangeContext, RuleViolation } from "./types";

/** How long a claimed key is kept: a replay of a call older than this is applied as a new call. */
export const REQUEST_KEY_DAYS = 7;

/** The records of calls that repeat an earlier call of the same batch (same key, another call): they write nothing. */
export function repeatsWithinBatch(prepared: Prepared[]): Set<number> {
  const firstCall = new Map<string, ChangeContext>();
  const repeats = new Set<number>();
  prepared.forEach((p, index) => {
    const key = "error" in p ? null : p.context.onceKey;
    if (!key) return;
    const first = firstCall.get(key);
    if (!first) firstCall.set(key, (p as { context: ChangeContext }).context);
    else if (first !== (p as { context: ChangeContext }).context) repeats.add(index);
  });
  return repeats;
}

/** Claims the keys in the caller's transaction; returns those claimed now (the others were claimed before). */
export async function claimRequestKeys(tx: Tx, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const { rows } = await tx.query<{ key: string }>(
    `INSERT INTO request_key (key) SELECT decode(k, 'hex') FROM unnest($1::text[]) AS k
     ON CONFLICT DO NOTHING RETURNING encode(key, 'hex') AS key`,
    [keys],
  );
  return new Set(rows.map((row) => row.key));
}

/** Deletes keys older than REQUEST_KEY_DAYS, a bounded number per call (run periodically by the server). */
export async function pruneRequestKeys(db: { query: Tx["query"] }, limit = 50_000): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM request_key WHERE ctid = ANY(ARRAY(
       SELECT ctid FROM request_key WHERE claimed_at < now() - make_interval(days => $1) LIMIT $2))`,
    [REQUEST_KEY_DAYS, limit],
  );
  return rowCount ?? 0;
}

/** The answers to records of calls already applied: the device's profile now, as the first call was answered (or
 * the opt-out refusal when the device opted out since). Nothing is written. */
export async function answerRepeats(tx: Tx, accountId: string, records: DomainRecord[], unlessOptedOut: boolean): Promise<RecordOutcome[]> {
  if (records.length === 0) return [];
  const guids = records.flatMap((record) => (record.target.by === "device" ? [record.target.guid] : []));
  const { rows } = await tx.query<{ guid: string; profile_id: number; opted_out: boolean }>(
    "SELECT guid, profile_id, opted_out FROM device WHERE account_id = $1 AND guid = ANY($2::text[])",
    [accountId, guids],
  );
  const devices = new Map(rows.map((row) => [row.guid, row]));
  return records.map((record): RecordOutcome => {
    const device = record.target.by === "device" ? devices.get(record.target.guid) : undefined;
    if (!device) return { ok: false, error: new RuleViolation(ErrorCode.invalid, "this call was already applied") };
    if (device.opted_out && unlessOptedOut)
      return { ok: false, error: new RuleViolation(ErrorCode.deviceOptedOut, `device ${device.guid} has opted out of tracking`) };
    return { ok: true, profileId: device.profile_id, deviceGuid: device.guid, version: null, refused: [] };
  });
}
