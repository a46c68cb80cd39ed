// Input of the admin page's staff forms, shared by the forms and the server actions.
import { z } from "zod";
import type { ActionResult } from "../action-result";
import { ROLES } from "../permissions/roles";

export const roleSchema = z.enum(ROLES, { error: "Choose viewer, editor or admin." });

export const createStaffSchema = z.object({
  name: z.string().trim().min(1, "Enter a name.").max(100, "At most 100 characters."),
  email: z.email("Enter a valid email address.").trim().toLowerCase().max(254),
  role: roleSchema,
  password: z.string().min(8, "At least 8 characters.").max(128, "At most 128 characters."),
});
export type CreateStaffInput = z.infer<typeof createStaffSchema>;

export const changeRoleSchema = z.object({ userId: z.string().min(1), role: roleSchema });
export const setActiveSchema = z.object({ userId: z.string().min(1), active: z.boolean() });

/** A staff action's answer: on success, a sentence saying what changed. */
export type StaffActionResult = ActionResult<{ message: string }>;
