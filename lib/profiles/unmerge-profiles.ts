// Staff undo a merge of two identified profiles (merge-profiles.ts): the merged profile comes back exactly as it would
// be had the merge never happened — its devices, identities and events (those the merge moved and still here), and
// its own properties, consents and change log, which the merge never touched — and this profile's properties go back
// to their values before the merge where the merge's change set still stands. What was recorded after the merge stays
// where it was made. Merging the same two profiles again gives back the merged state.
import type { ActionResult } from "../action-result";
import { pool } from "../db/pool";
import { applyStaffRecords, type StaffActor } from "./apply-staff-record";
import { profileLabel } from "./profile-label";
import type { DomainRecord, ProfileUnmerge } from "./records";
import { restoreChanges, type StoredChange } from "./restore-changes";
import type { IdentityClaim, IdentityKind, ProfileState } from "./types";

export type ProfileUnmergePreview = {
  mergeId: number;
  back: { id: number; label: string };
  devices: string[];
  identities: IdentityClaim[];
  events: number;
  /** This profile's properties the merge set, going back to their value before it. */
  restored: { key: string; now: unknown; back: unknown }[];
  /** Properties the merge set that changed again since: they stay. */
  keptSince: string[];
};

type Plan = { unmerge: ProfileUnmerge; mergeIds: number[]; preview: ProfileUnmergePreview };

/** The open staff merges into a profile (their own journal rows), newest first. */
export async function openMerges(profileId: number): Promise<number[]> {
  const { rows } = await pool().query<{ id: string }>(
    `SELECT id::text FROM profile_merge
      WHERE profile_id = $1 AND action = 'merge' AND device_guid IS NULL AND identity_kind IS NULL AND undone_at IS NULL ORDER BY id DESC`,
    [profileId],
  );
  return rows.map((row) => Number(row.id));
}

/** The record that undoes a merge, with the journal rows it closes. */
export function unmergeRecord(plan: Plan, profileId: number, at: Date): DomainRecord {
  return { kind: "profile", target: { by: "profile", id: profileId }, data: {}, at, unmergeFrom: plan.unmerge, undoMerges: plan.mergeIds };
}

/** Reads a merge's journal rows, its change set and what of it is still here; a message when it is not an open merge
 * here. */
export async function planUnmerge(options: { profileId: number; mergeId: number }): Promise<Plan | string> {
  const db = pool();
  const head = (
    await db.query<{ previous_profile_id: string; request_id: string | null; joined: string | null }>(
      `SELECT m.previous_profile_id::text, m.request_id, p.joined_to_profile_id::text AS joined
         FROM profile_merge m JOIN profile p ON p.id = m.profile_id
        WHERE m.id = $1 AND m.profile_id = $2 AND m.action = 'merge' AND m.device_guid IS NULL AND m.identity_kind IS NULL
          AND m.undone_at IS NULL`,
      [options.mergeId, options.profileId],
    )
  ).rows[0];
  if (!head) return "This merge was already undone, or is not one of this profile's.";
  if (head.joined !== null) return `This profile was merged into profile #${head.joined} since: unmerge it there first.`;
  const otherId = Number(head.previous_profile_id);
  const [entries, changeSet, other, here, events] = await Promise.all([
    db.query<{ id: string; device_guid: string | null; identity_kind: IdentityKind | null; identity_value: string | null }>(
      `SELECT id::text, device_guid, identity_kind, identity_value FROM profile_merge
        WHERE profile_id = $1 AND previous_profile_id = $2 AND action = 'merge' AND request_id IS NOT DISTINCT FROM $3
          AND undone_at IS NULL`,
      [options.profileId, otherId, head.request_id],
    ),
    db.query<{ changes: StoredChange[] }>(
      "SELECT changes FROM profile_change_set WHERE profile_id = $1 AND request_id = $2 AND source = 'staff' ORDER BY id LIMIT 1",
      [options.profileId, head.request_id],
    ),
    db.query<{ properties: Record<string, unknown> }>("SELECT properties FROM profile WHERE id = $1", [otherId]),
    db.query<{ properties: ProfileState["properties"]; property_types: ProfileState["types"]; guids: string[]; identities: string[] }>(
      `SELECT properties, property_types,
              ARRAY(SELECT guid FROM device WHERE profile_id = p.id) AS guids,
              ARRAY(SELECT kind || ':' || value FROM profile_identity WHERE profile_id = p.id) AS identities
         FROM profile p WHERE id = $1`,
      [options.profileId],
    ),
    db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM merged_event me JOIN event e ON e.id = me.event_id WHERE me.merge_id = $1 AND e.profile_id = $2",
      [options.mergeId, options.profileId],
    ),
  ]);
  if (!other.rows[0] || !here.rows[0]) return "The merged profile no longer exists.";
  const current = here.rows[0];
  const devices = entries.rows.flatMap((e) => (e.device_guid && current.guids.includes(e.device_guid) ? [e.device_guid] : []));
  const identities = entries.rows.flatMap((e) =>
    e.identity_kind && e.identity_value !== null && current.identities.includes(`${e.identity_kind}:${e.identity_value}`)
      ? [{ kind: e.identity_kind, value: e.identity_value }]
      : [],
  );
  // A change set stores absent sides as missing keys; read them as null.
  const changes = (changeSet.rows[0]?.changes ?? []).map((c) => ({
    key: c.key,
    oldValue: c.oldValue ?? null,
    oldType: c.oldType ?? null,
    newValue: c.newValue ?? null,
    newType: c.newType ?? null,
  }));
  const restored = restoreChanges({ properties: current.properties, types: current.property_types }, changes);
  return {
    unmerge: { profileId: otherId, mergeId: options.mergeId, devices, identities, changes },
    mergeIds: entries.rows.map((e) => Number(e.id)),
    preview: {
      mergeId: options.mergeId,
      back: { id: otherId, label: profileLabel({ id: otherId, properties: other.rows[0].properties }) },
      devices,
      identities,
      events: events.rows[0].n,
      restored: restored.changes.map((c) => ({ key: c.key, now: c.oldValue, back: c.newValue })),
      keptSince: restored.keptSince,
    },
  };
}

export async function previewProfileUnmerge(options: { profileId: number; mergeId: number }): Promise<ProfileUnmergePreview | string> {
  const plan = await planUnmerge(options);
  return typeof plan === "string" ? plan : plan.preview;
}

export async function unmergeProfiles(options: {
  profileId: number;
  mergeId: number;
  staff: StaffActor;
}): Promise<ActionResult<{ backTo: number }>> {
  const plan = await planUnmerge(options);
  if (typeof plan === "string") return { ok: false, formError: plan };
  const outcomes = await applyStaffRecords({
    profileId: options.profileId,
    staff: options.staff,
    action: "profile-unmerge",
    records: (at) => [unmergeRecord(plan, options.profileId, at)],
  });
  const outcome = outcomes?.[0];
  if (!outcome) return { ok: false, formError: "This profile no longer exists." };
  if (!outcome.ok) return { ok: false, formError: outcome.error.message };
  return { ok: true, backTo: plan.unmerge.profileId };
}
