// The server-side gate of every dashboard page, route handler and server action: the session is read from the
// request's cookie, the staff member is re-read from the database (role and active flag are current, not cached),
// and the role is checked with the pure rules in lib/permissions.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { prisma } from "../db/prisma";
import { hasRole, isRole, type Role } from "../permissions/roles";
import { auth } from "./auth";

export type { Role } from "../permissions/roles";
export type Staff = { id: string; email: string; name: string; role: Role };

/** The signed-in, active staff member of this request, or null. Memoised per request. */
export const signedInStaff = cache(async (): Promise<Staff | null> => {
  const session = await auth().api.getSession({ headers: await headers() });
  if (!session) return null;
  const user = await prisma().staffUser.findUnique({
    where: { id: session.user.id },
    select: { id: true, email: true, name: true, role: true, active: true },
  });
  if (!user || !user.active || !isRole(user.role)) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
});

/** Pages and route handlers: the signed-in, active staff member with at least minRole; otherwise redirect("/sign-in") (no session) or the "not allowed" page for too low a role. */
export async function requireStaff(minRole: Role): Promise<Staff> {
  const staff = await signedInStaff();
  if (!staff) redirect("/sign-in");
  if (!hasRole(staff, minRole)) redirect("/forbidden");
  return staff;
}

/** Server actions and route handlers that must answer instead of redirecting: null when not allowed. */
export async function currentStaff(minRole: Role): Promise<Staff | null> {
  const staff = await signedInStaff();
  return staff && hasRole(staff, minRole) ? staff : null;
}
