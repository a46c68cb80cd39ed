// A profile with its devices and an event summary, for API readers.
import { pool } from "../db/pool";
import { withDerivedAge } from "./apply-profile-data";
import { findProfileIds, type ProfileLookup } from "./find-profile";
import type { ProfileState } from "./types";

export type ProfileView = {
  id: number;
  identified: boolean;
  version: number;
  state: ProfileState;
  identities: { kind: string; value: string }[];
  devices: { guid: string; platform: string; firstSeen: Date; lastSeen: Date }[];
  events: { name: string; count: number; firstSeen: Date; lastSeen: Date }[];
  firstSeen: Date;
  lastSeen: Date;
};

export async function getProfile(accountId: string, lookup: ProfileLookup): Promise<ProfileView | null> {
  const [id] = await findProfileIds(pool(), accountId, lookup);
  if (id === undefined) return null;
  const db = pool();
  const [profile, identities, devices, events] = await Promise.all([
    db.query("SELECT id, identified, version, properties, property_types, first_seen, last_seen FROM profile WHERE id = $1", [id]),
    db.query("SELECT kind, value FROM profile_identity WHERE profile_id = $1 ORDER BY created_at, kind, value", [id]),
    db.query("SELECT guid, platform, first_seen, last_seen FROM device WHERE profile_id = $1 ORDER BY first_seen", [id]),
    db.query(
      `SELECT name, count(*)::int AS count, min(ts) AS first_seen, max(ts) AS last_seen
         FROM event WHERE profile_id = $1 GROUP BY name ORDER BY name`,
      [id],
    ),
  ]);
  const row = profile.rows[0];
  if (!row) return null;
  return {
    id: row.id,
    identified: row.identified,
    version: row.version,
    state: withDerivedAge({ properties: row.properties, types: row.property_types }),
    identities: identities.rows,
    devices: devices.rows.map((d) => ({ guid: d.guid, platform: d.platform, firstSeen: d.first_seen, lastSeen: d.last_seen })),
    events: events.rows.map((e) => ({ name: e.name, count: e.count, firstSeen: e.first_seen, lastSeen: e.last_seen })),
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
  };
}
