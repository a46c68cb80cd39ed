// A staff member's record: the same applyRecords path as the REST API and the SDK, recorded with source "staff", the
// staff member's email as actor and any reason, under one request id. The profile's account is read from the profile
// (the dashboard addresses profiles by id).
import crypto from "node:crypto";
import { pool } from "../db/pool";
import { applyRecords } from "./apply-records";
import type { DomainRecord, RecordOutcome } from "./records";

export type StaffActor = { actor: string; reason?: string | null };

/** The account of a profile, or null when it does not exist. */
export async function accountOfProfile(profileId: number): Promise<string | null> {
  if (!Number.isSafeInteger(profileId) || profileId <= 0) return null;
  const { rows } = await pool().query<{ account_id: string }>("SELECT account_id FROM profile WHERE id = $1", [profileId]);
  return rows[0]?.account_id ?? null;
}

/** Applies staff records to one account; null when the profile does not exist. */
export async function applyStaffRecords(options: {
  profileId: number;
  records: (at: Date) => DomainRecord[];
  staff: StaffActor;
}): Promise<RecordOutcome[] | null> {
  const accountId = await accountOfProfile(options.profileId);
  if (!accountId) return null;
  return applyRecords({
    accountId,
    records: options.records(new Date()),
    context: {
      source: "staff",
      actor: options.staff.actor,
      reason: options.staff.reason ?? null,
      requestId: `staff-${crypto.randomUUID()}`,
    },
  });
}
