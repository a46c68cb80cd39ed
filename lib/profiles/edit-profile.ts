// A staff member's change to one profile: the same applyRecords path as the REST API and the SDK, addressed by
// profile id at the version the form was opened, recorded with source "staff", the staff email and any reason.
// The engine refuses a record whose profile moved since (ErrorCode.versionConflict): that becomes a conflict listing
// what changed meanwhile; any other broken rule comes back as the engine's own message for its key. Consent changes
// need a reason; the engine writes the staff audit entry (old → new, reason) in the edit's own transaction.
import type { AuditActor } from "../audit/write-audit";
import { consentReasonProblem } from "../consents/consent-reason";
import { pool } from "../db/pool";
import { changesSince } from "../queries/profile-history";
import { applyStaffRecords } from "./apply-staff-record";
import type { EditResult } from "./edit-property-schema";
import { ErrorCode } from "./error-codes";

export async function editProfile(options: {
  profileId: number;
  expectedVersion: number;
  seenChangeSetId: number;
  data: Record<string, unknown>;
  actor: AuditActor;
  reason?: string;
  field: string;
}): Promise<EditResult> {
  // Consents change only with a reason, whatever form or action sent the edit.
  const reasonProblem = consentReasonProblem(Object.keys(options.data), options.reason);
  if (reasonProblem) return { ok: false, fieldErrors: { reason: [reasonProblem] }, formError: reasonProblem };
  const outcomes = await applyStaffRecords({
    profileId: options.profileId,
    staff: { actor: options.actor, reason: options.reason ?? null },
    // A change of consents only is written down as "consent-change" (audit-staff-writes.ts).
    action: "profile-edit",
    records: (at) => [
      {
        kind: "profile",
        target: { by: "profile", id: options.profileId, expectedVersion: options.expectedVersion },
        data: options.data,
        at,
      },
    ],
  });
  if (!outcomes) return { ok: false, formError: "This profile no longer exists." };
  const [outcome] = outcomes;
  if (!outcome) return { ok: false, formError: "Nothing was applied." };
  if (outcome.ok) {
    const refused = outcome.refused[0];
    if (refused) return { ok: false, fieldErrors: { [options.field]: [refused.message] } };
    return { ok: true, version: outcome.version ?? options.expectedVersion };
  }
  if (outcome.error.code === ErrorCode.versionConflict) return conflict(options.profileId, options.seenChangeSetId);
  return { ok: false, fieldErrors: { [options.field]: [outcome.error.message] } };
}

async function conflict(profileId: number, seenChangeSetId: number): Promise<EditResult> {
  const [sets, version] = await Promise.all([
    changesSince(profileId, seenChangeSetId),
    pool().query<{ version: number }>("SELECT version FROM profile WHERE id = $1", [profileId]),
  ]);
  return {
    ok: false,
    formError: "This profile changed since you opened it. Nothing was saved: review what changed, then try again.",
    conflict: {
      currentVersion: version.rows[0]?.version ?? 0,
      changes: sets.flatMap((set) =>
        set.changes.map((change) => ({
          at: set.at.toISOString(),
          source: set.source,
          actor: set.actor,
          key: change.key,
          oldValue: change.oldValue,
          newValue: change.newValue,
        })),
      ),
    },
  };
}
