// Which location keys staff pinned: a key whose newest change in the change log was made by staff (set, edited or
// deleted) is never changed by an automatic location fix again (until a client sets it explicitly, which then is its
// newest change). Read only when a fix would change something, inside the engine's transaction (the profiles are locked).
import type { Tx } from "../db/pool";
import { LOCATION_KEYS } from "./location-fix";

/** profile id → the location keys staff pinned (profiles without any are left out). */
export async function pinnedLocationKeys(tx: Tx, accountId: string, profileIds: number[]): Promise<Map<number, Set<string>>> {
  const pinned = new Map<number, Set<string>>();
  if (profileIds.length === 0) return pinned;
  const { rows } = await tx.query<{ profile_id: string; key: string }>(
    `SELECT profile_id::text, key FROM (
       SELECT DISTINCT ON (profile_id, key) profile_id, key, source
         FROM profile_change
        WHERE account_id = $1 AND profile_id = ANY($2::bigint[]) AND key = ANY($3::text[])
        ORDER BY profile_id, key, id DESC
     ) newest
     WHERE source = 'staff'`,
    [accountId, profileIds, LOCATION_KEYS],
  );
  for (const row of rows) {
    const id = Number(row.profile_id);
    if (!pinned.has(id)) pinned.set(id, new Set());
    pinned.get(id)!.add(row.key);
  }
  return pinned;
}
