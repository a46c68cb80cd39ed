// What the staff audit log records. One list, so the page's filter, the writer and the tests agree.
export const AUDIT_ACTIONS = [
  "sign-in",
  "sign-in-failed",
  "staff-create",
  "staff-role",
  "staff-active",
  "profile-edit",
  "consent-change",
  "profile-increment",
  "profile-link",
  "profile-merge",
  "profile-unmerge",
  "profile-revert",
  "identity-unlink",
  "device-move",
  "profile-export",
  "profile-erase",
  "suppression-add",
  "suppression-lift",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const isAuditAction = (value: unknown): value is AuditAction =>
  typeof value === "string" && (AUDIT_ACTIONS as readonly string[]).includes(value);
