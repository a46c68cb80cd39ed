// The profile page's timeline: merges, property change sets and events in one list, newest first, filterable by
// kind and paged. A profile's history is its own rows plus those of the anonymous profiles whose device joined it
// (a browser's visit before its user signed in on it), marked with the profile and device they came from, and those
// of identified profiles staff merged into it explicitly, marked as such; never a row of another identified profile
// (a device that moves between two signed-in users leaves each one's history apart).
import { dashboardPool } from "../db/pool";

export const HISTORY_KINDS = ["merge", "change", "event"] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];
export const HISTORY_PAGE_SIZE = 25;

export type ChangeDetail = {
  key: string;
  operation: string;
  oldValue: unknown;
  newValue: unknown;
  oldType: string | null;
  newType: string | null;
};

/** A stored change set's changes; an absent old or new value (a key set for the first time, or deleted) reads as null. */
function readChanges(raw: unknown): ChangeDetail[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((c: Record<string, unknown>) => ({
    key: String(c.key),
    operation: String(c.operation),
    oldValue: c.oldValue ?? null,
    newValue: c.newValue ?? null,
    oldType: (c.oldType as string | undefined) ?? null,
    newType: (c.newType as string | undefined) ?? null,
  }));
}
/** `fromProfile`: the profile a row comes from — an anonymous profile whose device joined this one (the row is from
 * before sign-in on `viaDevice`), or, with `merged`, an identified profile staff merged into this one (its change log
 * stays its own; its events moved here with the merge); null for the profile's own rows. */
type Origin = { fromProfile: number | null; viaDevice: string | null; merged: boolean };
export type HistoryItem = Origin &
  (
    | {
        kind: "merge";
        id: string;
        at: Date;
        action: string;
        deviceGuid: string | null;
        previousProfileId: number | null;
        /** Whether the profile the device left was identified then (it kept its data); null when unknown or none. */
        previousIdentified: boolean | null;
        /** A staff unmerge closed this entry. */
        undone: boolean;
        reason: string | null;
        identityKind: string | null;
        identityValue: string | null;
        source: string;
        actor: string | null;
      }
    | {
        kind: "change";
        id: string;
        at: Date;
        changes: ChangeDetail[];
        source: string;
        actor: string | null;
        reason: string | null;
      }
    | {
        kind: "event";
        id: string;
        at: Date;
        name: string;
        properties: Record<string, unknown>;
        source: string;
        deviceGuid: string | null;
      }
  );

export type HistoryPage = { items: HistoryItem[]; page: number; hasNext: boolean };

/** Parses the `kinds` and `page` query parameters with safe defaults (all kinds, page 1). */
export function parseHistoryQuery(params: Record<string, string | string[] | undefined>): { kinds: HistoryKind[]; page: number } {
  const rawKinds = typeof params.kinds === "string" ? params.kinds.split(",") : [];
  const kinds = HISTORY_KINDS.filter((kind) => rawKinds.includes(kind));
  const page = Number(typeof params.page === "string" ? params.page : "1");
  return { kinds: kinds.length ? kinds : [...HISTORY_KINDS], page: Number.isSafeInteger(page) && page >= 1 && page <= 10_000 ? page : 1 };
}

type Row = {
  kind: HistoryKind;
  id: string;
  at: Date;
  profile_id: string;
  via_device: string | null;
  merged_from: string | null;
  detail: Record<string, unknown>;
};

export async function getProfileHistory(profileId: number, kinds: HistoryKind[], page: number): Promise<HistoryPage> {
  const { rows } = await dashboardPool().query<Row>(
    `WITH members AS (
       SELECT $1::bigint AS pid, NULL::text AS via_device
       UNION ALL
       (SELECT DISTINCT ON (previous_profile_id) previous_profile_id, device_guid FROM profile_merge
         WHERE profile_id = $1 AND action = 'attach-device' AND previous_profile_id IS NOT NULL AND previous_profile_id <> $1
           AND previous_identified = false AND undone_at IS NULL
         ORDER BY previous_profile_id, id)
       UNION ALL
       -- identified profiles staff merged into this one (the merge's own journal row: no device, no identity)
       SELECT DISTINCT previous_profile_id, NULL FROM profile_merge
        WHERE profile_id = $1 AND action = 'merge' AND device_guid IS NULL AND identity_kind IS NULL AND undone_at IS NULL
     ), items AS (
       SELECT 'merge' AS kind, m.id, m.created_at AS at, m.profile_id, NULL::text AS via_device,
              jsonb_build_object('action', m.action, 'deviceGuid', m.device_guid, 'previousProfileId', m.previous_profile_id,
                                 'previousIdentified', m.previous_identified, 'identityKind', m.identity_kind,
                                 'identityValue', m.identity_value, 'source', m.source, 'actor', m.actor, 'reason', m.reason,
                                 'undone', m.undone_at IS NOT NULL) AS detail
         FROM profile_merge m WHERE m.profile_id = $1 AND 'merge' = ANY($2::text[])
       UNION ALL
       SELECT 'change', s.id, s.created_at, s.profile_id, mb.via_device,
              jsonb_build_object('changes', s.changes, 'source', s.source, 'actor', s.actor, 'reason', s.reason)
         FROM profile_change_set s JOIN members mb ON mb.pid = s.profile_id WHERE 'change' = ANY($2::text[])
       UNION ALL
       SELECT 'event', e.id, e.ts, e.profile_id, mb.via_device,
              jsonb_build_object('name', e.name, 'properties', e.properties, 'source', e.source, 'deviceGuid', e.device_guid)
         FROM event e JOIN members mb ON mb.pid = e.profile_id WHERE 'event' = ANY($2::text[])
     ), page AS (
       SELECT * FROM items ORDER BY at DESC, kind, id DESC LIMIT $3 OFFSET $4
     )
     -- An event a staff merge moved here (and not unmerged) names the profile it came from; looked up for this page only.
     SELECT kind, id::text, at, profile_id::text, via_device, detail,
            (SELECT m.previous_profile_id::text FROM merged_event me JOIN profile_merge m ON m.id = me.merge_id
              WHERE page.kind = 'event' AND me.event_id = page.id AND m.profile_id = page.profile_id AND m.undone_at IS NULL
              ORDER BY m.id DESC LIMIT 1) AS merged_from
       FROM page ORDER BY at DESC, kind, id DESC`,
    [profileId, kinds, HISTORY_PAGE_SIZE + 1, (page - 1) * HISTORY_PAGE_SIZE],
  );
  const items = rows.slice(0, HISTORY_PAGE_SIZE).map((row): HistoryItem => {
    const d = row.detail as Record<string, never>;
    const fromProfile =
      row.merged_from !== null ? Number(row.merged_from) : Number(row.profile_id) === profileId ? null : Number(row.profile_id);
    // A row of another profile that is not an anonymous one joined by its device came with a staff merge.
    const merged = row.merged_from !== null || (fromProfile !== null && row.via_device === null);
    const base = { id: `${row.kind}-${row.id}`, at: row.at, fromProfile, viaDevice: row.via_device, merged };
    if (row.kind === "merge") {
      return {
        ...base,
        kind: "merge",
        action: d.action,
        deviceGuid: d.deviceGuid,
        previousProfileId: d.previousProfileId === null ? null : Number(d.previousProfileId),
        previousIdentified: d.previousIdentified ?? null,
        undone: d.undone === true,
        reason: d.reason ?? null,
        identityKind: d.identityKind,
        identityValue: d.identityValue,
        source: d.source,
        actor: d.actor,
      };
    }
    if (row.kind === "change")
      return { ...base, kind: "change", changes: readChanges(d.changes), source: d.source, actor: d.actor, reason: d.reason };
    return {
      ...base,
      kind: "event",
      name: d.name,
      properties: (d.properties ?? {}) as Record<string, unknown>,
      source: d.source,
      deviceGuid: d.deviceGuid,
    };
  });
  return { items, page, hasNext: rows.length > HISTORY_PAGE_SIZE };
}

/** The newest change set of a profile (0 when none): the page hands it to its forms as "what I have seen". */
export async function lastChangeSetId(profileId: number): Promise<number> {
  const { rows } = await dashboardPool().query<{ id: string | null }>(
    "SELECT max(id)::text AS id FROM profile_change_set WHERE profile_id = $1",
    [profileId],
  );
  return Number(rows[0]?.id ?? 0);
}

/** Change sets written after the one the editor had seen: what a conflicting editor needs to see. */
export async function changesSince(profileId: number, afterChangeSetId: number): Promise<Extract<HistoryItem, { kind: "change" }>[]> {
  const { rows } = await dashboardPool().query<{
    id: string;
    created_at: Date;
    changes: unknown;
    source: string;
    actor: string | null;
    reason: string | null;
  }>(
    `SELECT id::text, created_at, changes, source, actor, reason FROM profile_change_set
      WHERE profile_id = $1 AND id > $2 ORDER BY id LIMIT 50`,
    [profileId, afterChangeSetId],
  );
  return rows.map((r) => ({
    kind: "change",
    id: `change-${r.id}`,
    at: r.created_at,
    fromProfile: null,
    viaDevice: null,
    merged: false,
    changes: readChanges(r.changes),
    source: r.source,
    actor: r.actor,
    reason: r.reason,
  }));
}
