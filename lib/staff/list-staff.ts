// The admin page's read model: every staff member, newest first, without credentials.
import { prisma } from "../db/prisma";

export type StaffRow = { id: string; name: string; email: string; role: string; active: boolean; createdAt: Date; lastSeenAt: Date | null };

export async function listStaff(): Promise<StaffRow[]> {
  const users = await prisma().staffUser.findMany({
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      active: true,
      createdAt: true,
      sessions: { select: { updatedAt: true }, orderBy: { updatedAt: "desc" }, take: 1 },
    },
  });
  return users.map(({ sessions, ...user }) => ({ ...user, lastSeenAt: sessions[0]?.updatedAt ?? null }));
}
