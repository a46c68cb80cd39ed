// Staff undo a link in place (an anonymous profile that became identified: a staff link, or a device's first push of
// an identity) as one step: the identity is unlinked (journalled; it no longer finds the profile), the property the
// link set for it goes back to its value before the link where it still stands, and the profile is anonymous again
// when it was its last identity. Other properties sent with it, and anything recorded since, stay.
import type { ActionResult } from "../action-result";
import { pool } from "../db/pool";
import { applyStaffRecords, type StaffActor } from "./apply-staff-record";
import { restoreChanges, type StoredChange } from "./restore-changes";
import type { IdentityClaim, IdentityKind } from "./types";

export type LinkUndoPreview = {
  mergeId: number;
  identity: IdentityClaim;
  /** The profile has no other identity: it becomes anonymous. */
  becomesAnonymous: boolean;
  restored: { key: string; now: unknown; back: unknown }[];
  keptSince: string[];
};

type Plan = { preview: LinkUndoPreview; changes: StoredChange[] };

async function planUndo(options: { profileId: number; mergeId: number }): Promise<Plan | string> {
  const db = pool();
  const entry = (
    await db.query<{ identity_kind: IdentityKind; identity_value: string; request_id: string | null; others: number }>(
      `SELECT m.identity_kind, m.identity_value, m.request_id,
              (SELECT count(*)::int FROM profile_identity o WHERE o.profile_id = m.profile_id
                 AND NOT (o.kind = m.identity_kind AND o.value = m.identity_value)) AS others
         FROM profile_merge m
        WHERE m.id = $1 AND m.profile_id = $2 AND m.action = 'identify' AND m.undone_at IS NULL
          AND EXISTS (SELECT 1 FROM profile_identity i
                       WHERE i.profile_id = m.profile_id AND i.kind = m.identity_kind AND i.value = m.identity_value)`,
      [options.mergeId, options.profileId],
    )
  ).rows[0];
  if (!entry) return "This link was already undone, or its identity is no longer this profile's.";
  const [changeSet, profile] = await Promise.all([
    db.query<{ changes: StoredChange[] }>("SELECT changes FROM profile_change_set WHERE profile_id = $1 AND request_id = $2 ORDER BY id", [
      options.profileId,
      entry.request_id,
    ]),
    db.query<{ properties: Record<string, never>; property_types: Record<string, never> }>(
      "SELECT properties, property_types FROM profile WHERE id = $1",
      [options.profileId],
    ),
  ]);
  if (!profile.rows[0]) return "This profile no longer exists.";
  // Only the property of the identity itself: the rest of what that request sent is not the link.
  const changes = changeSet.rows
    .flatMap((set) => set.changes)
    .filter((c) => c.key === entry.identity_kind)
    .map((c) => ({
      key: c.key,
      oldValue: c.oldValue ?? null,
      oldType: c.oldType ?? null,
      newValue: c.newValue ?? null,
      newType: c.newType ?? null,
    }));
  const restored = restoreChanges({ properties: profile.rows[0].properties, types: profile.rows[0].property_types }, changes);
  return {
    changes,
    preview: {
      mergeId: options.mergeId,
      identity: { kind: entry.identity_kind, value: entry.identity_value },
      becomesAnonymous: entry.others === 0,
      restored: restored.changes.map((c) => ({ key: c.key, now: c.oldValue, back: c.newValue })),
      keptSince: restored.keptSince,
    },
  };
}

export async function previewUndoLink(options: { profileId: number; mergeId: number }): Promise<LinkUndoPreview | string> {
  const plan = await planUndo(options);
  return typeof plan === "string" ? plan : plan.preview;
}

export async function undoLink(options: { profileId: number; mergeId: number; staff: StaffActor }): Promise<ActionResult> {
  const plan = await planUndo(options);
  if (typeof plan === "string") return { ok: false, formError: plan };
  const outcomes = await applyStaffRecords({
    profileId: options.profileId,
    staff: options.staff,
    action: "profile-unmerge",
    records: (at) => [
      {
        kind: "profile",
        target: { by: "profile", id: options.profileId },
        data: {},
        at,
        unlink: [plan.preview.identity],
        restore: plan.changes,
        undoMerges: [options.mergeId],
      },
    ],
  });
  const outcome = outcomes?.[0];
  if (!outcome) return { ok: false, formError: "This profile no longer exists." };
  return outcome.ok ? { ok: true } : { ok: false, formError: outcome.error.message };
}
