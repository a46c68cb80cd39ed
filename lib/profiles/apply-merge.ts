// A staff merge of two profiles of one person, and its unmerge, as decisions on the engine's working set (apply-records
// calls these; profile-store writes them in the request's one transaction).
//   merge: the merged profile's devices and identities move to the survivor (journalled "merge"), its events too
//     (by the merge's journal row), the survivor's properties follow merge-profile-states.ts in one change set, and
//     the merged profile — its properties, consents and change log untouched — is marked as joined to the survivor
//     (off the lists; its change log shows in the survivor's history).
//   unmerge: the devices and identities the merge moved that are still on the survivor go back, and so do the events
//     it moved; the survivor's merge change set is undone where it still stands (restore-changes.ts). What happened
//     after the merge stays where it was made.
import { ErrorCode } from "./error-codes";
import { mergeProfileStates } from "./merge-profile-states";
import type { ProfileUnmerge } from "./records";
import { restoreChanges } from "./restore-changes";
import { type ChangeContext, RuleViolation } from "./types";
import type { Working, WorkingSet } from "./working-set";

export function applyProfileMerge(set: WorkingSet, survivor: Working, otherId: number, at: Date, context: ChangeContext): void {
  const other = set.profileById(otherId);
  if (!other) throw new RuleViolation(ErrorCode.invalid, `profile ${otherId} does not exist`);
  if (other === survivor) throw new RuleViolation(ErrorCode.invalid, "a profile cannot be merged into itself");
  if (!survivor.identified || !other.identified)
    throw new RuleViolation(
      ErrorCode.invalid,
      "only two identified profiles are merged (link an anonymous profile to an identity instead)",
    );
  for (const guid of set.devicesOf(other)) set.moveDevice(guid, other, survivor, at, context, "merge");
  for (const claim of [...other.identities]) set.moveIdentity(claim, other, survivor, context, "merge");
  const merged = mergeProfileStates(survivor.state, other.state);
  set.commit({ profile: survivor, device: null, attach: [], changes: merged.changes, state: merged.state, event: null, at, context });
  other.joinedTo = survivor.key;
  other.unjoined = false;
  set.profileMerges.push({ survivor, other, context });
}

export function applyProfileUnmerge(set: WorkingSet, survivor: Working, unmerge: ProfileUnmerge, at: Date, context: ChangeContext): void {
  const other = set.profileById(unmerge.profileId);
  if (!other) throw new RuleViolation(ErrorCode.invalid, `profile ${unmerge.profileId} does not exist`);
  for (const guid of unmerge.devices)
    if (set.profileOfDevice(guid)?.profile === survivor) set.moveDevice(guid, survivor, other, at, context, "unmerge");
  for (const claim of unmerge.identities)
    if (survivor.identities.some((i) => i.kind === claim.kind && i.value === claim.value))
      set.moveIdentity(claim, survivor, other, context, "unmerge");
  const restored = restoreChanges(survivor.state, unmerge.changes);
  set.commit({ profile: survivor, device: null, attach: [], changes: restored.changes, state: restored.state, event: null, at, context });
  other.joinedTo = null;
  other.unjoined = true;
  set.profiles.set(other.key, other);
  set.profileUnmerges.push({ survivor, other, mergeId: unmerge.mergeId });
}
