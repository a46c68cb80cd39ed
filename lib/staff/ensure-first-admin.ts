// On a start with no staff at all: create the first admin from ADMIN_EMAIL / ADMIN_PASSWORD, or with a generated
// password that the caller prints once.
import crypto from "node:crypto";
import { prisma } from "../db/prisma";
import { createStaff } from "./create-staff";

export type FirstAdmin = { email: string; generatedPassword: string | null } | null;

export async function ensureFirstAdmin(options: { email?: string; password?: string }): Promise<FirstAdmin> {
  if ((await prisma().staffUser.count()) > 0) return null;
  const email = options.email ?? "admin@tapestry.local";
  const generatedPassword = options.password ? null : crypto.randomBytes(12).toString("base64url");
  await createStaff({ name: "Administrator", email, role: "admin", password: options.password ?? generatedPassword! });
  return { email, generatedPassword };
}
