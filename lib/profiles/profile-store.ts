// SQL of the profile engine: locking, loading and multi-row writes. Only apply-records.ts and the other
// use cases call it, always inside one transaction.
import crypto from "node:crypto";
import type pg from "pg";
import type { Tx } from "../db/pool";
import type { ChangeContext, ProfileState, PropertyChange } from "./types";

const statementNames = new Map<string, string>();

/** Runs a statement as a named prepared statement: PostgreSQL parses and plans it once per connection instead of on
 * every call (the SDK endpoint runs a handful of these per request; planning was most of the database's CPU). */
function run<T extends pg.QueryResultRow = pg.QueryResultRow>(tx: Tx, text: string, values: unknown[]): Promise<pg.QueryResult<T>> {
  let name = statementNames.get(text);
  if (!name) {
    name = `store_${crypto.createHash("sha1").update(text).digest("hex").slice(0, 16)}`;
    statementNames.set(text, name);
  }
  return tx.query<T>({ name, text, values });
}

/** A race lost to a concurrent transaction (an identity or device created meanwhile): the caller retries. */
export function conflict(what: string): Error {
  return Object.assign(new Error(`concurrent change: ${what}`), { code: "40001" });
}

/** Owners of the given identities. One index scan with two arrays (exact pairs are filtered here). */
export async function findIdentityOwners(tx: Tx, accountId: string, pairs: { kind: string; value: string }[]) {
  if (pairs.length === 0) return [];
  const kinds = [...new Set(pairs.map((p) => p.kind))];
  const wanted = new Set(pairs.map((p) => `${p.kind}\u001f${p.value}`));
  const result = await run<{ kind: string; value: string; profile_id: number }>(tx,
    `SELECT kind, value, profile_id FROM profile_identity WHERE account_id = $1 AND kind = ANY($2::text[]) AND value = ANY($3::text[])`,
    [accountId, kinds, [...new Set(pairs.map((p) => p.value))]],
  );
  return result.rows.filter((row) => wanted.has(`${row.kind}\u001f${row.value}`));
}

/** Known devices among `guids`, row-locked (in guid order, before any profile): nobody can move them meanwhile. */
export async function lockDevices(tx: Tx, accountId: string, guids: string[]) {
  if (guids.length === 0) return [];
  const result = await run<{ guid: string; profile_id: number }>(tx,
    `SELECT guid, profile_id FROM device WHERE account_id = $1 AND guid = ANY($2::text[]) ORDER BY guid FOR UPDATE`,
    [accountId, [...guids].sort()],
  );
  return result.rows;
}

export type LoadedProfile = { id: number; identified: boolean; version: number; state: ProfileState; identities: { kind: string; value: string }[] };

/** Loads and row-locks profiles (in id order), with their identities, in one round trip. */
export async function lockProfiles(tx: Tx, accountId: string, ids: number[]): Promise<Map<number, LoadedProfile>> {
  const loaded = new Map<number, LoadedProfile>();
  if (ids.length === 0) return loaded;
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const rows = await run<{ id: number; identified: boolean; version: number; properties: ProfileState["properties"]; property_types: ProfileState["types"]; identities: { kind: string; value: string }[] }>(tx,
    `SELECT p.id, p.identified, p.version, p.properties, p.property_types,
            COALESCE((SELECT json_agg(json_build_object('kind', i.kind, 'value', i.value)) FROM profile_identity i WHERE i.profile_id = p.id), '[]') AS identities
       FROM profile p WHERE p.account_id = $1 AND p.id = ANY($2::bigint[]) ORDER BY p.id FOR UPDATE OF p`,
    [accountId, sorted],
  );
  for (const row of rows.rows) {
    loaded.set(row.id, { id: row.id, identified: row.identified, version: row.version, state: { properties: row.properties, types: row.property_types }, identities: row.identities });
  }
  return loaded;
}

export async function allocateProfileIds(tx: Tx, count: number): Promise<number[]> {
  if (count === 0) return [];
  const result = await run<{ id: number }>(tx, `SELECT nextval(pg_get_serial_sequence('profile', 'id')) AS id FROM generate_series(1, $1)`, [count]);
  return result.rows.map((row) => row.id);
}

const json = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

/** Rows travel as one JSON array read by jsonb_to_recordset: one native stringify, no array-literal escaping.
 * Callers leave absent values out (undefined), which the recordset reads as SQL NULL. */
const recordset = (rows: Record<string, unknown>[]): string => JSON.stringify(rows);

/** Times travel as epoch milliseconds: serialising Date objects to ISO text was a tenth of an upload's CPU. */
const fromMs = (column: string) => `to_timestamp(${column} / 1000.0)`;

const orAbsent = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

export type ProfileWrite = { id: number; identified: boolean; state: ProfileState; firstSeen: Date; lastSeen: Date };

export async function insertProfiles(tx: Tx, accountId: string, rows: ProfileWrite[]): Promise<void> {
  if (rows.length === 0) return;
  await run(tx,
    `INSERT INTO profile (id, account_id, identified, properties, property_types, version, first_seen, last_seen, created_at)
     SELECT id, $1, identified, properties, types, 1, ${fromMs("first_seen")}, ${fromMs("last_seen")}, now()
       FROM jsonb_to_recordset($2::jsonb) AS u(id bigint, identified bool, properties jsonb, types jsonb, first_seen bigint, last_seen bigint)`,
    [accountId, recordset(rows.map((r) => ({ id: r.id, identified: r.identified, properties: r.state.properties, types: r.state.types, first_seen: r.firstSeen.getTime(), last_seen: r.lastSeen.getTime() })))],
  );
}

export async function updateProfiles(tx: Tx, rows: (ProfileWrite & { changed: boolean })[]): Promise<void> {
  if (rows.length === 0) return;
  await run(tx,
    `UPDATE profile p SET identified = u.identified, properties = u.properties, property_types = u.types,
            version = p.version + CASE WHEN u.changed THEN 1 ELSE 0 END, last_seen = GREATEST(p.last_seen, ${fromMs("u.last_seen_ms")})
       FROM jsonb_to_recordset($1::jsonb) AS u(id bigint, identified bool, properties jsonb, types jsonb, changed bool, last_seen_ms bigint)
      WHERE p.id = u.id AND p.id = ANY($2::bigint[])`,
    // The ANY list repeats the ids for the planner: it cannot see how many rows jsonb_to_recordset yields (it assumes
    // 100) and would hash-join a sequential scan of the whole table, which grows with it (and with its dead rows).
    [recordset(rows.map((r) => ({ id: r.id, identified: r.identified, properties: r.state.properties, types: r.state.types, changed: r.changed, last_seen_ms: r.lastSeen.getTime() }))), rows.map((r) => r.id)],
  );
}

/** Inserts identities in a fixed order (no deadlock between two batches); an identity taken meanwhile is a conflict. */
export async function insertIdentities(tx: Tx, accountId: string, rows: { profileId: number; kind: string; value: string }[]): Promise<void> {
  if (rows.length === 0) return;
  const sorted = [...rows].sort((a, b) => (a.kind + a.value < b.kind + b.value ? -1 : 1));
  const inserted = await run(tx,
    `INSERT INTO profile_identity (account_id, profile_id, kind, value)
     SELECT $1, profile_id, kind, value FROM jsonb_to_recordset($2::jsonb) AS u(profile_id bigint, kind text, value text)
     ON CONFLICT (account_id, kind, value) DO NOTHING`,
    [accountId, recordset(sorted.map((r) => ({ profile_id: r.profileId, kind: r.kind, value: r.value })))],
  );
  if (inserted.rowCount !== rows.length) throw conflict("an identity was claimed by another request");
}

/** New devices; one created meanwhile by another request is a conflict. */
export async function insertDevices(tx: Tx, accountId: string, rows: { guid: string; profileId: number; seenAt: Date }[]): Promise<void> {
  if (rows.length === 0) return;
  const sorted = [...rows].sort((a, b) => (a.guid < b.guid ? -1 : 1));
  const inserted = await run(tx,
    `INSERT INTO device (account_id, guid, profile_id, first_seen, last_seen)
     SELECT $1, guid, profile_id, ${fromMs("seen")}, ${fromMs("seen")} FROM jsonb_to_recordset($2::jsonb) AS u(guid text, profile_id bigint, seen bigint)
     ON CONFLICT (account_id, guid) DO NOTHING`,
    [accountId, recordset(sorted.map((r) => ({ guid: r.guid, profile_id: r.profileId, seen: r.seenAt.getTime() })))],
  );
  if (inserted.rowCount !== rows.length) throw conflict("a device was created by another request");
}

/** Known devices: point them at their (possibly new) profile and note when they were seen. */
export async function updateDevices(tx: Tx, accountId: string, rows: { guid: string; profileId: number; seenAt: Date }[]): Promise<void> {
  if (rows.length === 0) return;
  await run(tx,
    `UPDATE device d SET profile_id = u.profile_id, last_seen = GREATEST(d.last_seen, ${fromMs("u.seen")})
       FROM jsonb_to_recordset($2::jsonb) AS u(guid text, profile_id bigint, seen bigint)
      WHERE d.account_id = $1 AND d.guid = u.guid AND d.guid = ANY($3::text[])`,
    // ANY: an index scan instead of a sequential scan of every device (see updateProfiles).
    [accountId, recordset(rows.map((r) => ({ guid: r.guid, profile_id: r.profileId, seen: r.seenAt.getTime() }))), rows.map((r) => r.guid)],
  );
}

/** The changes one accepted record made to one profile. */
export type ChangeSetRow = { profileId: number; at: Date; changes: PropertyChange[] };

export async function insertChangeSets(tx: Tx, accountId: string, context: ChangeContext, rows: ChangeSetRow[]): Promise<void> {
  if (rows.length === 0) return;
  // Built as text: the changes are stored as the engine produced them ({key, operation, oldValue, newValue, oldType,
  // newType}; null = absent), so no per-change object is copied (this is the hottest serialisation of an upload).
  const sets = `[${rows.map((r) => `{"profile_id":${r.profileId},"at":${r.at.getTime()},"changes":${JSON.stringify(r.changes)}}`).join(",")}]`;
  await run(tx,
    `INSERT INTO profile_change_set (account_id, profile_id, changes, source, actor, reason, request_id, created_at)
     SELECT $1, profile_id, changes, $2, $3, $4, $5, ${fromMs("at")}
       FROM jsonb_to_recordset($6::jsonb) AS u(profile_id bigint, changes jsonb, at bigint)`,
    [accountId, context.source, context.actor ?? null, context.reason ?? null, context.requestId ?? null, sets],
  );
}

export type EventRow = { profileId: number; deviceGuid: string | null; name: string; properties: unknown; at: Date };

export async function insertEvents(tx: Tx, accountId: string, context: ChangeContext, rows: EventRow[]): Promise<void> {
  if (rows.length === 0) return;
  await run(tx,
    `INSERT INTO event (account_id, profile_id, device_guid, name, properties, ts, source, request_id)
     SELECT $1, profile_id, device_guid, name, properties, ${fromMs("ts")}, $2, $3
       FROM jsonb_to_recordset($4::jsonb) AS u(profile_id bigint, device_guid text, name text, properties jsonb, ts bigint)`,
    [accountId, context.source, context.requestId ?? null, recordset(rows.map((r) => ({ profile_id: r.profileId, device_guid: orAbsent(r.deviceGuid), name: r.name, properties: r.properties, ts: r.at.getTime() })))],
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
  await run(tx,
    `INSERT INTO profile_merge (account_id, profile_id, previous_profile_id, device_guid, action, identity_kind, identity_value, source, actor, request_id)
     SELECT $1, profile_id, previous_profile_id, device_guid, action, identity_kind, identity_value, $2, $3, $4
       FROM jsonb_to_recordset($5::jsonb)
         AS u(profile_id bigint, previous_profile_id bigint, device_guid text, action text, identity_kind text, identity_value text)`,
    [
      accountId, context.source, context.actor ?? null, context.requestId ?? null,
      recordset(rows.map((r) => ({
        profile_id: r.profileId, previous_profile_id: orAbsent(r.previousProfileId), device_guid: orAbsent(r.deviceGuid), action: r.action,
        identity_kind: orAbsent(r.identityKind), identity_value: orAbsent(r.identityValue),
      }))),
    ],
  );
}
