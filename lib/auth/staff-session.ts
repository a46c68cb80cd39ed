// Who is signed in: the session named by the request's cookie, and the staff member re-read from the database (role
// and active flag are current, not cached). Framework-free: the caller hands over the request's headers
// (app/_server/require-staff.ts does, once per request).
import { prisma } from "../db/prisma";
import { isRole, type Role } from "../permissions/roles";
import { auth } from "./auth";

export type Staff = { id: string; email: string; name: string; role: Role };

/** The signed-in, active staff member of a request, or null. */
export async function findSignedInStaff(headers: Headers): Promise<Staff | null> {
  const session = await auth().api.getSession({ headers });
  if (!session) return null;
  const user = await prisma().staffUser.findUnique({
    where: { id: session.user.id },
    select: { id: true, email: true, name: true, role: true, active: true },
  });
  if (!user?.active || !isRole(user.role)) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
