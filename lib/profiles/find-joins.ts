// The joins an unmerge undoes: the devices that came to a profile from another one (merge journal "attach-device"
// entries not undone) and still point at it, each with the profile it came from, and the journal entries to close.
import type pg from "pg";

export type Joins = { devices: { guid: string; backTo: number }[]; mergeIds: number[] };

export async function findJoins(options: {
  db: Pick<pg.Pool, "query">;
  accountId: string;
  profileIds: number[];
  /** Only the joins from this profile (a staff unmerge of one join); all of them otherwise (REST demerge). */
  from?: number;
}): Promise<Joins> {
  const { rows } = await options.db.query<{ id: string; device_guid: string; previous_profile_id: string; here: boolean }>(
    `SELECT m.id::text, m.device_guid, m.previous_profile_id::text, d.profile_id = m.profile_id AS here
       FROM profile_merge m LEFT JOIN device d ON d.account_id = m.account_id AND d.guid = m.device_guid
      WHERE m.account_id = $1 AND m.profile_id = ANY($2::bigint[]) AND m.action = 'attach-device'
        AND m.previous_profile_id IS NOT NULL AND m.undone_at IS NULL AND ($3::bigint IS NULL OR m.previous_profile_id = $3)
      ORDER BY m.id DESC`,
    [options.accountId, options.profileIds, options.from ?? null],
  );
  const devices = new Map<string, number>();
  // The newest join of each device says where it came from last.
  for (const row of rows) if (row.here && !devices.has(row.device_guid)) devices.set(row.device_guid, Number(row.previous_profile_id));
  return { devices: [...devices].map(([guid, backTo]) => ({ guid, backTo })), mergeIds: rows.map((row) => Number(row.id)) };
}
