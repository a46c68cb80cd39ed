// Creates a staff member with an email + password credential in the auth library's tables, hashed with the
// library's own password hash (scrypt), so its sign-in verifies it. The only way staff accounts come to exist:
// public sign-up is disabled. Framework-free, so `npm start` can create the first admin before the server runs.
import crypto from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { Refusal } from "../action-result";
import { type AuditActor, auditDbOfPrisma, writeAudit } from "../audit/write-audit";
import { prisma } from "../db/prisma";
import type { Role } from "../permissions/roles";

export class StaffExistsError extends Refusal {
  constructor(email: string) {
    super(`A staff member with the email ${email} already exists.`, "email");
    this.name = "StaffExistsError";
  }
}

/** `actor`: the admin who creates the member (audited in the same transaction); none for the first admin at start. */
export async function createStaff(input: {
  name: string;
  email: string;
  role: Role;
  password: string;
  actor?: AuditActor;
}): Promise<{ id: string }> {
  const email = input.email.trim().toLowerCase();
  const id = crypto.randomBytes(16).toString("hex");
  const password = await hashPassword(input.password);
  try {
    await prisma().$transaction(async (tx) => {
      await tx.staffUser.create({
        data: {
          id,
          name: input.name.trim(),
          email,
          emailVerified: true,
          role: input.role,
          active: true,
          accounts: { create: { id: crypto.randomBytes(16).toString("hex"), accountId: id, providerId: "credential", password } },
        },
      });
      if (input.actor)
        await writeAudit(auditDbOfPrisma(tx), { action: "staff-create", actor: input.actor, subject: email, newValue: input.role });
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") throw new StaffExistsError(email);
    throw error;
  }
  return { id };
}
