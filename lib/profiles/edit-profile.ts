// A staff member's change to one profile: the same applyRecords path as the REST API and the SDK, addressed by
// profile id at the version the form was opened, recorded with source "staff", the staff email and any reason.
// The engine refuses a record whose profile moved since (ErrorCode.versionConflict): that becomes a conflict listing
// what changed meanwhile; any other broken rule comes back as the engine's own message for its key.
import crypto from "node:crypto";
import { pool } from "../db/pool";
import { changesSince } from "../queries/profile-history";
import { applyRecords } from "./apply-records";
import type { EditResult } from "./edit-property-schema";
import { ErrorCode } from "./error-codes";

export async function editProfile(options: {
  profileId: number;
  expectedVersion: number;
  seenChangeSetId: number;
  data: Record<string, unknown>;
  actor: string;
  reason?: string;
  field: string;
}): Promise<EditResult> {
  const { rows } = await pool().query<{ account_id: string }>("SELECT account_id FROM profile WHERE id = $1", [options.profileId]);
  const accountId = rows[0]?.account_id;
  if (!accountId) return { ok: false, formError: "This profile no longer exists." };

  const [outcome] = await applyRecords({
    accountId,
    records: [
      {
        kind: "profile",
        target: { by: "profile", id: options.profileId, expectedVersion: options.expectedVersion },
        data: options.data,
        at: new Date(),
      },
    ],
    context: { source: "staff", actor: options.actor, reason: options.reason ?? null, requestId: `staff-${crypto.randomUUID()}` },
  });
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
