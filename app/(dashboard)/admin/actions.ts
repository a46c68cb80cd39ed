"use server";
// Staff management. Each action: admin role first, then the shared schema, then lib/staff, then refresh the page.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { currentStaff } from "@/lib/auth/require-staff";
import { createStaff, StaffExistsError } from "@/lib/staff/create-staff";
import { changeRoleSchema, createStaffSchema, type StaffActionResult, setActiveSchema } from "@/lib/staff/staff-schema";
import { changeStaffRole, StaffRuleError, setStaffActive } from "@/lib/staff/update-staff";

const NOT_ALLOWED: StaffActionResult = { ok: false, formError: "Only admins can manage staff." };

async function run(work: () => Promise<string>): Promise<StaffActionResult> {
  try {
    const message = await work();
    revalidatePath("/admin");
    return { ok: true, message };
  } catch (error) {
    if (error instanceof StaffExistsError) return { ok: false, fieldErrors: { email: [error.message] } };
    if (error instanceof StaffRuleError) return { ok: false, formError: error.message };
    console.error("staff action failed", error);
    return { ok: false, formError: "The change could not be saved. Try again." };
  }
}

export async function createStaffAction(input: unknown): Promise<StaffActionResult> {
  if (!(await currentStaff("admin"))) return NOT_ALLOWED;
  const parsed = createStaffSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: z.flattenError(parsed.error).fieldErrors };
  return run(async () => {
    await createStaff(parsed.data);
    return `${parsed.data.email} can now sign in as ${parsed.data.role}.`;
  });
}

export async function changeRoleAction(input: unknown): Promise<StaffActionResult> {
  if (!(await currentStaff("admin"))) return NOT_ALLOWED;
  const parsed = changeRoleSchema.safeParse(input);
  if (!parsed.success) return { ok: false, formError: "Choose viewer, editor or admin." };
  return run(async () => {
    await changeStaffRole(parsed.data.userId, parsed.data.role);
    return "Role changed.";
  });
}

export async function setActiveAction(input: unknown): Promise<StaffActionResult> {
  if (!(await currentStaff("admin"))) return NOT_ALLOWED;
  const parsed = setActiveSchema.safeParse(input);
  if (!parsed.success) return { ok: false, formError: "Invalid request." };
  return run(async () => {
    await setStaffActive(parsed.data.userId, parsed.data.active);
    return parsed.data.active ? "Reactivated." : "Deactivated; their sessions have ended.";
  });
}
