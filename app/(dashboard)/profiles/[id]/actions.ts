"use server";
// Profile edits from the dashboard. Each action: role first (editor+), then re-validate the input with the form's
// own schema, then the shared use case (lib/profiles/edit-profile.ts), then refresh the page.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { currentStaff } from "@/lib/auth/require-staff";
import { editProfile } from "@/lib/profiles/edit-profile";
import {
  deletePropertySchema,
  type EditResult,
  editConsentSchema,
  editPropertySchema,
  toProfileData,
} from "@/lib/profiles/edit-property-schema";

const NOT_ALLOWED: EditResult = { ok: false, formError: "Only editors and admins can change profiles." };

function invalid(error: z.ZodError): EditResult {
  return {
    ok: false,
    fieldErrors: z.flattenError(error).fieldErrors as Record<string, string[]>,
    formError: "Check the highlighted fields.",
  };
}

async function run(profileId: string, work: () => Promise<EditResult>): Promise<EditResult> {
  try {
    const result = await work();
    if (result.ok) revalidatePath(`/profiles/${profileId}`);
    return result;
  } catch (error) {
    console.error("profile edit failed", error);
    return { ok: false, formError: "The change could not be saved. Try again." };
  }
}

export async function editPropertyAction(input: unknown): Promise<EditResult> {
  const staff = await currentStaff("editor");
  if (!staff) return NOT_ALLOWED;
  const parsed = editPropertySchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { profileId, expectedVersion, seenChangeSetId } = parsed.data;
  return run(profileId, () =>
    editProfile({
      profileId: Number(profileId),
      expectedVersion: Number(expectedVersion),
      seenChangeSetId: Number(seenChangeSetId),
      data: toProfileData(parsed.data),
      actor: staff.email,
      field: "value",
    }),
  );
}

export async function deletePropertyAction(input: unknown): Promise<EditResult> {
  const staff = await currentStaff("editor");
  if (!staff) return NOT_ALLOWED;
  const parsed = deletePropertySchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { profileId, expectedVersion, seenChangeSetId, key } = parsed.data;
  return run(profileId, () =>
    editProfile({
      profileId: Number(profileId),
      expectedVersion: Number(expectedVersion),
      seenChangeSetId: Number(seenChangeSetId),
      data: { [key]: { $delete: true } },
      actor: staff.email,
      field: "key",
    }),
  );
}

export async function editConsentAction(input: unknown): Promise<EditResult> {
  const staff = await currentStaff("editor");
  if (!staff) return NOT_ALLOWED;
  const parsed = editConsentSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { profileId, expectedVersion, seenChangeSetId, key, value, reason } = parsed.data;
  return run(profileId, () =>
    editProfile({
      profileId: Number(profileId),
      expectedVersion: Number(expectedVersion),
      seenChangeSetId: Number(seenChangeSetId),
      data: { [key]: value === "on" },
      actor: staff.email,
      reason,
      field: "value",
    }),
  );
}
