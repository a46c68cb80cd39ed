// The suppression list for the admin page: newest first, keyset-paged; or the entry of one value, looked up by its hash.
import { pool } from "../db/pool";
import { type SuppressedKind, suppressionHash } from "./suppression-hash";

export type SuppressionRow = { id: number; kind: string; hash: string; reason: string; createdBy: string | null; createdAt: Date };

type Raw = { id: number; kind: string; value_hash: string; reason: string; created_by: string | null; created_at: Date };
const toRow = (r: Raw): SuppressionRow => ({
  id: r.id,
  kind: r.kind,
  hash: r.value_hash,
  reason: r.reason,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

export async function listSuppressions(options: { accountId: string; before?: number; limit?: number }) {
  const limit = options.limit ?? 50;
  const { rows } = await pool().query<Raw>(
    `SELECT id, kind, value_hash, reason, created_by, created_at FROM suppression
      WHERE account_id = $1 AND ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT ${limit + 1}`,
    [options.accountId, options.before ?? null],
  );
  const page = rows.slice(0, limit).map(toRow);
  return { rows: page, next: rows.length > limit ? page[page.length - 1].id : null };
}

export async function findSuppression(options: { accountId: string; kind: SuppressedKind; value: string }): Promise<SuppressionRow | null> {
  const { rows } = await pool().query<Raw>(
    "SELECT id, kind, value_hash, reason, created_by, created_at FROM suppression WHERE account_id = $1 AND value_hash = $2",
    [options.accountId, suppressionHash(options.kind, options.value)],
  );
  return rows[0] ? toRow(rows[0]) : null;
}
