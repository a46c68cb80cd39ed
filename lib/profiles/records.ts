// The wire-independent form of what an entry point asks the engine to do. The REST API, the Web SDK endpoint
// and the dashboard each translate their input into these records and call applyRecords.
import type { ChangeContext, IdentityKind, RuleViolation } from "./types";

export type RecordTarget =
  /** CleverTap REST `identity`: matches an Identity or an Email; a new profile (with Identity = value) if none. */
  | { by: "identity"; value: string }
  /** One identity kind, e.g. REST `FBID` / `GPID`; a new profile if none. */
  | { by: "identityKind"; kind: IdentityKind; value: string }
  /** A device guid (REST objectId, SDK gc / g). Unknown guids get a new device and an anonymous profile. Identity
   * keys in the data of a device-addressed profile record are a login (see resolve-login.ts). */
  | { by: "device"; guid: string }
  /** A profile by id (dashboard). `expectedVersion` rejects the record if the profile changed meanwhile. */
  | { by: "profile"; id: number; expectedVersion?: number };

/** `context`: who sent this record, when it differs from the call's (records of several requests in one batch). */
export type ProfileRecord = { kind: "profile"; target: RecordTarget; data: Record<string, unknown>; at: Date; context?: ChangeContext };
export type EventRecord = { kind: "event"; target: RecordTarget; name: string; data: unknown; at: Date; context?: ChangeContext };
export type DomainRecord = ProfileRecord | EventRecord;

export type RecordOutcome = { ok: true; profileId: number; deviceGuid: string | null } | { ok: false; error: RuleViolation };
