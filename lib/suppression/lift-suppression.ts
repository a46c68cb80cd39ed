// Lifting a suppression (admins): the identity or guid may come back through the SDK and the API. The row goes and
// the staff audit log records it (kind and hash, never a value) in the same transaction.
import { type AuditActor, writeAudit } from "../audit/write-audit";
import { withTransaction } from "../db/pool";
import { forgetSuppressions } from "./check-suppressed";

export async function liftSuppression(options: { id: number; actor: AuditActor }): Promise<boolean> {
  const lifted = await withTransaction(async (tx) => {
    const { rows } = await tx.query<{ account_id: string; kind: string; value_hash: string }>(
      "DELETE FROM suppression WHERE id = $1 RETURNING account_id, kind, value_hash",
      [options.id],
    );
    const row = rows[0];
    if (!row) return null;
    await writeAudit(tx, { action: "suppression-lift", actor: options.actor, subject: `${row.kind} ${row.value_hash.slice(0, 16)}` });
    return row.account_id;
  });
  if (lifted) forgetSuppressions(lifted);
  return lifted !== null;
}
