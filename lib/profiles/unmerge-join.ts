// Staff undo a join: the devices that came to a profile from another one go back to it, exactly as if they had never
// left. Nothing was ever folded together (the profile they left kept its own properties, events, consents and change
// log), so moving the devices back and closing the journal entries restores it whole; what was recorded on the
// joined profile after the join stays where it was made. Through the engine: each device is a record that moves it
// (journalled as an unmerge, with the staff member as actor), all in one transaction.
import type { ActionResult } from "../action-result";
import { pool } from "../db/pool";
import { applyStaffRecords, type StaffActor } from "./apply-staff-record";
import { findJoins } from "./find-joins";
import type { DomainRecord } from "./records";

export type UnmergePreview = {
  mergeId: number;
  /** The profile the devices go back to. */
  back: { id: number; identified: boolean; label: string; events: number; properties: string[] };
  devices: string[];
  mergeIds: number[];
};

/** The records that undo joins: each device moved back, and the journal entries closed, in one applyRecords call. */
export function unmergeRecords(
  joins: { devices: { guid: string; backTo: number }[]; mergeIds: number[] },
  profileId: number,
  at: Date,
): DomainRecord[] {
  return [
    ...joins.devices.map(
      ({ guid, backTo }): DomainRecord => ({
        kind: "profile",
        target: { by: "device", guid, moveTo: backTo, as: "unmerge" },
        data: {},
        at,
      }),
    ),
    { kind: "profile", target: { by: "profile", id: profileId }, data: {}, at, undoMerges: joins.mergeIds },
  ];
}

export async function previewUnmerge(options: { profileId: number; mergeId: number }): Promise<UnmergePreview | null> {
  const db = pool();
  const entry = (
    await db.query<{ account_id: string; previous_profile_id: string }>(
      `SELECT account_id, previous_profile_id::text FROM profile_merge
        WHERE id = $1 AND profile_id = $2 AND action = 'attach-device' AND previous_profile_id IS NOT NULL AND undone_at IS NULL`,
      [options.mergeId, options.profileId],
    )
  ).rows[0];
  if (!entry) return null;
  const backId = Number(entry.previous_profile_id);
  const [joins, back, events] = await Promise.all([
    findJoins({ db, accountId: entry.account_id, profileIds: [options.profileId], from: backId }),
    db.query<{ identified: boolean; properties: Record<string, unknown> }>("SELECT identified, properties FROM profile WHERE id = $1", [
      backId,
    ]),
    db.query<{ n: number }>("SELECT count(*)::int AS n FROM event WHERE profile_id = $1", [backId]),
  ]);
  const profile = back.rows[0];
  if (!profile) return null;
  return {
    mergeId: options.mergeId,
    back: {
      id: backId,
      identified: profile.identified,
      label: String(profile.properties.Name ?? profile.properties.Identity ?? profile.properties.Email ?? `#${backId}`),
      events: events.rows[0].n,
      properties: Object.keys(profile.properties).sort(),
    },
    devices: joins.devices.map((d) => d.guid),
    mergeIds: joins.mergeIds,
  };
}

export async function unmergeJoin(options: {
  profileId: number;
  mergeId: number;
  staff: StaffActor;
}): Promise<ActionResult<{ backTo: number }>> {
  const preview = await previewUnmerge(options);
  if (!preview) return { ok: false, formError: "This join was already undone, or is not one of this profile's." };
  const devices = preview.devices.map((guid) => ({ guid, backTo: preview.back.id }));
  const outcomes = await applyStaffRecords({
    profileId: options.profileId,
    staff: options.staff,
    action: "profile-unmerge",
    records: (at) => unmergeRecords({ devices, mergeIds: preview.mergeIds }, options.profileId, at),
  });
  if (!outcomes) return { ok: false, formError: "This profile no longer exists." };
  const failed = outcomes.find((outcome) => !outcome.ok);
  if (failed && !failed.ok) return { ok: false, formError: failed.error.message };
  return { ok: true, backTo: preview.back.id };
}
