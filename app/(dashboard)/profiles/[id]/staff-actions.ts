"use server";
// The profile page's identity and counter actions. Each: role first (editor+, re-read on the server), then the input
// re-validated with the form's own schema, then the shared use case in lib/profiles (through the engine, source
// "staff", the staff member as actor), then a refresh of the page.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { currentStaff } from "@/app/_server/require-staff";
import { canEditProfile } from "@/lib/permissions/roles";
import type { EditResult } from "@/lib/profiles/edit-property-schema";
import { incrementProperty } from "@/lib/profiles/increment-property";
import { type LinkPreview, linkIdentity, previewLink } from "@/lib/profiles/link-identity";
import { moveDevice } from "@/lib/profiles/move-device";
import type { RevertResult } from "@/lib/profiles/revert-change";
import { revertChange } from "@/lib/profiles/revert-change";
import {
  incrementSchema,
  linkIdentitySchema,
  moveDeviceSchema,
  revertSchema,
  unlinkIdentitySchema,
  unmergeSchema,
} from "@/lib/profiles/staff-action-schemas";
import type { StaffResult } from "@/lib/profiles/staff-result";
import { unlinkIdentity } from "@/lib/profiles/unlink-identity";
import { previewUnmerge, type UnmergePreview, unmergeJoin } from "@/lib/profiles/unmerge-join";

const NOT_ALLOWED = "Only editors and admins can change profiles.";
const firstIssue = (error: z.ZodError) => error.issues[0]?.message ?? "Invalid input.";

async function guarded<T>(work: () => Promise<T>, failed: T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    console.error("profile action failed", error);
    return failed;
  }
}

export async function incrementAction(input: unknown): Promise<EditResult> {
  const staff = await currentStaff(canEditProfile);
  if (!staff) return { ok: false, formError: NOT_ALLOWED };
  const parsed = incrementSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]> };
  const { profileId, key, amount, direction } = parsed.data;
  const result = await guarded(
    () => incrementProperty({ profileId: Number(profileId), key, amount: Number(amount), direction, staff: { actor: staff.email } }),
    { ok: false, formError: "The change could not be saved. Try again." } as EditResult,
  );
  if (result.ok) revalidatePath(`/profiles/${profileId}`);
  return result;
}

export async function previewLinkAction(input: unknown): Promise<LinkPreview> {
  const staff = await currentStaff(canEditProfile);
  if (!staff) return { mode: "refused", message: NOT_ALLOWED };
  const parsed = linkIdentitySchema.safeParse(input);
  if (!parsed.success) return { mode: "refused", message: firstIssue(parsed.error) };
  const { profileId, kind, value } = parsed.data;
  return guarded(() => previewLink({ profileId: Number(profileId), kind, value }), { mode: "refused", message: "No preview. Try again." });
}

export async function linkIdentityAction(input: unknown): Promise<{ ok: true; profileId: number } | { ok: false; formError: string }> {
  const staff = await currentStaff(canEditProfile);
  if (!staff) return { ok: false, formError: NOT_ALLOWED };
  const parsed = linkIdentitySchema.safeParse(input);
  if (!parsed.success) return { ok: false, formError: firstIssue(parsed.error) };
  const { profileId, kind, value, reason } = parsed.data;
  const result = await guarded(
    () => linkIdentity({ profileId: Number(profileId), kind, value, staff: { actor: staff.email, reason: reason || null } }),
    { ok: false as const, formError: "The link could not be saved. Try again." },
  );
  if (result.ok) {
    revalidatePath(`/profiles/${profileId}`);
    revalidatePath(`/profiles/${result.profileId}`);
  }
  return result;
}

export async function previewUnmergeAction(input: unknown): Promise<UnmergePreview | null> {
  const staff = await currentStaff(canEditProfile);
  if (!staff) return null;
  const parsed = unmergeSchema.safeParse(input);
  if (!parsed.success) return null;
  return guarded(() => previewUnmerge({ profileId: Number(parsed.data.profileId), mergeId: Number(parsed.data.mergeId) }), null);
}

export async function unmergeAction(input: unknown): Promise<{ ok: true; backTo: number } | { ok: false; formError: string }> {
  const staff = await currentStaff(canEditProfile);
  if (!staff) return { ok: false, formError: NOT_ALLOWED };
  const parsed = unmergeSchema.safeParse(input);
  if (!parsed.success) return { ok: false, formError: firstIssue(parsed.error) };
  const { profileId, mergeId, reason } = parsed.data;
  const result = await guarded(
    () => unmergeJoin({ profileId: Number(profileId), mergeId: Number(mergeId), staff: { actor: staff.email, reason: reason || null } }),
    { ok: false as const, formError: "The unmerge could not be saved. Try again." },
  );
  if (result.ok) {
    revalidatePath(`/profiles/${profileId}`);
    revalidatePath(`/profiles/${result.backTo}`);
  }
  return result;
}

export async function revertAction(input: unknown): Promise<RevertResult> {
  const staff = await currentStaff(canEditProfile);
  if (!staff) return { ok: false, formError: NOT_ALLOWED };
  const parsed = revertSchema.safeParse(input);
  if (!parsed.success) return { ok: false, formError: firstIssue(parsed.error) };
  const { profileId, changeSetId, key, reason, confirmChanged } = parsed.data;
  const result = await guarded(
    () =>
      revertChange({
        profileId: Number(profileId),
        changeSetId: Number(changeSetId),
        key,
        confirmChanged,
        staff: { actor: staff.email, reason },
      }),
    { ok: false as const, formError: "The revert could not be saved. Try again." },
  );
  if (result.ok) revalidatePath(`/profiles/${profileId}`);
  return result;
}

export async function unlinkIdentityAction(input: unknown): Promise<StaffResult> {
  const staff = await currentStaff(canEditProfile);
  if (!staff) return { ok: false, formError: NOT_ALLOWED };
  const parsed = unlinkIdentitySchema.safeParse(input);
  if (!parsed.success) return { ok: false, formError: firstIssue(parsed.error) };
  const { profileId, kind, value, reason } = parsed.data;
  const result = await guarded(
    () => unlinkIdentity({ profileId: Number(profileId), kind, value, staff: { actor: staff.email, reason: reason || null } }),
    { ok: false as const, formError: "The identity could not be unlinked. Try again." },
  );
  if (result.ok) revalidatePath(`/profiles/${profileId}`);
  return result;
}

export async function moveDeviceAction(input: unknown): Promise<StaffResult> {
  const staff = await currentStaff(canEditProfile);
  if (!staff) return { ok: false, formError: NOT_ALLOWED };
  const parsed = moveDeviceSchema.safeParse(input);
  if (!parsed.success) return { ok: false, formError: firstIssue(parsed.error) };
  const { profileId, guid, toProfileId, reason } = parsed.data;
  const result = await guarded(
    () =>
      moveDevice({
        profileId: Number(profileId),
        guid,
        toProfileId: Number(toProfileId),
        staff: { actor: staff.email, reason: reason || null },
      }),
    { ok: false as const, formError: "The device could not be moved. Try again." },
  );
  if (result.ok) {
    revalidatePath(`/profiles/${profileId}`);
    revalidatePath(`/profiles/${toProfileId}`);
  }
  return result;
}
