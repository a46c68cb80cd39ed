"use server";
// The profile page's identity and counter actions, through the one action wrapper: role first (editor+, re-read on
// the server), the form's own schema, then the shared use case in lib/profiles (through the engine, source "staff",
// the staff member as actor), then a refresh of the page. Previews change nothing and answer their preview as data.
import { staffAction } from "@/app/_server/staff-action";
import { Refusal } from "@/lib/action-result";
import type { AuditActor } from "@/lib/audit/write-audit";
import { canEditProfile } from "@/lib/permissions/roles";
import { incrementProperty } from "@/lib/profiles/increment-property";
import { linkIdentity, previewLink } from "@/lib/profiles/link-identity";
import { mergeProfiles, previewMerge } from "@/lib/profiles/merge-profiles";
import { moveDevice } from "@/lib/profiles/move-device";
import { revertChange } from "@/lib/profiles/revert-change";
import {
  incrementSchema,
  linkIdentitySchema,
  mergeProfilesSchema,
  moveDeviceSchema,
  previewMergeSchema,
  revertSchema,
  unlinkIdentitySchema,
  unmergeSchema,
} from "@/lib/profiles/staff-action-schemas";
import { previewUndo, undoJournalEntry } from "@/lib/profiles/undo-journal-entry";
import { unlinkIdentity } from "@/lib/profiles/unlink-identity";

const editor = {
  allowed: canEditProfile,
  denied: "Only editors and admins can change profiles.",
  revalidate: (input: { profileId: string }) => `/profiles/${input.profileId}`,
};
const by = (actor: AuditActor, reason: string | undefined) => ({ actor, reason: reason || null });

export const incrementAction = staffAction({
  ...editor,
  schema: incrementSchema,
  run: (input, _staff, actor) =>
    incrementProperty({
      profileId: Number(input.profileId),
      key: input.key,
      amount: Number(input.amount),
      direction: input.direction,
      staff: { actor },
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
  run: (input, _staff, actor) =>
    linkIdentity({ profileId: Number(input.profileId), kind: input.kind, value: input.value, staff: by(actor, input.reason) }),
});

export const previewUnmergeAction = staffAction({
  ...editor,
  schema: unmergeSchema,
  run: async (input) => {
    const preview = await previewUndo({ profileId: Number(input.profileId), mergeId: Number(input.mergeId) });
    if (typeof preview === "string") throw new Refusal(preview);
    return { ok: true as const, preview };
  },
});

export const unmergeAction = staffAction({
  ...editor,
  schema: unmergeSchema,
  run: (input, _staff, actor) =>
    undoJournalEntry({ profileId: Number(input.profileId), mergeId: Number(input.mergeId), staff: by(actor, input.reason) }),
});

export const revertAction = staffAction({
  ...editor,
  schema: revertSchema,
  run: (input, _staff, actor) =>
    revertChange({
      profileId: Number(input.profileId),
      changeSetId: Number(input.changeSetId),
      key: input.key,
      confirmChanged: input.confirmChanged,
      staff: { actor, reason: input.reason },
    }),
});

export const unlinkIdentityAction = staffAction({
  ...editor,
  schema: unlinkIdentitySchema,
  run: (input, _staff, actor) =>
    unlinkIdentity({ profileId: Number(input.profileId), kind: input.kind, value: input.value, staff: by(actor, input.reason) }),
});

export const moveDeviceAction = staffAction({
  ...editor,
  schema: moveDeviceSchema,
  run: (input, _staff, actor) =>
    moveDevice({
      profileId: Number(input.profileId),
      guid: input.guid,
      toProfileId: Number(input.toProfileId),
      staff: by(actor, input.reason),
    }),
});

export const previewMergeAction = staffAction({
  ...editor,
  schema: previewMergeSchema,
  run: async (input) => ({
    ok: true as const,
    preview: await previewMerge({ profileId: Number(input.profileId), otherProfileId: Number(input.otherProfileId) }),
  }),
});

export const mergeProfilesAction = staffAction({
  ...editor,
  schema: mergeProfilesSchema,
  run: (input, _staff, actor) =>
    mergeProfiles({
      profileId: Number(input.profileId),
      otherProfileId: Number(input.otherProfileId),
      staff: { actor, reason: input.reason },
    }),
});
