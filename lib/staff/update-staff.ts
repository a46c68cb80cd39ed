// Role changes and (de)activation. Deactivating ends the member's sessions at once; the last active admin can
// neither be demoted nor deactivated, so the dashboard always keeps someone who can manage staff.
// The check and the write are one transaction that first takes a lock every staff change takes: two admins demoting
// each other at the same moment are serialised, and the second one sees the first one's change (no admin left
// otherwise: each would have counted two admins before either wrote).
import { Refusal } from "../action-result";
import { type AuditActor, auditDbOfPrisma, writeAudit } from "../audit/write-audit";
import { prisma } from "../db/prisma";
import type { Prisma } from "../generated/prisma/client";
import type { Role } from "../permissions/roles";

export class StaffRuleError extends Refusal {
  constructor(message: string) {
    super(message);
    this.name = "StaffRuleError";
  }
}

/** pg_advisory_xact_lock key of staff changes ("staf"); released at commit or rollback. */
const STAFF_LOCK = 0x73746166;

async function withStaffLock<T>(fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return prisma().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${STAFF_LOCK}::bigint)`;
    return fn(tx);
  });
}

async function assertNotLastAdmin(tx: Prisma.TransactionClient, userId: string) {
  const user = await tx.staffUser.findUnique({ where: { id: userId }, select: { role: true, active: true } });
  if (!user) throw new StaffRuleError("No such staff member.");
  if (user.role !== "admin" || !user.active) return;
  const admins = await tx.staffUser.count({ where: { role: "admin", active: true } });
  if (admins <= 1) throw new StaffRuleError("This is the last active admin: make someone else admin first.");
}

/** The member's email and state before a change, for the audit entry. */
const before = (tx: Prisma.TransactionClient, userId: string) =>
  tx.staffUser.findUnique({ where: { id: userId }, select: { email: true, role: true, active: true } });

/** `actor`: the admin making the change, for the audit log (the dashboard always passes one; same transaction). */
export async function changeStaffRole(userId: string, role: Role, actor?: AuditActor): Promise<void> {
  await withStaffLock(async (tx) => {
    const old = await before(tx, userId);
    if (role !== "admin") await assertNotLastAdmin(tx, userId);
    const updated = await tx.staffUser.updateMany({ where: { id: userId }, data: { role } });
    if (updated.count === 0) throw new StaffRuleError("No such staff member.");
    if (actor && old)
      await writeAudit(auditDbOfPrisma(tx), { action: "staff-role", actor, subject: old.email, oldValue: old.role, newValue: role });
  });
}

export async function setStaffActive(userId: string, active: boolean, actor?: AuditActor): Promise<void> {
  await withStaffLock(async (tx) => {
    const old = await before(tx, userId);
    if (!active) await assertNotLastAdmin(tx, userId);
    await tx.staffUser.updateMany({ where: { id: userId }, data: { active } });
    if (!active) await tx.staffSession.deleteMany({ where: { userId } });
    if (actor && old)
      await writeAudit(auditDbOfPrisma(tx), { action: "staff-active", actor, subject: old.email, oldValue: old.active, newValue: active });
  });
}
