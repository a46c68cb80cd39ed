// Export (a data-subject request): one JSON document with everything held about a person — the profile and the
// anonymous profiles joined to it, each with its properties and their types, identities, devices, events, change log,
// consent ledger and merge-journal rows. Streamed: events and change sets are read in keyset pages of 1,000 and
// written as they come, so a profile with 100,000 events exports in bounded memory.
import { Readable } from "node:stream";
import { type AuditActor, writeAudit } from "../audit/write-audit";
import { getConsentLedger } from "../consents/consent-ledger";
import { pool } from "../db/pool";
import { profileDevices } from "../push-tokens/profile-devices";
import { type ErasureLookup, joinedAnonymousProfiles, namedProfiles } from "./find-erasure-targets";

const PAGE = 1000;

/** Pages of a query, each after the last row of the previous one. */
async function* keyset<T>(query: (after: T | null) => Promise<T[]>): AsyncGenerator<T> {
  let after: T | null = null;
  for (;;) {
    const rows = await query(after);
    for (const row of rows) yield row;
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1];
  }
}

/** A JSON array written element by element. */
async function* array<T>(items: AsyncIterable<T>): AsyncGenerator<string> {
  yield "[";
  let first = true;
  for await (const item of items) {
    yield (first ? "" : ",") + JSON.stringify(item);
    first = false;
  }
  yield "]";
}

async function* profileDocument(profileId: number): AsyncGenerator<string> {
  const db = pool();
  const [profile, identities, devices, merges] = await Promise.all([
    db.query("SELECT id, identified, properties, property_types, version, first_seen, last_seen, created_at FROM profile WHERE id = $1", [
      profileId,
    ]),
    db.query("SELECT kind, value, created_at FROM profile_identity WHERE profile_id = $1 ORDER BY created_at", [profileId]),
    profileDevices(db, profileId),
    db.query(
      `SELECT id, profile_id, previous_profile_id, device_guid, action, identity_kind, identity_value,
              source, actor, request_id, created_at, undone_at
         FROM profile_merge WHERE profile_id = $1 OR previous_profile_id = $1 ORDER BY id`,
      [profileId],
    ),
  ]);
  const row = profile.rows[0];
  if (!row) return;
  const types = row.property_types as Record<string, string>;
  const properties = Object.fromEntries(
    Object.entries(row.properties as Record<string, unknown>).map(([key, value]) => [key, { value, type: types[key] ?? null }]),
  );
  const head = {
    id: row.id,
    identified: row.identified,
    version: row.version,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    createdAt: row.created_at,
    properties,
    identities: identities.rows,
    devices,
    merges: merges.rows,
    consentLedger: await getConsentLedger(profileId),
  };
  const text = JSON.stringify(head);
  yield `${text.slice(0, -1)},"changeLog":`;
  yield* array(
    keyset<{ id: number }>(async (after) => {
      const { rows } = await db.query<{ id: number }>(
        `SELECT id, changes, source, actor, reason, request_id, created_at FROM profile_change_set
          WHERE profile_id = $1 AND id > $2 ORDER BY id LIMIT ${PAGE}`,
        [profileId, after?.id ?? 0],
      );
      return rows;
    }),
  );
  yield `,"events":`;
  yield* array(
    // In the order of the (profile_id, ts) index, so each page is an index range, not a sort of every event.
    keyset<{ id: number; ts: Date }>(async (after) => {
      const { rows } = await db.query<{ id: number; ts: Date }>(
        `SELECT id, name, properties, ts, device_guid, source, request_id, created_at FROM event
          WHERE profile_id = $1 AND (ts, id) > (COALESCE($2::timestamptz AT TIME ZONE 'UTC', '-infinity'), $3::bigint)
          ORDER BY ts, id LIMIT ${PAGE}`,
        [profileId, after ? after.ts.toISOString() : null, after?.id ?? 0],
      );
      return rows;
    }),
  );
  yield "}";
}

/** The whole document, as text chunks. `profileId` must exist (see the callers' lookups). */
export async function* exportProfileChunks(options: { accountId: string; profileId: number; exportedAt?: Date }): AsyncGenerator<string> {
  const joined = await joinedAnonymousProfiles(pool(), options.accountId, [options.profileId]);
  yield `{"exportedAt":${JSON.stringify((options.exportedAt ?? new Date()).toISOString())},"profile":`;
  yield* profileDocument(options.profileId);
  yield `,"joinedAnonymousProfiles":[`;
  for (const [index, id] of joined.entries()) {
    if (index > 0) yield ",";
    yield* profileDocument(id);
  }
  yield "]}";
}

export function exportProfileStream(options: { accountId: string; profileId: number }): ReadableStream<Uint8Array> {
  return Readable.toWeb(Readable.from(exportProfileChunks(options), { objectMode: false })) as unknown as ReadableStream<Uint8Array>;
}

/** The REST API's export: the profile an exact lookup names, or null. */
export async function exportProfileByLookup(options: {
  accountId: string;
  lookup: ErasureLookup;
}): Promise<ReadableStream<Uint8Array> | null> {
  const [profileId] = await namedProfiles(pool(), options.accountId, options.lookup);
  return profileId === undefined ? null : exportProfileStream({ accountId: options.accountId, profileId });
}

/** A staff export (admins): audited (who, which profile, when) before the document streams. Null: no such profile. */
export async function exportProfileForStaff(options: { profileId: number; actor: AuditActor }): Promise<ReadableStream<Uint8Array> | null> {
  const { rows } = await pool().query<{ account_id: string }>("SELECT account_id FROM profile WHERE id = $1", [options.profileId]);
  if (!rows[0]) return null;
  await writeAudit(pool(), { action: "profile-export", actor: options.actor, profileId: options.profileId });
  return exportProfileStream({ accountId: rows[0].account_id, profileId: options.profileId });
}
