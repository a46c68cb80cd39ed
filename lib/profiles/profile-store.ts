// SQL of the profile engine: locking, loading and multi-row writes. Only apply-records.ts and the other
// use cases call it, inside one transaction (recordDeviceActivity is one statement and needs none).
import crypto from "node:crypto";
import type pg from "pg";
import type { Tx } from "../db/pool";
import type { Place } from "../location/location-fix";
import { claimKey } from "./identity-claims";
import type { ChangeContext, ProfileState, PropertyChange } from "./types";

const statementNames = new Map<string, string>();

/** Runs a statement as a named prepared statement: PostgreSQL parses and plans it once per connection instead of on
 * every call (the SDK endpoint runs a handful of these per request; planning was most of the database's CPU). */
function run<T extends pg.QueryResultRow = pg.QueryResultRow>(
  tx: Tx | pg.Pool,
  text: string,
  values: unknown[],
): Promise<pg.QueryResult<T>> {
  let name = statementNames.get(text);
  if (!name) {
    name = `store_${crypto.createHash("sha1").update(text).digest("hex").slice(0, 16)}`;
    statementNames.set(text, name);
  }
  return tx.query<T>({ name, text, values });
}

const UNIQUE_VIOLATION = "23505";

/** A race lost to a concurrent transaction (an identity or device created meanwhile): the caller retries. */
export function conflict(what: string): Error {
  return Object.assign(new Error(`concurrent change: ${what}`), { code: "40001" });
}

export type LoadedProfile = {
  id: number;
  identified: boolean;
  version: number;
  state: ProfileState;
  identities: { kind: string; value: string }[];
};
export type Loaded = {
  devices: { guid: string; profile_id: number; opted_out: boolean }[];
  owners: { kind: string; value: string; profile_id: number }[];
  profiles: Map<number, LoadedProfile>;
};

/**
 * Everything a batch reads, in one round trip: the named devices row-locked (guid order), the owners of the named
 * identities, and the profiles of both plus `profileIds`, row-locked (id order) with their identities. The profile
 * list is an ARRAY(...) of the devices' rows, so all devices are locked before the first profile (every writer locks
 * in this order: no deadlock). A device moved meanwhile is read as it is now; a row committed meanwhile that this
 * statement cannot see shows up as a missing profile or an identity conflict, and the batch is retried.
 */
export async function loadForUpdate(
  tx: Tx,
  accountId: string,
  want: { guids: string[]; identities: { kind: string; value: string }[]; profileIds: number[] },
): Promise<Loaded> {
  const loaded: Loaded = { devices: [], owners: [], profiles: new Map() };
  if (want.guids.length === 0 && want.identities.length === 0 && want.profileIds.length === 0) return loaded;
  const result = await run<{
    devices: Loaded["devices"] | null;
    owners: Loaded["owners"] | null;
    profiles:
      | (Omit<LoadedProfile, "state"> & {
          account_id: string;
          properties: ProfileState["properties"];
          property_types: ProfileState["types"];
        })[]
      | null;
  }>(
    tx,
    `WITH d AS MATERIALIZED (
       SELECT guid, profile_id, opted_out FROM device WHERE account_id = $1 AND guid = ANY($2::text[]) ORDER BY guid FOR UPDATE
     ), o AS MATERIALIZED (
       SELECT kind, value, profile_id FROM profile_identity WHERE account_id = $1 AND kind = ANY($3::text[]) AND value = ANY($4::text[])
     ), p AS MATERIALIZED (
       SELECT p.id, p.account_id, p.identified, p.version, p.properties, p.property_types,
              COALESCE((SELECT json_agg(json_build_object('kind', i.kind, 'value', i.value))
                          FROM profile_identity i WHERE i.profile_id = p.id), '[]') AS identities
         FROM profile p
        WHERE p.id = ANY(ARRAY(SELECT profile_id FROM d) || ARRAY(SELECT profile_id FROM o) || $5::bigint[])
        ORDER BY p.id FOR NO KEY UPDATE OF p
     )
     SELECT (SELECT json_agg(d) FROM d) AS devices, (SELECT json_agg(o) FROM o) AS owners, (SELECT json_agg(p) FROM p) AS profiles`,
    [
      accountId,
      [...want.guids].sort(),
      [...new Set(want.identities.map((i) => i.kind))],
      [...new Set(want.identities.map((i) => i.value))],
      [...new Set(want.profileIds)],
    ],
  );
  const row = result.rows[0];
  // One index scan with two arrays finds a superset of the exact (kind, value) pairs; keep the exact ones.
  const wanted = new Set(want.identities.map((i) => claimKey(i.kind, i.value)));
  loaded.devices = row.devices ?? [];
  loaded.owners = (row.owners ?? []).filter((owner) => wanted.has(claimKey(owner.kind, owner.value)));
  for (const p of row.profiles ?? []) {
    // The account is checked here, not in the WHERE clause: by id alone the primary key is the only index the
    // (generic) plan can pick, where `account_id = $1` also matched the list's (account_id, …) indexes.
    if (p.account_id !== accountId) continue;
    loaded.profiles.set(p.id, {
      id: p.id,
      identified: p.identified,
      version: p.version,
      state: { properties: p.properties, types: p.property_types },
      identities: p.identities,
    });
  }
  return loaded;
}

/** Releases identities of their profile (a staff unlink), in the caller's transaction (the profile is locked). */
export async function removeIdentities(
  tx: Tx,
  accountId: string,
  rows: { profileId: number; kind: string; value: string }[],
): Promise<void> {
  for (const row of rows)
    await tx.query("DELETE FROM profile_identity WHERE account_id = $1 AND value = $2 AND kind = $3 AND profile_id = $4", [
      accountId,
      row.value,
      row.kind,
      row.profileId,
    ]);
}

/** Closes journal entries (a staff unmerge), in the caller's transaction. */
export async function markMergesUndone(tx: Tx, accountId: string, ids: number[]): Promise<void> {
  if (ids.length > 0)
    await tx.query("UPDATE profile_merge SET undone_at = now() WHERE account_id = $1 AND id = ANY($2::bigint[]) AND undone_at IS NULL", [
      accountId,
      ids,
    ]);
}

/**
 * A staff merge's own journal row, and the merged profile's events moved to the survivor under it, in one statement:
 * merged_event keeps which events the merge moved, so that its unmerge moves exactly those back.
 */
export async function mergeEvents(
  tx: Tx,
  accountId: string,
  merge: { survivorId: number; otherId: number; context: ChangeContext },
): Promise<void> {
  const { context } = merge;
  await tx.query(
    `WITH m AS (
       INSERT INTO profile_merge (account_id, profile_id, previous_profile_id, previous_identified, action,
                                  source, actor, reason, request_id)
       VALUES ($1, $2, $3, true, 'merge', $4, $5, $6, $7) RETURNING id
     ), moved AS (
       UPDATE event SET profile_id = $2 WHERE account_id = $1 AND profile_id = $3 RETURNING id
     )
     INSERT INTO merged_event (merge_id, event_id) SELECT m.id, moved.id FROM m CROSS JOIN moved`,
    [accountId, merge.survivorId, merge.otherId, context.source, context.actor ?? null, context.reason ?? null, context.requestId ?? null],
  );
}

/** The unmerge of a staff merge: the events that merge moved, and still on the survivor, go back. */
export async function unmergeEvents(tx: Tx, accountId: string, unmerge: { survivorId: number; otherId: number; mergeId: number }) {
  await tx.query(
    `UPDATE event e SET profile_id = $3 FROM merged_event me
      WHERE me.merge_id = $4 AND e.id = me.event_id AND e.account_id = $1 AND e.profile_id = $2`,
    [accountId, unmerge.survivorId, unmerge.otherId, unmerge.mergeId],
  );
}

/** The devices of some profiles (a staff link moves them all); read before they are locked with the rest. */
export async function devicesOfProfiles(tx: Tx, accountId: string, profileIds: number[]): Promise<string[]> {
  if (profileIds.length === 0) return [];
  const { rows } = await tx.query<{ guid: string }>("SELECT guid FROM device WHERE account_id = $1 AND profile_id = ANY($2::bigint[])", [
    accountId,
    profileIds,
  ]);
  return rows.map((row) => row.guid);
}

export async function allocateProfileIds(tx: Tx, count: number): Promise<number[]> {
  if (count === 0) return [];
  // The sequence of the BIGSERIAL column by its name, resolved once when the statement is planned: looking it up with
  // pg_get_serial_sequence ran per row even from a subquery (9 ms per 1000 ids instead of 1.7).
  const result = await run<{ id: number }>(tx, `SELECT nextval('profile_id_seq'::regclass) AS id FROM generate_series(1, $1)`, [count]);
  return result.rows.map((row) => row.id);
}

/** Rows travel as one JSON array read by jsonb_to_recordset: one native stringify, no array-literal escaping.
 * Callers leave absent values out (undefined), which the recordset reads as SQL NULL. */
const recordset = (rows: Record<string, unknown>[]): string => JSON.stringify(rows);

/** Times travel as epoch milliseconds: serialising Date objects to ISO text was a tenth of an upload's CPU. */
const fromMs = (column: string) => `to_timestamp((${column}) / 1000.0)`;

const orAbsent = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

/** Who made a row travels with the row: one batch may hold the records of several requests (see group-commit.ts). */
const CONTEXT_COLUMNS = "source text, actor text, reason text, request_id text";
const contextFields = (context: ChangeContext) => ({
  source: context.source,
  actor: orAbsent(context.actor ?? null),
  reason: orAbsent(context.reason ?? null),
  request_id: orAbsent(context.requestId ?? null),
});

export type ProfileWrite = { id: number; identified: boolean; state: ProfileState; firstSeen: Date; lastSeen: Date };
/** The changes one accepted record made to one profile, and who made them. */
export type ChangeSetRow = { profileId: number; at: Date; changes: PropertyChange[]; context: ChangeContext };
export type EventRow = {
  profileId: number;
  deviceGuid: string | null;
  name: string;
  properties: unknown;
  at: Date;
  context: ChangeContext;
};
export type MergeRow = {
  context: ChangeContext;
  profileId: number;
  previousProfileId: number | null;
  /** Whether the previous profile was identified when the device left it (null: no previous profile). */
  previousIdentified: boolean | null;
  deviceGuid: string | null;
  action: "identify" | "attach-device" | "unmerge" | "move-device" | "unlink" | "merge";
  identityKind: string | null;
  identityValue: string | null;
};
export type DeviceWrite = { guid: string; profileId: number; seenAt: Date };

/** Change sets travel as their json texts joined by this separator and are split by string_to_table: json input only
 * validates (jsonb input builds a tree: 26 ms per 1000 change sets), and JSON text never holds a raw control character
 * (JSON.stringify escapes them), so the separator cannot occur inside one. */
const RECORD_SEPARATOR = "\u001e";

/**
 * One change as stored: {key, operation, oldValue, oldType, newValue, newType}, an absent side left out (a key set for
 * the first time has no old value). Built as text, not copied into objects: this is the hottest serialisation of an
 * upload, and leaving the absent side out made PostgreSQL's parse of a batch's change sets a third cheaper.
 */
function changeJson(change: PropertyChange): string {
  let json = `{"key":${JSON.stringify(change.key)},"operation":"${change.operation}"`;
  if (change.oldValue !== null) json += `,"oldValue":${JSON.stringify(change.oldValue)},"oldType":"${change.oldType}"`;
  if (change.newValue !== null) json += `,"newValue":${JSON.stringify(change.newValue)},"newType":"${change.newType}"`;
  return `${json}}`;
}

export type BatchWrite = {
  newProfiles: ProfileWrite[];
  /** `joinedTo`: set on an anonymous profile whose device joined that profile (null: unchanged; 0: no longer joined). */
  updatedProfiles: (ProfileWrite & { changed: boolean; joinedTo: number | null })[];
  identities: { profileId: number; kind: string; value: string }[];
  newDevices: DeviceWrite[];
  updatedDevices: DeviceWrite[];
  changeSets: ChangeSetRow[];
  events: EventRow[];
  merges: MergeRow[];
};

/**
 * Writes a batch — profiles, identities, devices, change sets, events, merge journal — as ONE statement of
 * data-modifying CTEs (one round trip, one plan; an empty part writes nothing). Rows travel as JSON recordsets.
 * New identities and devices are inserted in a fixed order (no deadlock between batches): one taken meanwhile by
 * another request violates its unique index, which is reported as a conflict, and the caller's transaction is retried.
 */
export async function writeBatch(tx: Tx, accountId: string, batch: BatchWrite): Promise<void> {
  const byGuid = (a: DeviceWrite, b: DeviceWrite) => (a.guid < b.guid ? -1 : 1);
  // In the identity key's order (value, kind), compared in place: a comparator building strings ran 20,000 times a batch.
  const identities = [...batch.identities].sort((a, b) => (a.value !== b.value ? (a.value < b.value ? -1 : 1) : a.kind < b.kind ? -1 : 1));
  const newDevices = [...batch.newDevices].sort(byGuid);
  const devices = (rows: DeviceWrite[]) =>
    recordset(rows.map((r) => ({ guid: r.guid, profile_id: r.profileId, seen: r.seenAt.getTime() })));
  const changeSets = recordset(batch.changeSets.map((r) => ({ profile_id: r.profileId, at: r.at.getTime(), ...contextFields(r.context) })));
  const changes = batch.changeSets.map((r) => `[${r.changes.map(changeJson).join(",")}]`).join(RECORD_SEPARATOR);
  await run(
    tx,
    `WITH new_profiles AS (
       INSERT INTO profile (id, account_id, identified, properties, property_types, version, first_seen, last_seen, created_at)
       SELECT id, $1, identified, properties, types, 1, ${fromMs("first_seen")}, ${fromMs("last_seen")}, now()
         FROM jsonb_to_recordset($2::jsonb)
              AS u(id bigint, identified bool, properties jsonb, types jsonb, first_seen bigint, last_seen bigint)
     ), updated_profiles AS (
       UPDATE profile p SET identified = u.identified, properties = u.properties, property_types = u.types,
              version = p.version + CASE WHEN u.changed THEN 1 ELSE 0 END, last_seen = GREATEST(p.last_seen, ${fromMs("u.last_seen_ms")}),
              joined_to_profile_id = NULLIF(COALESCE(u.joined_to, p.joined_to_profile_id), 0)
         FROM jsonb_to_recordset($3::jsonb)
           AS u(id bigint, identified bool, properties jsonb, types jsonb, changed bool, last_seen_ms bigint, joined_to bigint)
        WHERE p.id = u.id AND p.id = ANY($4::bigint[])
     ), new_identities AS (
       INSERT INTO profile_identity (account_id, profile_id, kind, value)
       SELECT $1, profile_id, kind, value FROM jsonb_to_recordset($5::jsonb) AS u(profile_id bigint, kind text, value text)
     ), new_devices AS (
       INSERT INTO device (account_id, guid, profile_id, first_seen, last_seen)
       SELECT $1, guid, profile_id, ${fromMs("seen")}, ${fromMs("seen")}
         FROM jsonb_to_recordset($6::jsonb) AS u(guid text, profile_id bigint, seen bigint)
     ), updated_devices AS (
       UPDATE device d SET profile_id = u.profile_id, last_seen = GREATEST(d.last_seen, ${fromMs("u.seen")})
         FROM jsonb_to_recordset($7::jsonb) AS u(guid text, profile_id bigint, seen bigint)
        WHERE d.account_id = $1 AND d.guid = u.guid AND d.guid = ANY($8::text[])
     ), change_sets AS (
       INSERT INTO profile_change_set (account_id, profile_id, changes, source, actor, reason, request_id, created_at)
       SELECT $1, profile_id, changes::json, source, actor, reason, request_id, ${fromMs("at")}
         FROM ROWS FROM (jsonb_to_recordset($9::jsonb) AS (profile_id bigint, at bigint, ${CONTEXT_COLUMNS}), string_to_table($12, $13))
           AS u(profile_id, at, source, actor, reason, request_id, changes)
     ), events AS (
       INSERT INTO event (account_id, profile_id, device_guid, name, properties, ts, source, request_id)
       SELECT $1, profile_id, device_guid, name, properties, ${fromMs("ts")}, source, request_id
         FROM jsonb_to_recordset($10::jsonb)
              AS u(profile_id bigint, device_guid text, name text, properties jsonb, ts bigint, ${CONTEXT_COLUMNS})
     ), merges AS (
       INSERT INTO profile_merge (account_id, profile_id, previous_profile_id, previous_identified, device_guid, action,
                                  identity_kind, identity_value, source, actor, reason, request_id)
       SELECT $1, profile_id, previous_profile_id, previous_identified, device_guid, action,
              identity_kind, identity_value, source, actor, reason, request_id
         FROM jsonb_to_recordset($11::jsonb)
           AS u(profile_id bigint, previous_profile_id bigint, previous_identified bool, device_guid text, action text, identity_kind text,
                identity_value text, ${CONTEXT_COLUMNS})
     )
     SELECT 1`,
    // The ANY lists repeat the updated ids for the planner: it cannot see how many rows jsonb_to_recordset yields (it
    // assumes 100) and would hash-join a sequential scan of the whole table, which grows with it.
    [
      accountId,
      recordset(
        batch.newProfiles.map((r) => ({
          id: r.id,
          identified: r.identified,
          properties: r.state.properties,
          types: r.state.types,
          first_seen: r.firstSeen.getTime(),
          last_seen: r.lastSeen.getTime(),
        })),
      ),
      recordset(
        batch.updatedProfiles.map((r) => ({
          id: r.id,
          identified: r.identified,
          properties: r.state.properties,
          types: r.state.types,
          changed: r.changed,
          last_seen_ms: r.lastSeen.getTime(),
          joined_to: orAbsent(r.joinedTo),
        })),
      ),
      batch.updatedProfiles.map((r) => r.id),
      recordset(identities.map((r) => ({ profile_id: r.profileId, kind: r.kind, value: r.value }))),
      devices(newDevices),
      devices(batch.updatedDevices),
      batch.updatedDevices.map((r) => r.guid),
      changeSets,
      recordset(
        batch.events.map((r) => ({
          profile_id: r.profileId,
          device_guid: orAbsent(r.deviceGuid),
          name: r.name,
          properties: r.properties,
          ts: r.at.getTime(),
          ...contextFields(r.context),
        })),
      ),
      recordset(
        batch.merges.map((r) => ({
          profile_id: r.profileId,
          previous_profile_id: orAbsent(r.previousProfileId),
          previous_identified: orAbsent(r.previousIdentified),
          device_guid: orAbsent(r.deviceGuid),
          action: r.action,
          identity_kind: orAbsent(r.identityKind),
          identity_value: orAbsent(r.identityValue),
          ...contextFields(r.context),
        })),
      ),
      changes,
      RECORD_SEPARATOR,
    ],
  ).catch((error: unknown) => {
    // Plain inserts (ON CONFLICT's speculative insertion cost a third more): a unique violation is the lost race.
    if ((error as { code?: string }).code === UNIQUE_VIOLATION)
      throw conflict(`${(error as { constraint?: string }).constraint ?? "a unique key"} was taken by another request`);
    throw error;
  });
}

/** Last seen is kept to this precision on the activity path: a device active again within it rewrites no row
 * (a profile row carries eight indexes; rewriting it for every page view was most of the database's work). */
export const LAST_SEEN_PRECISION_MS = 60_000;

/**
 * Activity of known devices — events, page views, pings — as ONE statement: it reads each device's profile, moves
 * last-seen times forward when they are older than LAST_SEEN_PRECISION_MS, and appends the events to those profiles.
 * It changes no property and reads no row it then decides on, so it needs no lock taken beforehand: events that race
 * a login moving the device land on the profile the device pointed to when the statement began (the login had not
 * committed: they happened before it). A profile deleted meanwhile fails the event's foreign key (23503), and the
 * statement writes nothing. Returns guid → profile id of the devices found; the others (unknown, or opted out with
 * `unlessOptedOut`) had nothing written; `relocate`, the devices whose `place` differs from their profile's Country /
 * Region / City (read, not locked: the caller decides under the profile's lock whether to write it), checked with
 * last seen's precision: only when the device's last seen moves (a device calling again within the minute is not
 * looked at again; a visitor who changed country is moved by their first call a minute later). `allOrNothing`:
 * unless every device is found, nothing at all is written
 * (a request run as this statement alone is then run whole in a transaction instead: nothing is written twice).
 */
export async function recordDeviceActivity(
  db: pg.Pool | Tx,
  accountId: string,
  activity: {
    devices: { guid: string; seenAt: Date; place?: Place }[];
    events: Omit<EventRow, "profileId">[];
    unlessOptedOut: boolean;
    allOrNothing: boolean;
    /** Claim the events' call keys in this statement; an event whose key was claimed before is not written. */
    claimKeys: boolean;
  },
): Promise<{ profileOf: Map<string, number>; relocate: Set<string> }> {
  const result = await run<{ guid: string; profile_id: number; relocate: boolean | null }>(
    db,
    `WITH d AS MATERIALIZED (
       SELECT dv.id, dv.guid, dv.profile_id, u.seen,
              CASE WHEN u.country IS NOT NULL AND dv.last_seen < ${fromMs("u.seen - $5::bigint")} THEN
                (SELECT p.properties ->> 'Country' IS DISTINCT FROM u.country OR p.properties ->> 'Region' IS DISTINCT FROM u.region
                        OR p.properties ->> 'City' IS DISTINCT FROM u.city
                   FROM profile p WHERE p.id = dv.profile_id) END AS relocate
         FROM device dv
         JOIN jsonb_to_recordset($2::jsonb) AS u(guid text, seen bigint, country text, region text, city text) ON u.guid = dv.guid
        WHERE dv.account_id = $1 AND dv.guid = ANY($3::text[]) AND NOT (dv.opted_out AND $4::bool)
     ), go AS MATERIALIZED (
       SELECT NOT $7::bool OR (SELECT count(*) FROM d) = cardinality($3::text[]) AS ok
     ), seen_device AS (
       UPDATE device dv SET last_seen = ${fromMs("d.seen")} FROM d
        WHERE dv.id = d.id AND dv.id = ANY(ARRAY(SELECT id FROM d)) AND dv.last_seen < ${fromMs("d.seen - $5::bigint")}
          AND (SELECT ok FROM go)
     ), seen_profile AS (
       UPDATE profile p SET last_seen = ${fromMs("s.seen")}
         FROM (SELECT profile_id, max(seen) AS seen FROM d GROUP BY profile_id) s
        WHERE p.id = s.profile_id AND p.id = ANY(ARRAY(SELECT profile_id FROM d)) AND p.last_seen < ${fromMs("s.seen - $5::bigint")}
          AND (SELECT ok FROM go)
     ), k AS (
       INSERT INTO request_key (key)
       SELECT DISTINCT decode(u.once_key, 'hex') FROM jsonb_to_recordset($6::jsonb) AS u(once_key text)
        WHERE u.once_key IS NOT NULL AND (SELECT ok FROM go)
       ON CONFLICT DO NOTHING RETURNING encode(key, 'hex') AS key
     ), e AS (
       INSERT INTO event (account_id, profile_id, device_guid, name, properties, ts, source, request_id)
       SELECT $1, d.profile_id, u.device_guid, u.name, u.properties, ${fromMs("u.ts")}, u.source, u.request_id
         FROM jsonb_to_recordset($6::jsonb)
              AS u(device_guid text, name text, properties jsonb, ts bigint, once_key text, ${CONTEXT_COLUMNS})
         JOIN d ON d.guid = u.device_guid
        WHERE (SELECT ok FROM go) AND (u.once_key IS NULL OR u.once_key IN (SELECT key FROM k))
     )
     SELECT guid, profile_id, relocate FROM d`,
    [
      accountId,
      recordset(
        activity.devices.map((d) => ({
          guid: d.guid,
          seen: d.seenAt.getTime(),
          country: d.place?.country,
          region: orAbsent(d.place?.region ?? null),
          city: orAbsent(d.place?.city ?? null),
        })),
      ),
      activity.devices.map((d) => d.guid),
      activity.unlessOptedOut,
      LAST_SEEN_PRECISION_MS,
      recordset(
        activity.events.map((e) => ({
          device_guid: e.deviceGuid,
          name: e.name,
          properties: e.properties,
          ts: e.at.getTime(),
          once_key: activity.claimKeys ? (e.context.onceKey ?? null) : null,
          ...contextFields(e.context),
        })),
      ),
      activity.allOrNothing,
    ],
  );
  return {
    profileOf: new Map(result.rows.map((row) => [row.guid, row.profile_id])),
    relocate: new Set(result.rows.filter((row) => row.relocate === true).map((row) => row.guid)),
  };
}
