// Several profiles at once with their identities, devices and event summaries, in the order of the ids given
// (pages of the query API). Four statements whatever the number of profiles.
import type pg from "pg";
import { pool } from "../db/pool";
import { withDerivedAge } from "./apply-profile-data";
import type { ProfileView } from "./get-profile";

export async function getProfiles(options: { ids: readonly number[]; db?: Pick<pg.Pool, "query"> }): Promise<ProfileView[]> {
  const { ids } = options;
  if (ids.length === 0) return [];
  const db = options.db ?? pool();
  const [profiles, identities, devices, events] = await Promise.all([
    db.query(
      "SELECT id, identified, version, properties, property_types, first_seen, last_seen FROM profile WHERE id = ANY($1::bigint[])",
      [ids],
    ),
    db.query("SELECT profile_id, kind, value FROM profile_identity WHERE profile_id = ANY($1::bigint[]) ORDER BY created_at, kind, value", [
      ids,
    ]),
    db.query(
      "SELECT profile_id, guid, platform, first_seen, last_seen FROM device WHERE profile_id = ANY($1::bigint[]) ORDER BY first_seen",
      [ids],
    ),
    db.query(
      `SELECT profile_id, name, count(*)::int AS count, min(ts) AS first_seen, max(ts) AS last_seen
         FROM event WHERE profile_id = ANY($1::bigint[]) GROUP BY profile_id, name ORDER BY name`,
      [ids],
    ),
  ]);
  const byProfile = <T extends { profile_id: number }>(rows: T[]) => {
    const map = new Map<number, T[]>();
    for (const row of rows) map.set(Number(row.profile_id), [...(map.get(Number(row.profile_id)) ?? []), row]);
    return map;
  };
  const identityRows = byProfile(identities.rows);
  const deviceRows = byProfile(devices.rows);
  const eventRows = byProfile(events.rows);
  const rows = new Map(profiles.rows.map((row) => [Number(row.id), row]));
  return ids.flatMap((id) => {
    const row = rows.get(id);
    if (!row) return [];
    return [
      {
        id,
        identified: row.identified,
        version: row.version,
        state: withDerivedAge({ properties: row.properties, types: row.property_types }),
        identities: (identityRows.get(id) ?? []).map((i) => ({ kind: i.kind, value: i.value })),
        devices: (deviceRows.get(id) ?? []).map((d) => ({
          guid: d.guid,
          platform: d.platform,
          firstSeen: d.first_seen,
          lastSeen: d.last_seen,
        })),
        events: (eventRows.get(id) ?? []).map((e) => ({ name: e.name, count: e.count, firstSeen: e.first_seen, lastSeen: e.last_seen })),
        firstSeen: row.first_seen,
        lastSeen: row.last_seen,
      },
    ];
  });
}
