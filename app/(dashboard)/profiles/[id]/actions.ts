"use server";
// Profile edits from the dashboard (editors and admins): the form's own schema, then the shared use case
// (lib/profiles/edit-profile.ts), through the one action wrapper.
import { staffAction } from "@/app/_server/staff-action";
import { canEditProfile } from "@/lib/permissions/roles";
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
  run: (input, staff) => editProfile({ ...target(input), data: toProfileData(input), actor: staff.email, field: "value" }),
});

export const deletePropertyAction = staffAction({
  ...editor,
  schema: deletePropertySchema,
  run: (input, staff) => editProfile({ ...target(input), data: { [input.key]: { $delete: true } }, actor: staff.email, field: "key" }),
});

export const editConsentAction = staffAction({
  ...editor,
  schema: editConsentSchema,
  run: (input, staff) =>
    editProfile({
      ...target(input),
      data: { [input.key]: input.value === "on" },
      actor: staff.email,
      reason: input.reason,
      field: "value",
    }),
});
