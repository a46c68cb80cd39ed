// Adds identities and device guids to the suppression list (as keyed hashes), in the caller's transaction.
import type { Tx } from "../db/pool";
import { type SuppressedKind, suppressionHash } from "./suppression-hash";

export async function addSuppressions(
  tx: Tx,
  options: {
    accountId: string;
    values: { kind: SuppressedKind; value: string }[];
    reason: string;
    actor: string | null;
    requestId: string | null;
  },
): Promise<void> {
  if (options.values.length === 0) return;
  const rows = options.values.map(({ kind, value }) => ({ kind, hash: suppressionHash(kind, value) }));
  await tx.query(
    `INSERT INTO suppression (account_id, kind, value_hash, reason, created_by, request_id)
     SELECT $1, r.kind, r.hash, $3, $4, $5 FROM json_to_recordset($2::json) AS r(kind text, hash text)
     ON CONFLICT (account_id, value_hash) DO NOTHING`,
    [options.accountId, JSON.stringify(rows), options.reason, options.actor, options.requestId],
  );
}
