// Erases profiles with everything that identifies them: identities, devices, events, change sets and merge
// journal rows. What remains is a deletion record without personal data (who asked, when).
import { withTransaction } from "../db/pool";
import { findProfileIds, type ProfileLookup } from "./find-profile";
import type { ChangeContext } from "./types";

export async function deleteProfiles(accountId: string, lookups: ProfileLookup[], context: ChangeContext): Promise<number> {
  return withTransaction(async (tx) => {
    const ids = new Set<number>();
    for (const lookup of lookups) for (const id of await findProfileIds(tx, accountId, lookup)) ids.add(id);
    if (ids.size === 0) return 0;
    const list = [...ids].sort((a, b) => a - b);
    await tx.query("SELECT id FROM profile WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE", [list]);
    // After the lock, in a statement of its own: it sees every identity attached before the lock was granted, and none
    // can be attached after it (the engine attaches identities only to profiles it holds locked). No foreign key
    // cascades these: its per-row check cost ingest (migration 20261129080000_lean_ingest).
    await tx.query("DELETE FROM profile_identity WHERE account_id = $1 AND profile_id = ANY($2::bigint[])", [accountId, list]);
    await tx.query(
      "DELETE FROM profile_merge WHERE account_id = $1 AND (profile_id = ANY($2::bigint[]) OR previous_profile_id = ANY($2::bigint[]))",
      [accountId, list],
    );
    await tx.query("DELETE FROM profile_change_set WHERE profile_id = ANY($1::bigint[])", [list]);
    const deleted = await tx.query("DELETE FROM profile WHERE account_id = $1 AND id = ANY($2::bigint[])", [accountId, list]);
    await tx.query(
      `INSERT INTO profile_deletion (account_id, profile_id, source, actor, request_id)
       SELECT $1, id, $2, $3, $4 FROM unnest($5::bigint[]) id`,
      [accountId, context.source, context.actor ?? null, context.requestId ?? null, list],
    );
    return deleted.rowCount ?? 0;
  });
}
