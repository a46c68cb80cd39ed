// The answer of a staff action with nothing more to say than done or why not.
import type { ActionResult } from "../action-result";
import type { applyStaffRecords } from "./apply-staff-record";

export type StaffResult = ActionResult;

/** The result of a one-record staff action. */
export function firstOutcome(outcomes: Awaited<ReturnType<typeof applyStaffRecords>>): StaffResult {
  const outcome = outcomes?.[0];
  if (!outcome) return { ok: false, formError: "This profile no longer exists." };
  return outcome.ok ? { ok: true } : { ok: false, formError: outcome.error.message };
}
