// Staff merge two profiles of the same person ("two accounts, one human"): the other profile's devices, identities
// and events move to this one, its properties and consents follow the merge rule (merge-profile-states.ts: MERGE_RULE),
// and it is marked as merged here — its own properties, consents and change log untouched, so that an unmerge gives
// it back whole (unmerge-profiles.ts). A reason is required; the journal and the change set keep it with the staff
// member as actor. The preview lists every property conflict and which value wins.
import type { ActionResult } from "../action-result";
import { loadConsentStates } from "../consents/consent-state";
import { mergeConsent } from "../consents/merge-consents";
import { pool } from "../db/pool";
import { applyStaffRecords, type StaffActor } from "./apply-staff-record";
import { MERGE_RULE, type MergeConflict, mergeProfileStates } from "./merge-profile-states";
import { profileLabel } from "./profile-label";
import { CONSENT_KEYS } from "./system-properties";
import type { ProfileState, StoredValue } from "./types";

type Side = { id: number; label: string; identities: { kind: string; value: string }[]; devices: string[]; events: number };

export type MergePreview =
  | {
      mode: "merge";
      rule: string;
      survivor: Side;
      other: Side;
      conflicts: MergeConflict[];
      copied: { key: string; value: StoredValue; type: string | null }[];
    }
  | { mode: "refused"; message: string };

type Row = {
  id: number;
  account_id: string;
  identified: boolean;
  joined_to_profile_id: string | null;
  properties: ProfileState["properties"];
  property_types: ProfileState["types"];
};

async function side(row: Row): Promise<Side> {
  const db = pool();
  const [identities, devices, events] = await Promise.all([
    db.query<{ kind: string; value: string }>("SELECT kind, value FROM profile_identity WHERE profile_id = $1 ORDER BY kind, value", [
      row.id,
    ]),
    db.query<{ guid: string }>("SELECT guid FROM device WHERE profile_id = $1 ORDER BY guid", [row.id]),
    db.query<{ n: number }>("SELECT count(*)::int AS n FROM event WHERE profile_id = $1", [row.id]),
  ]);
  return {
    id: Number(row.id),
    label: profileLabel({ id: Number(row.id), properties: row.properties }),
    identities: identities.rows,
    devices: devices.rows.map((d) => d.guid),
    events: events.rows[0].n,
  };
}

/** What the consent merge rule does: the consents the two profiles hold differently and which one it keeps, and the
 * ones only the merged profile has (copied). */
async function consentOutcome(survivorId: number, otherId: number) {
  const states = await loadConsentStates(pool(), [survivorId, otherId]);
  const ours = states.get(survivorId) ?? {};
  const theirs = states.get(otherId) ?? {};
  const conflicts: MergeConflict[] = [];
  const copied: { key: string; value: StoredValue; type: string | null }[] = [];
  for (const key of CONSENT_KEYS) {
    const a = ours[key] ?? { value: null, at: null };
    const b = theirs[key] ?? { value: null, at: null };
    if (b.value === null || a.value === b.value) continue;
    if (a.value === null) copied.push({ key, value: b.value, type: "boolean" });
    else {
      const winner = mergeConsent(a, b).value === a.value ? "survivor" : "other";
      const rule = "opt-out wins unless the opt-in is newer";
      conflicts.push({ key, survivor: a.value, other: b.value, survivorType: "boolean", otherType: "boolean", winner, rule });
    }
  }
  return { conflicts, copied };
}

export async function previewMerge(options: { profileId: number; otherProfileId: number }): Promise<MergePreview> {
  const { rows } = await pool().query<Row>(
    `SELECT id, account_id, identified, joined_to_profile_id::text, properties, property_types FROM profile WHERE id = ANY($1::bigint[])`,
    [[options.profileId, options.otherProfileId]],
  );
  const survivor = rows.find((row) => Number(row.id) === options.profileId);
  const other = rows.find((row) => Number(row.id) === options.otherProfileId);
  if (!survivor) return { mode: "refused", message: "This profile no longer exists." };
  if (options.otherProfileId === options.profileId) return { mode: "refused", message: "A profile cannot be merged into itself." };
  if (!other || other.account_id !== survivor.account_id)
    return { mode: "refused", message: `There is no profile #${options.otherProfileId}.` };
  for (const [row, name] of [
    [survivor, "This profile"],
    [other, `Profile #${options.otherProfileId}`],
  ] as const) {
    if (row.joined_to_profile_id !== null)
      return { mode: "refused", message: `${name} is already joined to profile #${row.joined_to_profile_id}.` };
    if (!row.identified)
      return {
        mode: "refused",
        message: `${name} is anonymous: merge two identified profiles; an anonymous one is linked to an identity instead.`,
      };
  }
  const consents = await consentOutcome(Number(survivor.id), Number(other.id));
  const merged = mergeProfileStates(
    { properties: survivor.properties, types: survivor.property_types },
    { properties: other.properties, types: other.property_types },
  );
  return {
    mode: "merge",
    rule: MERGE_RULE,
    survivor: await side(survivor),
    other: await side(other),
    conflicts: [...merged.conflicts, ...consents.conflicts].sort((a, b) => (a.key < b.key ? -1 : 1)),
    copied: [
      ...merged.copied.map((key) => ({ key, value: other.properties[key], type: other.property_types[key] ?? null })),
      ...consents.copied,
    ].sort((a, b) => (a.key < b.key ? -1 : 1)),
  };
}

/** Merges `otherProfileId` into `profileId` (which survives), as previewed. */
export async function mergeProfiles(options: {
  profileId: number;
  otherProfileId: number;
  staff: StaffActor;
}): Promise<ActionResult<{ profileId: number }>> {
  if (!options.staff.reason?.trim()) return { ok: false, fieldErrors: { reason: ["Say why these profiles are one person."] } };
  const preview = await previewMerge(options);
  if (preview.mode === "refused") return { ok: false, formError: preview.message };
  const outcomes = await applyStaffRecords({
    profileId: options.profileId,
    staff: options.staff,
    action: "profile-merge",
    records: (at) => [
      { kind: "profile", target: { by: "profile", id: options.profileId }, data: {}, at, mergeFrom: options.otherProfileId },
    ],
  });
  const outcome = outcomes?.[0];
  if (!outcome) return { ok: false, formError: "This profile no longer exists." };
  if (!outcome.ok) return { ok: false, formError: outcome.error.message };
  return { ok: true, profileId: options.profileId };
}
