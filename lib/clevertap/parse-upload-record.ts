// POST /1/upload records (CleverTap's wire shape) → engine records. Checks the envelope only: which profile,
// which kind, when; the profile and event rules themselves live in lib/profiles and lib/events.
import { ErrorCode } from "../profiles/error-codes";
import { byteLength, MAX_STRING_BYTES } from "../profiles/limits";
import type { DomainRecord, RecordTarget } from "../profiles/records";
import { unstorableText } from "../profiles/storable-text";
import { RuleViolation } from "../profiles/types";
import { readPushToken } from "../push-tokens/push-token";
import type { TokenRegistration } from "../push-tokens/register-push-tokens";

/** A device-token upload record: the token and the device (objectId) it is for. */
export type TokenRecord = { kind: "token"; registration: TokenRegistration };

const EPOCH_2000 = 946684800;
const ADDRESS_KEYS = ["identity", "objectId", "FBID", "GPID"] as const;
export const OBJECT_ID = /^[A-Za-z0-9_:-]{1,64}$/;

function targetOf(record: Record<string, unknown>): RecordTarget {
  const present = ADDRESS_KEYS.filter(
    (key) => Object.hasOwn(record, key) && record[key] !== undefined && record[key] !== null && record[key] !== "",
  );
  if (present.length === 0)
    throw new RuleViolation(ErrorCode.missingIdentity, "Missing identity: give one of identity, objectId, FBID or GPID");
  if (present.length > 1)
    throw new RuleViolation(
      ErrorCode.invalid,
      `Give exactly one of identity, objectId, FBID, GPID (got ${present.join(", ")})`,
      present[1],
    );
  const key = present[0];
  const raw = record[key];
  if (key === "objectId") {
    if (typeof raw !== "string" || !OBJECT_ID.test(raw))
      throw new RuleViolation(ErrorCode.invalidObjectId, `objectId ${JSON.stringify(raw)?.slice(0, 80)} is not a CleverTap ID`, key);
    return { by: "device", guid: raw };
  }
  const value = typeof raw === "number" && Number.isFinite(raw) ? String(raw) : raw;
  if (typeof value !== "string" || value.trim() === "" || byteLength(value) > MAX_STRING_BYTES) {
    throw new RuleViolation(ErrorCode.missingIdentity, `${key} must be a non-empty string of at most ${MAX_STRING_BYTES} bytes`, key);
  }
  const unstorable = unstorableText(value);
  if (unstorable) throw new RuleViolation(ErrorCode.invalid, `${key} contains ${unstorable}`, key);
  return key === "identity" ? { by: "identity", value: value.trim() } : { by: "identityKind", kind: key, value: value.trim() };
}

function timeOf(record: Record<string, unknown>, now: Date): Date {
  const ts = typeof record.ts === "string" && /^\d+$/.test(record.ts) ? Number(record.ts) : record.ts;
  if (ts === undefined || ts === null) return now;
  if (typeof ts !== "number" || !Number.isInteger(ts) || ts < EPOCH_2000 || ts > now.getTime() / 1000 + 86400) {
    const hint = typeof ts === "number" && ts > 1e11 ? " (milliseconds? use seconds)" : "";
    throw new RuleViolation(
      ErrorCode.tsNotEpoch,
      `ts ${JSON.stringify(record.ts)?.slice(0, 40)} is not epoch seconds between 2000 and now${hint}`,
      "ts",
    );
  }
  return new Date(ts * 1000);
}

/** CleverTap requires objectId on token records: a token belongs to a device, not to a person. */
function tokenRecordOf(record: Record<string, unknown>): TokenRecord {
  const target = targetOf(record);
  if (target.by !== "device")
    throw new RuleViolation(ErrorCode.missingIdentity, "A token record is addressed by objectId (the device's CleverTap ID)", "objectId");
  return { kind: "token", registration: { guid: target.guid, ...readPushToken(record.tokenData) } };
}

export function parseUploadRecord(raw: unknown, now: Date = new Date()): DomainRecord | TokenRecord {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw))
    throw new RuleViolation(ErrorCode.notEventOrProfile, "A record must be an object");
  const record = raw as Record<string, unknown>;
  if (record.type === "token") return tokenRecordOf(record);
  if (record.type !== "profile" && record.type !== "event") {
    throw new RuleViolation(
      ErrorCode.notEventOrProfile,
      `type ${JSON.stringify(record.type)?.slice(0, 40)} is not "profile", "event" or "token"`,
      "type",
    );
  }
  const target = targetOf(record);
  const at = timeOf(record, now);
  if (record.type === "event") return { kind: "event", target, name: record.evtName as string, data: record.evtData, at };
  const data = record.profileData ?? {};
  if (typeof data !== "object" || data === null || Array.isArray(data))
    throw new RuleViolation(ErrorCode.invalid, "profileData must be an object", "profileData");
  return { kind: "profile", target, data: data as Record<string, unknown>, at };
}
