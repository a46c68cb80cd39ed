// Staff unlink an identity from a profile: the identity no longer finds it, the merge journal keeps the fact, and the
// profile is anonymous again when it was its last identity. Through the engine, source "staff".
import { applyStaffRecords, type StaffActor } from "./apply-staff-record";
import { identityMatchValue } from "./identity-claims";
import { firstOutcome, type StaffResult } from "./staff-result";
import type { IdentityKind } from "./types";

export async function unlinkIdentity(options: {
  profileId: number;
  kind: IdentityKind;
  value: string;
  staff: StaffActor;
}): Promise<StaffResult> {
  const claim = { kind: options.kind, value: identityMatchValue(options.kind, options.value) };
  return firstOutcome(
    await applyStaffRecords({
      profileId: options.profileId,
      staff: options.staff,
      action: "identity-unlink",
      records: (at) => [{ kind: "profile", target: { by: "profile", id: options.profileId }, data: {}, at, unlink: [claim] }],
    }),
  );
}
