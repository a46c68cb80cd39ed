"use server";
// Staff management (admins only): the shared schemas, then lib/staff, through the one action wrapper.
import { staffAction } from "@/app/_server/staff-action";
import { canManageStaff } from "@/lib/permissions/roles";
import { createStaff } from "@/lib/staff/create-staff";
import { changeRoleSchema, createStaffSchema, setActiveSchema } from "@/lib/staff/staff-schema";
import { changeStaffRole, setStaffActive } from "@/lib/staff/update-staff";

const admin = { allowed: canManageStaff, denied: "Only admins can manage staff.", revalidate: "/admin" };

export const createStaffAction = staffAction({
  ...admin,
  schema: createStaffSchema,
  run: async (input, _staff, actor) => {
    await createStaff({ ...input, actor: actor });
    return { ok: true, message: `${input.email} can now sign in as ${input.role}.` };
  },
});

export const changeRoleAction = staffAction({
  ...admin,
  schema: changeRoleSchema,
  run: async (input, _staff, actor) => {
    await changeStaffRole(input.userId, input.role, actor);
    return { ok: true, message: "Role changed." };
  },
});

export const setActiveAction = staffAction({
  ...admin,
  schema: setActiveSchema,
  run: async (input, _staff, actor) => {
    await setStaffActive(input.userId, input.active, actor);
    return { ok: true, message: input.active ? "Reactivated." : "Deactivated; their sessions have ended." };
  },
});
