// The wire-independent form of what an entry point asks the engine to do. The REST API, the Web SDK endpoint
// and the dashboard each translate their input into these records and call applyRecords.
import type { LocationFix } from "../location/location-fix";
import type { StoredChange } from "./restore-changes";
import type { ChangeContext, IdentityClaim, IdentityKind, RuleViolation } from "./types";

export type RecordTarget =
  /** CleverTap REST `identity`: matches an Identity or an Email; a new profile (with Identity = value) if none. */
  | { by: "identity"; value: string }
  /** One identity kind, e.g. REST `FBID` / `GPID`; a new profile if none. */
  | { by: "identityKind"; kind: IdentityKind; value: string }
  /** A device guid (REST objectId, SDK gc / g). Unknown guids get a new device and an anonymous profile. Identity
   * keys in the data of a device-addressed profile record are a plain push (see resolve-target.ts), or a login when
   * the record says so (the Web SDK's `isOUL`; see resolve-login.ts). */
  | {
      by: "device";
      guid: string;
      login?: boolean;
      /** Staff: move the device to this profile (journalled `as` an unmerge or a device move). */
      moveTo?: number;
      as?: "unmerge" | "move-device";
    }
  /** A profile by id (dashboard). `expectedVersion` rejects the record if the profile changed meanwhile. `link`: the
   * identities in the data are linked by the login rule (staff "link to an identity"): an anonymous profile whose
   * identity another profile holds joins it with all its devices. */
  | { by: "profile"; id: number; expectedVersion?: number; link?: boolean };

/** `location`: where the record was sent from (the request's address, the SDK's getLocation): the engine writes the
 * profile's location properties from it when they differ and are not pinned by staff (lib/location/location-fix.ts). */
/** `context`: who sent this record, when it differs from the call's (records of several requests in one batch). */
/** `undoMerges`: journal entries this record closes (staff unmerge), in the same transaction. `unlink`: identities
 * the profile gives up (staff; journalled, so the history keeps the fact). `restore`: a change set of this profile
 * to undo where it still stands (restore-changes.ts). `mergeFrom` / `unmergeFrom`: a staff merge of another profile
 * into this one, and its undo (apply-merge.ts). */
export type ProfileRecord = {
  kind: "profile";
  target: RecordTarget;
  data: Record<string, unknown>;
  at: Date;
  context?: ChangeContext;
  undoMerges?: number[];
  unlink?: IdentityClaim[];
  location?: LocationFix;
  restore?: StoredChange[];
  mergeFrom?: number;
  unmergeFrom?: ProfileUnmerge;
};

/** What the unmerge of a merge gives back to the merged profile: the devices and identities the merge moved (those
 * still here go back), its events (by the merge's journal row) and the merge's change set on this profile. */
export type ProfileUnmerge = {
  profileId: number;
  mergeId: number;
  devices: string[];
  identities: IdentityClaim[];
  changes: StoredChange[];
};
export type EventRecord = {
  kind: "event";
  target: RecordTarget;
  name: string;
  data: unknown;
  at: Date;
  context?: ChangeContext;
  location?: LocationFix;
};
export type DomainRecord = ProfileRecord | EventRecord;

/** `refused`: identity keys of an accepted record that were not applied (a placeholder value, or an identity held by
 * another identified profile), each with its own error; the rest of the record was. `version`: the profile's version
 * after the request (null on the device-activity path, which changes no profile). */
export type RecordOutcome =
  | { ok: true; profileId: number; deviceGuid: string | null; version: number | null; refused: RuleViolation[] }
  | { ok: false; error: RuleViolation };
