// The server-side gate of every dashboard page, route handler and server action (through staff-action.ts): the
// signed-in staff member (lib/auth/staff-session.ts, read once per request) checked with a permission function of
// lib/permissions/roles.ts — the same functions decide what a page shows and what an action allows.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { findSignedInStaff, type Staff } from "@/lib/auth/staff-session";
import type { Permission } from "@/lib/permissions/roles";

export type { Staff } from "@/lib/auth/staff-session";

/** The signed-in, active staff member of this request, or null. Memoised per request. */
export const signedInStaff = cache(async (): Promise<Staff | null> => findSignedInStaff(await headers()));

/** Pages: the signed-in staff member the permission allows; otherwise redirect to /sign-in (no session) or to the
 * "not allowed" page (a role too low). */
export async function requireStaff(allowed: Permission): Promise<Staff> {
  const staff = await signedInStaff();
  if (!staff) redirect("/sign-in");
  if (!allowed(staff)) redirect("/forbidden");
  return staff;
}

/** Server actions and route handlers, which answer instead of redirecting: null when not allowed. */
export async function currentStaff(allowed: Permission): Promise<Staff | null> {
  const staff = await signedInStaff();
  return staff && allowed(staff) ? staff : null;
}
