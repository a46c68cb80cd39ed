// The anonymous profiles joined to a profile: the ones left behind when their device joined it (a browser's
// anonymous visit before its user signed in on it; see working-set.ts, where they are marked). They belong to the
// person of the profile they joined: its history shows their rows, and export and erasure take them along.
import type pg from "pg";

/** The ids of the anonymous profiles joined to any of `profileIds` (of `accountId`), ascending. */
export async function findJoinedProfiles(options: {
  db: Pick<pg.Pool | pg.PoolClient, "query">;
  accountId: string;
  profileIds: number[];
}): Promise<number[]> {
  if (options.profileIds.length === 0) return [];
  const { rows } = await options.db.query<{ id: number }>(
    `SELECT id FROM profile WHERE joined_to_profile_id = ANY($2::bigint[]) AND account_id = $1 AND NOT identified ORDER BY id`,
    [options.accountId, options.profileIds],
  );
  return rows.map((row) => Number(row.id));
}
