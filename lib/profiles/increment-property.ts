// Staff increment or decrement a numeric property by an amount: the $incr / $decr rule and its validation (amount ≥ 0,
// integer or float, a missing key counts as 0), through the engine like the SDK's own increments.
import { applyStaffRecords, type StaffActor } from "./apply-staff-record";
import type { EditResult } from "./edit-property-schema";

export async function incrementProperty(options: {
  profileId: number;
  key: string;
  amount: number;
  direction: "increment" | "decrement";
  staff: StaffActor;
}): Promise<EditResult> {
  const command = options.direction === "increment" ? "$incr" : "$decr";
  const outcomes = await applyStaffRecords({
    profileId: options.profileId,
    staff: options.staff,
    action: "profile-increment",
    records: (at) => [
      { kind: "profile", target: { by: "profile", id: options.profileId }, data: { [options.key]: { [command]: options.amount } }, at },
    ],
  });
  if (!outcomes) return { ok: false, formError: "This profile no longer exists." };
  const [outcome] = outcomes;
  if (!outcome.ok) return { ok: false, fieldErrors: { amount: [outcome.error.message] } };
  return { ok: true, version: outcome.version ?? 0 };
}
