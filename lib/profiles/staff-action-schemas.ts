// What a staff member may submit for the identity and counter actions of the profile page, shared by the forms and
// the server actions (re-checked there).
import { z } from "zod";
import { propertyKeySchema } from "./property-key-schema";
import { IDENTITY_KINDS } from "./types";

const id = z.string().regex(/^\d{1,15}$/, "Invalid reference.");
const reason = z.string().trim().max(500, "At most 500 characters.");

export const incrementSchema = z.object({
  profileId: id,
  key: propertyKeySchema,
  direction: z.enum(["increment", "decrement"]),
  amount: z
    .string()
    .trim()
    .refine((text) => /^\d{1,15}(\.\d{1,10})?$/.test(text), "Enter an amount of 0 or more (a whole number or a decimal)."),
});
export type IncrementInput = z.infer<typeof incrementSchema>;

export const linkIdentitySchema = z.object({
  profileId: id,
  kind: z.enum(IDENTITY_KINDS, { error: "Choose an identity kind." }),
  value: z.string().trim().min(1, "Enter the identity.").max(512, "At most 512 characters."),
  reason: reason.optional(),
});
export type LinkIdentityInput = z.infer<typeof linkIdentitySchema>;

export const mergeProfilesSchema = z.object({
  profileId: id,
  otherProfileId: z
    .string()
    .trim()
    .regex(/^\d{1,15}$/, "Enter the number of the profile to merge into this one."),
  reason: z.string().trim().min(3, "Say why these profiles are one person (at least 3 characters).").max(500, "At most 500 characters."),
});
export type MergeProfilesInput = z.infer<typeof mergeProfilesSchema>;
/** The preview needs no reason yet. */
export const previewMergeSchema = mergeProfilesSchema.pick({ profileId: true, otherProfileId: true });

export const unmergeSchema = z.object({ profileId: id, mergeId: id, reason: reason.optional() });
export type UnmergeInput = z.infer<typeof unmergeSchema>;

export const revertSchema = z.object({
  profileId: id,
  changeSetId: id,
  key: propertyKeySchema,
  reason: z.string().trim().min(3, "Say why this change is reverted (at least 3 characters).").max(500, "At most 500 characters."),
  /** Set once the staff member has seen that the value changed again since, and still wants it reverted. */
  confirmChanged: z.boolean().default(false),
});
export type RevertInput = z.infer<typeof revertSchema>;

export const unlinkIdentitySchema = z.object({
  profileId: id,
  kind: z.enum(IDENTITY_KINDS),
  value: z.string().min(1).max(512),
  reason: reason.optional(),
});
export type UnlinkIdentityInput = z.infer<typeof unlinkIdentitySchema>;

export const moveDeviceSchema = z.object({
  profileId: id,
  guid: z.string().regex(/^[A-Za-z0-9_:-]{1,64}$/, "Invalid device."),
  toProfileId: z
    .string()
    .trim()
    .regex(/^\d{1,15}$/, "Enter the number of the profile to move it to."),
  reason: reason.optional(),
});
export type MoveDeviceInput = z.infer<typeof moveDeviceSchema>;
