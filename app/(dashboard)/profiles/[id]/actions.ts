"use server";
// Profile edits from the dashboard (editors and admins): the form's own schema, then the shared use case
// (lib/profiles/edit-profile.ts), through the one action wrapper.
import { z } from "zod";
import { staffAction } from "@/app/_server/staff-action";
import { Refusal } from "@/lib/action-result";
import { eraseProfileByStaff } from "@/lib/dsr/erase-profiles";
import { canAudit, canEditProfile } from "@/lib/permissions/roles";
import { editProfile } from "@/lib/profiles/edit-profile";
import { deletePropertySchema, editConsentSchema, editPropertySchema, toProfileData } from "@/lib/profiles/edit-property-schema";

const editor = {
  allowed: canEditProfile,
  denied: "Only editors and admins can change profiles.",
  revalidate: (input: { profileId: string }) => `/profiles/${input.profileId}`,
};
/** The profile and version the form was opened at. */
const target = (input: { profileId: string; expectedVersion: string; seenChangeSetId: string }) => ({
  profileId: Number(input.profileId),
  expectedVersion: Number(input.expectedVersion),
  seenChangeSetId: Number(input.seenChangeSetId),
});

export const editPropertyAction = staffAction({
  ...editor,
  schema: editPropertySchema,
  run: async (input, _staff, actor) =>
    editProfile({
      ...target(input),
      data: toProfileData(input),
      actor: actor,
      reason: input.reason,
      field: "value",
    }),
});

export const deletePropertyAction = staffAction({
  ...editor,
  schema: deletePropertySchema,
  run: async (input, _staff, actor) =>
    editProfile({
      ...target(input),
      data: { [input.key]: { $delete: true } },
      actor: actor,
      reason: input.reason,
      field: "key",
    }),
});

export const editConsentAction = staffAction({
  ...editor,
  schema: editConsentSchema,
  run: async (input, _staff, actor) =>
    editProfile({
      ...target(input),
      data: { [input.key]: input.value === "unset" ? { $delete: true } : input.value === "on" },
      actor: actor,
      reason: input.reason,
      field: "value",
    }),
});

/** Erase a person (admins): the profile and the anonymous profiles joined to it (lib/dsr/erase-profiles.ts). */
export const eraseProfileAction = staffAction({
  allowed: canAudit,
  denied: "Only admins can erase profiles.",
  schema: z.object({ profileId: z.string().regex(/^\d{1,15}$/) }),
  revalidate: "/profiles",
  run: async (input, _staff, actor) => {
    const result = await eraseProfileByStaff({ profileId: Number(input.profileId), actor: actor });
    if (!result || result.erased.length === 0) throw new Refusal("This profile no longer exists.");
    return { ok: true as const, message: `Erased ${result.erased.length} profile(s).` };
  },
});
