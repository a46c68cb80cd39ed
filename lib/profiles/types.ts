// The vocabulary of the profile engine, shared by every entry point.
import type { AuditAction } from "../audit/audit-actions";
import type { AuditActor } from "../audit/write-audit";

export const PROPERTY_TYPES = ["string", "integer", "float", "boolean", "date", "list"] as const;
export type PropertyType = (typeof PROPERTY_TYPES)[number];

/** A stored value. Dates are epoch seconds (type "date"); lists are unique strings, oldest first. */
export type StoredValue = string | number | boolean | string[];

export type ProfileState = {
  properties: Record<string, StoredValue>;
  types: Record<string, PropertyType>;
};

export type Operation = "set" | "increment" | "decrement" | "add" | "remove" | "delete";

export type PropertyChange = {
  key: string;
  operation: Operation;
  oldValue: StoredValue | null;
  newValue: StoredValue | null;
  oldType: PropertyType | null;
  newType: PropertyType | null;
};

/** Who or what caused a change: recorded with every change, event and merge. */
export type Source = "sdk" | "api" | "staff" | "import" | "merge";

/** Who made a change and why; `reason` is required of staff for consent changes. A staff change (source "staff")
 * carries `audit`: the engine writes its staff audit entry in the same transaction (audit-staff-writes.ts). */
export type ChangeContext = {
  source: Source;
  actor?: string | null;
  requestId?: string | null;
  reason?: string | null;
  audit?: StaffAudit;
  /** A key the client's own retries of this call share (hex; see request-keys.ts): a call whose key was already
   * applied writes nothing again. */
  onceKey?: string | null;
};

/** A staff action as the audit log names it: who (with address and request id), which action, on which profile. */
export type StaffAudit = { actor: AuditActor; action: AuditAction; profileId: number };

export const IDENTITY_KINDS = ["Identity", "Email", "FBID", "GPID"] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];
export type IdentityClaim = { kind: IdentityKind; value: string };

/** A broken rule: the record is rejected whole. `code` follows CleverTap's per-record codes where one exists. */
export class RuleViolation extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly key?: string,
  ) {
    super(message);
    this.name = "RuleViolation";
  }
}

export const emptyState = (): ProfileState => ({ properties: {}, types: {} });
