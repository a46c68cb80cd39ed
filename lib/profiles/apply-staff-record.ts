// A staff member's record: the same applyRecords path as the REST API and the SDK, recorded with source "staff", the
// staff member's email as actor and any reason, under the request id of the dashboard request. The engine writes the
// action's staff audit entry in the same transaction (audit-staff-writes.ts). The profile's account is read from the
// profile (the dashboard addresses profiles by id).
import type { AuditAction } from "../audit/audit-actions";
import type { AuditActor } from "../audit/write-audit";
import { pool } from "../db/pool";
import { applyRecords } from "./apply-records";
import type { DomainRecord, RecordOutcome } from "./records";

/** Who acts (the audit log's actor: staff member, address, request id) and why. */
export type StaffActor = { actor: AuditActor; reason?: string | null };

/** The account of a profile, or null when it does not exist. */
export async function accountOfProfile(profileId: number): Promise<string | null> {
  if (!Number.isSafeInteger(profileId) || profileId <= 0) return null;
  const { rows } = await pool().query<{ account_id: string }>("SELECT account_id FROM profile WHERE id = $1", [profileId]);
  return rows[0]?.account_id ?? null;
}

/** Applies staff records to one account as one audited action; null when the profile does not exist. */
export async function applyStaffRecords(options: {
  profileId: number;
  records: (at: Date) => DomainRecord[];
  staff: StaffActor;
  /** the audit log's name of the action */
  action: AuditAction;
}): Promise<RecordOutcome[] | null> {
  const accountId = await accountOfProfile(options.profileId);
  if (!accountId) return null;
  const { actor, reason } = options.staff;
  return applyRecords({
    accountId,
    records: options.records(new Date()),
    context: {
      source: "staff",
      actor: actor.email,
      reason: reason ?? null,
      requestId: actor.requestId,
      audit: { actor, action: options.action, profileId: options.profileId },
    },
  });
}
