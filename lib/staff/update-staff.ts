// Role changes and (de)activation. Deactivating ends the member's sessions at once; the last active admin can
// neither be demoted nor deactivated, so the dashboard always keeps someone who can manage staff.
import { prisma } from "../db/prisma";
import type { Role } from "../permissions/roles";

export class StaffRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StaffRuleError";
  }
}

async function assertNotLastAdmin(userId: string) {
  const user = await prisma().staffUser.findUnique({ where: { id: userId }, select: { role: true, active: true } });
  if (!user) throw new StaffRuleError("No such staff member.");
  if (user.role !== "admin" || !user.active) return;
  const admins = await prisma().staffUser.count({ where: { role: "admin", active: true } });
  if (admins <= 1) throw new StaffRuleError("This is the last active admin: make someone else admin first.");
}

export async function changeStaffRole(userId: string, role: Role): Promise<void> {
  if (role !== "admin") await assertNotLastAdmin(userId);
  const updated = await prisma().staffUser.updateMany({ where: { id: userId }, data: { role } });
  if (updated.count === 0) throw new StaffRuleError("No such staff member.");
}

export async function setStaffActive(userId: string, active: boolean): Promise<void> {
  if (!active) await assertNotLastAdmin(userId);
  await prisma().$transaction([
    prisma().staffUser.updateMany({ where: { id: userId }, data: { active } }),
    ...(active ? [] : [prisma().staffSession.deleteMany({ where: { userId } })]),
  ]);
}
