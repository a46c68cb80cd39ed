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
  run: async (input) => {
    await createStaff(input);
    return { ok: true, message: `${input.email} can now sign in as ${input.role}.` };
  },
});

export const changeRoleAction = staffAction({
  ...admin,
  schema: changeRoleSchema,
  run: async (input) => {
    await changeStaffRole(input.userId, input.role);
    return { ok: true, message: "Role changed." };
  },
});

export const setActiveAction = staffAction({
  ...admin,
  schema: setActiveSchema,
  run: async (input) => {
    await setStaffActive(input.userId, input.active);
    return { ok: true, message: input.active ? "Reactivated." : "Deactivated; their sessions have ended." };
  },
});
