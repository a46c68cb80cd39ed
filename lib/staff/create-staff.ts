// Creates a staff member with an email + password credential through the auth library (its password hashing,
// its tables). The only way staff accounts come to exist: public sign-up is disabled.
import { auth } from "../auth/auth";
import { prisma } from "../db/prisma";
import type { Role } from "../permissions/roles";

export class StaffExistsError extends Error {
  constructor(email: string) {
    super(`A staff member with the email ${email} already exists.`);
    this.name = "StaffExistsError";
  }
}

export async function createStaff(input: { name: string; email: string; role: Role; password: string }): Promise<{ id: string }> {
  const email = input.email.trim().toLowerCase();
  const context = await auth().$context;
  if (await prisma().staffUser.findUnique({ where: { email }, select: { id: true } })) throw new StaffExistsError(email);
  const hash = await context.password.hash(input.password);
  const user = await context.internalAdapter.createUser({ name: input.name.trim(), email, emailVerified: true, role: input.role, active: true }, { method: "admin" });
  await context.internalAdapter.linkAccount({ userId: user.id, providerId: "credential", accountId: user.id, password: hash });
  return { id: user.id };
}
