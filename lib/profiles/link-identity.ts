// Staff link a profile to an identity — the login rule, from the dashboard. An anonymous profile takes an identity
// nobody holds in place (it becomes identified); when another profile holds it, this anonymous profile's devices and
// history join that one (as a device's sign-in would: the profile is marked joined, its rows show there as before
// sign-in). An identified profile takes a free identity as one more of its own; one held by another identified
// profile is refused (use a merge). The preview says which of these will happen and what joins.
import type { ActionResult } from "../action-result";
import { pool } from "../db/pool";
import { env } from "../env";
import { applyStaffRecords, type StaffActor } from "./apply-staff-record";
import { identityMatchValue } from "./identity-claims";
import { isJunkIdentity } from "./junk-identities";
import type { IdentityKind } from "./types";

export type LinkPreview =
  | { mode: "identify"; kind: IdentityKind; value: string }
  | {
      mode: "join";
      kind: IdentityKind;
      value: string;
      owner: { id: number; label: string };
      devices: string[];
      events: number;
      properties: string[];
    }
  | { mode: "refused"; message: string };

export async function previewLink(options: { profileId: number; kind: IdentityKind; value: string }): Promise<LinkPreview> {
  const { kind } = options;
  const value = identityMatchValue(kind, options.value);
  if (isJunkIdentity(value, env().TAPESTRY_JUNK_IDENTITIES))
    return { mode: "refused", message: `${kind} '${value}' is a placeholder, not an identity.` };
  const db = pool();
  const profile = (
    await db.query<{ account_id: string; identified: boolean; properties: Record<string, unknown> }>(
      "SELECT account_id, identified, properties FROM profile WHERE id = $1",
      [options.profileId],
    )
  ).rows[0];
  if (!profile) return { mode: "refused", message: "This profile no longer exists." };
  const owner = (
    await db.query<{ profile_id: number; properties: Record<string, unknown> }>(
      `SELECT i.profile_id, p.properties FROM profile_identity i JOIN profile p ON p.id = i.profile_id
        WHERE i.account_id = $1 AND i.value = $2 AND i.kind = $3`,
      [profile.account_id, value, kind],
    )
  ).rows[0];
  if (!owner) return { mode: "identify", kind, value };
  const ownerId = Number(owner.profile_id);
  if (ownerId === options.profileId) return { mode: "refused", message: `This profile already has ${kind} '${value}'.` };
  if (profile.identified)
    return {
      mode: "refused",
      message:
        `${kind} '${value}' belongs to identified profile #${ownerId}, and this profile is identified too: ` +
        `two identified profiles are only merged explicitly: merge profile #${ownerId} into this one below if they are one person.`,
    };
  const [devices, events] = await Promise.all([
    db.query<{ guid: string }>("SELECT guid FROM device WHERE profile_id = $1 ORDER BY guid", [options.profileId]),
    db.query<{ n: number }>("SELECT count(*)::int AS n FROM event WHERE profile_id = $1", [options.profileId]),
  ]);
  const label = String(owner.properties.Name ?? owner.properties.Identity ?? owner.properties.Email ?? `#${ownerId}`);
  return {
    mode: "join",
    kind,
    value,
    owner: { id: ownerId, label },
    devices: devices.rows.map((d) => d.guid),
    events: events.rows[0].n,
    properties: Object.keys(profile.properties).sort(),
  };
}

/** Links as previewed; returns the profile that holds the identity afterwards. */
export async function linkIdentity(options: {
  profileId: number;
  kind: IdentityKind;
  value: string;
  staff: StaffActor;
}): Promise<ActionResult<{ profileId: number }>> {
  const outcomes = await applyStaffRecords({
    profileId: options.profileId,
    staff: options.staff,
    action: "profile-link",
    records: (at) => [
      { kind: "profile", target: { by: "profile", id: options.profileId, link: true }, data: { [options.kind]: options.value }, at },
    ],
  });
  const outcome = outcomes?.[0];
  if (!outcome) return { ok: false, formError: "This profile no longer exists." };
  if (!outcome.ok) return { ok: false, formError: outcome.error.message };
  if (outcome.refused.length > 0) return { ok: false, formError: outcome.refused[0].message };
  return { ok: true, profileId: outcome.profileId };
}
