// Staff revert one change of the history: a new change that sets the key back to the value it had before (or deletes
// it), with a required reason, through the engine like any other edit. When the value has changed again since, the
// staff member sees both values and must confirm.
import type { ActionResult } from "../action-result";
import { pool } from "../db/pool";
import { applyStaffRecords, type StaffActor } from "./apply-staff-record";
import { toWireDate } from "./dates";
import { ErrorCode } from "./error-codes";

/** A failure with `changedSince`: the value changed again since the change; the editor confirms to revert anyway. */
export type RevertResult = ActionResult<object, { changedSince: { was: unknown; now: unknown; revertTo: unknown } }>;

type Change = { old_value: unknown; old_type: string | null; new_value: unknown };

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The profile data that puts `key` back to `value` of `type` (null: the key did not exist). */
function restoreData(key: string, value: unknown, type: string | null): Record<string, unknown> {
  if (value === null || value === undefined) return { [key]: { $delete: true } };
  if (type === "date" && typeof value === "number") return { [key]: toWireDate(value) };
  if (type === "list" && Array.isArray(value)) return { [key]: { $set: value } };
  return { [key]: value };
}

export async function revertChange(options: {
  profileId: number;
  changeSetId: number;
  key: string;
  staff: StaffActor;
  confirmChanged: boolean;
}): Promise<RevertResult> {
  const db = pool();
  const [change, profile] = await Promise.all([
    db.query<Change>(
      "SELECT old_value, old_type, new_value FROM profile_change WHERE profile_id = $1 AND change_set_id = $2 AND key = $3 LIMIT 1",
      [options.profileId, options.changeSetId, options.key],
    ),
    db.query<{ value: unknown; version: number }>("SELECT properties -> $2 AS value, version FROM profile WHERE id = $1", [
      options.profileId,
      options.key,
    ]),
  ]);
  const found = change.rows[0];
  const current = profile.rows[0];
  if (!found || !current) return { ok: false, formError: "This change is not in this profile's history." };
  if (!same(current.value, found.new_value) && !options.confirmChanged)
    return { ok: false, changedSince: { was: found.new_value, now: current.value ?? null, revertTo: found.old_value } };

  const outcomes = await applyStaffRecords({
    profileId: options.profileId,
    staff: options.staff,
    action: "profile-revert",
    records: (at) => [
      {
        kind: "profile",
        target: { by: "profile", id: options.profileId, expectedVersion: current.version },
        data: restoreData(options.key, found.old_value, found.old_type),
        at,
      },
    ],
  });
  const outcome = outcomes?.[0];
  if (!outcome) return { ok: false, formError: "This profile no longer exists." };
  if (outcome.ok) return { ok: true };
  if (outcome.error.code === ErrorCode.versionConflict)
    return { ok: false, formError: "The profile changed while you were reverting: nothing was saved. Look again, then retry." };
  return { ok: false, formError: outcome.error.message };
}
