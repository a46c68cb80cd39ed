// Who may do what on the dashboard. Pure and fail-closed: an unknown role, an inactive or missing staff member
// is denied everything.
export const ROLES = ["viewer", "editor", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** What each role may do, in the words the admin page shows. */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  viewer: "read and export",
  editor: "also edit properties and consents",
  admin: "also manage staff",
};

const RANK: Record<Role, number> = { viewer: 1, editor: 2, admin: 3 };

export type Actor = { role: unknown; active?: unknown } | null | undefined;

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function hasRole(staff: Actor, minRole: Role): boolean {
  if (!staff || staff.active === false || !isRole(staff.role) || !isRole(minRole)) return false;
  return RANK[staff.role] >= RANK[minRole];
}

/** A check that pages (requireStaff) and server actions (staffAction) both take. */
export type Permission = (staff: Actor) => boolean;

export const canViewProfiles: Permission = (staff) => hasRole(staff, "viewer");
export const canEditProfile: Permission = (staff) => hasRole(staff, "editor");
export const canManageStaff: Permission = (staff) => hasRole(staff, "admin");
/** The staff audit log, data-subject requests (export, erase) and suppressions: admins only. */
export const canAudit: Permission = (staff) => hasRole(staff, "admin");
