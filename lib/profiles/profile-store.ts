// SQL of the profile engine: locking, loading and multi-row writes. Only apply-records.ts and the other
// use cases call it, always inside one transaction.
import type { Tx } from "../db/pool";
import type { ChangeContext, ProfileState, PropertyChange } from "./types";

/** A race lost to a concurrent transaction (an identity or device created meanwhile): the caller retries. */
export function conflict(what: string): Error {
  return Object.assign(new Error(`concurrent change: ${what}`), { code: "40001" });
}

/** Owners of the given identities. One index scan with two arrays (exact pairs are filtered here). */
export async function findIdentityOwners(tx: Tx, accountId: string, pairs: { kind: string; value: string }[]) {
  if (pairs.length === 0) return [];
  const kinds = [...new Set(pairs.map((p) => p.kind))];
  const wanted = new Set(pairs.map((p) => `${p.kind}\u001f${p.value}`));
  const result = await tx.query<{ kind: string; value: string; profile_id: number }>(
    `SELECT kind, value, profile_id FROM profile_identity WHERE account_id = $1 AND kind = ANY($2::text[]) AND value = ANY($3::text[])`,
    [accountId, kinds, [...new Set(pairs.map((p) => p.value))]],
  );
  return result.rows.filter((row) => wanted.has(`${row.kind}\u001f${row.value}`));
}

export async function findDevices(tx: Tx, accountId: string, guids: string[]) {
  if (guids.length === 0) return [];
  const result = await tx.query<{ guid: string; profile_id: number }>(
    `SELECT guid, profile_id FROM device WHERE account_id = $1 AND guid = ANY($2::text[])`,
    [accountId, guids],
  );
  return result.rows;
}

export type LoadedProfile = { id: number; identified: boolean; version: number; state: ProfileState; identities: { kind: string; value: string }[] };

/** Loads and row-locks profiles (in id order), with their identities. */
export async function lockProfiles(tx: Tx, accountId: string, ids: number[]): Promise<Map<number, LoadedProfile>> {
  const loaded = new Map<number, LoadedProfile>();
  if (ids.length === 0) return loaded;
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const rows = await tx.query<{ id: number; identified: boolean; version: number; properties: ProfileState["properties"]; property_types: ProfileState["types"] }>(
    `SELECT id, identified, version, properties, property_types FROM profile WHERE account_id = $1 AND id = ANY($2::bigint[]) ORDER BY id FOR UPDATE`,
    [accountId, sorted],
  );
  for (const row of rows.rows) {
    loaded.set(row.id, { id: row.id, identified: row.identified, version: row.version, state: { properties: row.properties, types: row.property_types }, identities: [] });
  }
  const identities = await tx.query<{ profile_id: number; kind: string; value: string }>(
    `SELECT profile_id, kind, value FROM profile_identity WHERE profile_id = ANY($1::bigint[])`,
    [sorted],
  );
  for (const row of identities.rows) loaded.get(row.profile_id)?.identities.push({ kind: row.kind, value: row.value });
  return loaded;
}

export async function allocateProfileIds(tx: Tx, count: number): Promise<number[]> {
  if (count === 0) return [];
  const result = await tx.query<{ id: number }>(`SELECT nextval(pg_get_serial_sequence('profile', 'id')) AS id FROM generate_series(1, $1)`, [count]);
  return result.rows.map((row) => row.id);
}

const json = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

/** Rows travel as one JSON array (jsonb_to_recordset): one native stringify, no array-literal escaping. A null
 * becomes a missing field, which the recordset reads as SQL NULL. */
const recordset = (rows: Record<string, unknown>[]): string =>
  JSON.stringify(rows, (_key, value) => (value === null ? undefined : value));

export type ProfileWrite = { id: number; identified: boolean; state: ProfileState; firstSeen: Date; lastSeen: Date };

export async function insertProfiles(tx: Tx, accountId: string, rows: ProfileWrite[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO profile (id, account_id, identified, properties, property_types, version, first_seen, last_seen, created_at)
     SELECT id, $1, identified, properties, types, 1, first_seen, last_seen, now()
       FROM jsonb_to_recordset($2::jsonb) AS u(id bigint, identified bool, properties jsonb, types jsonb, first_seen timestamptz, last_seen timestamptz)`,
    [accountId, recordset(rows.map((r) => ({ id: r.id, identified: r.identified, properties: r.state.properties, types: r.state.types, first_seen: r.firstSeen, last_seen: r.lastSeen })))],
  );
}

export async function updateProfiles(tx: Tx, rows: (ProfileWrite & { changed: boolean })[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `UPDATE profile p SET identified = u.identified, properties = u.properties, property_types = u.types,
            version = p.version + CASE WHEN u.changed THEN 1 ELSE 0 END, last_seen = GREATEST(p.last_seen, u.last_seen)
       FROM unnest($1::bigint[], $2::bool[], $3::jsonb[], $4::jsonb[], $5::bool[], $6::timestamptz[])
         AS u(id, identified, properties, types, changed, last_seen)
      WHERE p.id = u.id`,
    [rows.map((r) => r.id), rows.map((r) => r.identified), rows.map((r) => json(r.state.properties)), rows.map((r) => json(r.state.types)), rows.map((r) => r.changed), rows.map((r) => r.lastSeen)],
  );
}

/** Inserts identities in a fixed order (no deadlock between two batches); an identity taken meanwhile is a conflict. */
export async function insertIdentities(tx: Tx, accountId: string, rows: { profileId: number; kind: string; value: string }[]): Promise<void> {
  if (rows.length === 0) return;
  const sorted = [...rows].sort((a, b) => (a.kind + a.value < b.kind + b.value ? -1 : 1));
  const inserted = await tx.query(
    `INSERT INTO profile_identity (account_id, profile_id, kind, value) SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[])
     ON CONFLICT (account_id, kind, value) DO NOTHING`,
    [accountId, sorted.map((r) => r.profileId), sorted.map((r) => r.kind), sorted.map((r) => r.value)],
  );
  if (inserted.rowCount !== rows.length) throw conflict("an identity was claimed by another request");
}

/** New devices; one created meanwhile by another request is a conflict. */
export async function insertDevices(tx: Tx, accountId: string, rows: { guid: string; profileId: number; seenAt: Date }[]): Promise<void> {
  if (rows.length === 0) return;
  const sorted = [...rows].sort((a, b) => (a.guid < b.guid ? -1 : 1));
  const inserted = await tx.query(
    `INSERT INTO device (account_id, guid, profile_id, first_seen, last_seen)
     SELECT $1, guid, profile_id, seen, seen FROM unnest($2::text[], $3::bigint[], $4::timestamptz[]) AS u(guid, profile_id, seen)
     ON CONFLICT (account_id, guid) DO NOTHING`,
    [accountId, sorted.map((r) => r.guid), sorted.map((r) => r.profileId), sorted.map((r) => r.seenAt)],
  );
  if (inserted.rowCount !== rows.length) throw conflict("a device was created by another request");
}

/** Known devices: point them at their (possibly new) profile and note when they were seen. */
export async function updateDevices(tx: Tx, accountId: string, rows: { guid: string; profileId: number; seenAt: Date }[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `UPDATE device d SET profile_id = u.profile_id, last_seen = GREATEST(d.last_seen, u.seen)
       FROM unnest($2::text[], $3::bigint[], $4::timestamptz[]) AS u(guid, profile_id, seen)
      WHERE d.account_id = $1 AND d.guid = u.guid`,
    [accountId, rows.map((r) => r.guid), rows.map((r) => r.profileId), rows.map((r) => r.seenAt)],
  );
}

/** The changes one accepted record made to one profile. */
export type ChangeSetRow = { profileId: number; at: Date; changes: PropertyChange[] };

export async function insertChangeSets(tx: Tx, accountId: string, context: ChangeContext, rows: ChangeSetRow[]): Promise<void> {
  if (rows.length === 0) return;
  const sets = rows.map((r) => ({
    profile_id: r.profileId,
    at: r.at,
    changes: r.changes.map((c) => ({ key: c.key, op: c.operation, old: c.oldValue, new: c.newValue, oldType: c.oldType, newType: c.newType })),
  }));
  await tx.query(
    `INSERT INTO profile_change_set (account_id, profile_id, changes, source, actor, reason, request_id, created_at)
     SELECT $1, profile_id, changes, $2, $3, $4, $5, at
       FROM jsonb_to_recordset($6::jsonb) AS u(profile_id bigint, changes jsonb, at timestamptz)`,
    [accountId, context.source, context.actor ?? null, context.reason ?? null, context.requestId ?? null, recordset(sets)],
  );
}

export type EventRow = { profileId: number; deviceGuid: string | null; name: string; properties: unknown; at: Date };

export async function insertEvents(tx: Tx, accountId: string, context: ChangeContext, rows: EventRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO event (account_id, profile_id, device_guid, name, properties, ts, source, request_id)
     SELECT $1, profile_id, device_guid, name, properties, ts, $2, $3
       FROM unnest($4::bigint[], $5::text[], $6::text[], $7::jsonb[], $8::timestamptz[]) AS u(profile_id, device_guid, name, properties, ts)`,
    [accountId, context.source, context.requestId ?? null, rows.map((r) => r.profileId), rows.map((r) => r.deviceGuid), rows.map((r) => r.name), rows.map((r) => json(r.properties)), rows.map((r) => r.at)],
  );
}

export type MergeRow = {
  profileId: number;
  previousProfileId: number | null;
  deviceGuid: string | null;
  action: "identify" | "attach-device";
  identityKind: string | null;
  identityValue: string | null;
};

export async function insertMerges(tx: Tx, accountId: string, context: ChangeContext, rows: MergeRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO profile_merge (account_id, profile_id, previous_profile_id, device_guid, action, identity_kind, identity_value, source, actor, request_id)
     SELECT $1, profile_id, previous_profile_id, device_guid, action, identity_kind, identity_value, $2, $3, $4
       FROM unnest($5::bigint[], $6::bigint[], $7::text[], $8::text[], $9::text[], $10::text[])
         AS u(profile_id, previous_profile_id, device_guid, action, identity_kind, identity_value)`,
    [
      accountId, context.source, context.actor ?? null, context.requestId ?? null,
      rows.map((r) => r.profileId), rows.map((r) => r.previousProfileId), rows.map((r) => r.deviceGuid), rows.map((r) => r.action),
      rows.map((r) => r.identityKind), rows.map((r) => r.identityValue),
    ],
  );
}
