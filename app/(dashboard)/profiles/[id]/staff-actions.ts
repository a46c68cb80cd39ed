"use server";
// The profile page's identity and counter actions, through the one action wrapper: role first (editor+, re-read on
// the server), the form's own schema, then the shared use case in lib/profiles (through the engine, source "staff",
// the staff member as actor), then a refresh of the page. Previews change nothing and answer their preview as data.
import { staffAction } from "@/app/_server/staff-action";
import { Refusal } from "@/lib/action-result";
import { canEditProfile } from "@/lib/permissions/roles";
import { incrementProperty } from "@/lib/profiles/increment-property";
import { linkIdentity, previewLink } from "@/lib/profiles/link-identity";
import { moveDevice } from "@/lib/profiles/move-device";
import { revertChange } from "@/lib/profiles/revert-change";
import {
  incrementSchema,
  linkIdentitySchema,
  moveDeviceSchema,
  revertSchema,
  unlinkIdentitySchema,
  unmergeSchema,
} from "@/lib/profiles/staff-action-schemas";
import { unlinkIdentity } from "@/lib/profiles/unlink-identity";
import { previewUnmerge, unmergeJoin } from "@/lib/profiles/unmerge-join";

const editor = {
  allowed: canEditProfile,
  denied: "Only editors and admins can change profiles.",
  revalidate: (input: { profileId: string }) => `/profiles/${input.profileId}`,
};
const actor = (email: string, reason: string | undefined) => ({ actor: email, reason: reason || null });

export const incrementAction = staffAction({
  ...editor,
  schema: incrementSchema,
  run: (input, staff) =>
    incrementProperty({
      profileId: Number(input.profileId),
      key: input.key,
      amount: Number(input.amount),
      direction: input.direction,
      staff: { actor: staff.email },
    }),
});

export const previewLinkAction = staffAction({
  ...editor,
  schema: linkIdentitySchema,
  run: async (input) => ({
    ok: true as const,
    preview: await previewLink({ profileId: Number(input.profileId), kind: input.kind, value: input.value }),
  }),
});

export const linkIdentityAction = staffAction({
  ...editor,
  schema: linkIdentitySchema,
  run: (input, staff) =>
    linkIdentity({ profileId: Number(input.profileId), kind: input.kind, value: input.value, staff: actor(staff.email, input.reason) }),
});

export const previewUnmergeAction = staffAction({
  ...editor,
  schema: unmergeSchema,
  run: async (input) => {
    const preview = await previewUnmerge({ profileId: Number(input.profileId), mergeId: Number(input.mergeId) });
    if (!preview) throw new Refusal("This join was already undone, or is not one of this profile's.");
    return { ok: true as const, preview };
  },
});

export const unmergeAction = staffAction({
  ...editor,
  schema: unmergeSchema,
  run: (input, staff) =>
    unmergeJoin({ profileId: Number(input.profileId), mergeId: Number(input.mergeId), staff: actor(staff.email, input.reason) }),
});

export const revertAction = staffAction({
  ...editor,
  schema: revertSchema,
  run: (input, staff) =>
    revertChange({
      profileId: Number(input.profileId),
      changeSetId: Number(input.changeSetId),
      key: input.key,
      confirmChanged: input.confirmChanged,
      staff: { actor: staff.email, reason: input.reason },
    }),
});

export const unlinkIdentityAction = staffAction({
  ...editor,
  schema: unlinkIdentitySchema,
  run: (input, staff) =>
    unlinkIdentity({ profileId: Number(input.profileId), kind: input.kind, value: input.value, staff: actor(staff.email, input.reason) }),
});

export const moveDeviceAction = staffAction({
  ...editor,
  schema: moveDeviceSchema,
  run: (input, staff) =>
    moveDevice({
      profileId: Number(input.profileId),
      guid: input.guid,
      toProfileId: Number(input.toProfileId),
      staff: actor(staff.email, input.reason),
    }),
});
