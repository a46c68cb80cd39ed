// What a staff member may submit from the profile page, shared by the forms (zodResolver) and the server actions
// (re-checked there). Values arrive as form text; toProfileData turns them into the same profile data the REST API
// accepts, so the engine applies the same rules and messages.
import { z } from "zod";
import type { ActionResult } from "../action-result";
import { consentReasonProblem, REASON_MAX, REASON_MESSAGE, REASON_MIN } from "../consents/consent-reason";
import { isCalendarDateKey, parseCalendarDate, parseIsoDate, toCalendarDate, toIsoSeconds, toWireDate } from "./dates";
import { isKeyWithinLimit, MAX_KEY_BYTES } from "./limits";
import { CONSENT_KEYS } from "./system-properties";
import { PROPERTY_TYPES, type PropertyType } from "./types";

const digits = z.string().regex(/^\d{1,15}$/, "Invalid reference.");
/** Which profile, at which version the form was opened, and the newest change set the editor had seen. */
const target = { profileId: digits, expectedVersion: digits, seenChangeSetId: digits };
const key = z.string().trim().min(1, "Enter a property name.").refine(isKeyWithinLimit, `At most ${MAX_KEY_BYTES} bytes.`);
/** Required when the key is a consent (MSG-*), optional otherwise. */
const optionalReason = z.string().max(REASON_MAX, `At most ${REASON_MAX} characters.`).optional();
const reasonIssue = (input: { key: string; reason?: string }, ctx: z.RefinementCtx) => {
  const problem = consentReasonProblem([input.key], input.reason);
  if (problem) ctx.addIssue({ code: "custom", path: ["reason"], message: problem });
};

export const editPropertySchema = z
  .object({
    ...target,
    key,
    type: z.enum(PROPERTY_TYPES, { error: "Choose a type." }),
    value: z.string().max(10_000, "At most 10,000 characters."),
    reason: optionalReason,
  })
  .superRefine((input, ctx) => {
    const problem = valueProblem(input.type, input.value, input.key);
    if (problem) ctx.addIssue({ code: "custom", path: ["value"], message: problem });
    reasonIssue(input, ctx);
  });
export type EditPropertyInput = z.infer<typeof editPropertySchema>;

export const deletePropertySchema = z.object({ ...target, key, reason: optionalReason }).superRefine(reasonIssue);
export type DeletePropertyInput = z.infer<typeof deletePropertySchema>;

/** A consent is on, off, or not set (the key removed). */
export const CONSENT_CHOICES = ["on", "off", "unset"] as const;
export const editConsentSchema = z.object({
  ...target,
  key: z.enum(CONSENT_KEYS, { error: "Unknown consent." }),
  value: z.enum(CONSENT_CHOICES, { error: "Choose on, off or not set." }),
  reason: z.string().trim().min(REASON_MIN, REASON_MESSAGE).max(REASON_MAX, `At most ${REASON_MAX} characters.`),
});
export type EditConsentInput = z.infer<typeof editConsentSchema>;

/** The date an edit stands for: a calendar day for a calendar-date key (DOB), else a date and time in UTC, to the
 * second (a day alone is its midnight; a zone typed with it is honoured). Null when it is not one. */
const dateOf = (key: string, value: string): number | null =>
  isCalendarDateKey(key.trim()) ? parseCalendarDate(value) : parseIsoDate(value);

function valueProblem(type: PropertyType, value: string, key: string): string | null {
  const trimmed = value.trim();
  switch (type) {
    case "string":
      return trimmed === "" ? "Enter a value (delete the property to remove it)." : null;
    case "integer":
      return /^-?\d{1,15}$/.test(trimmed) ? null : "Enter a whole number.";
    case "float":
      return trimmed !== "" && Number.isFinite(Number(trimmed)) ? null : "Enter a number.";
    case "boolean":
      return trimmed === "true" || trimmed === "false" ? null : "Choose true or false.";
    case "date":
      if (dateOf(key, trimmed) !== null) return null;
      return isCalendarDateKey(key.trim())
        ? "Enter a real calendar date as YYYY-MM-DD."
        : "Enter a real date and time (UTC) as YYYY-MM-DD hh:mm:ss.";
    case "list":
      return listItems(value).length === 0 ? "Enter at least one item, one per line." : null;
  }
}

const listItems = (value: string) =>
  value
    .split("\n")
    .map((item) => item.trim())
    .filter(Boolean);

/** The profile data an edit stands for, in the REST API's vocabulary. */
export function toProfileData(input: { key: string; type: PropertyType; value: string }): Record<string, unknown> {
  const value = input.value.trim();
  switch (input.type) {
    case "string":
      return { [input.key]: value };
    case "integer":
    case "float":
      return { [input.key]: Number(value) };
    case "boolean":
      return { [input.key]: value === "true" };
    case "date":
      return { [input.key]: toWireDate(dateOf(input.key, value)!) };
    case "list":
      return { [input.key]: { $set: listItems(input.value) } };
  }
}

/** A stored value as the text its form input shows (a date-time as the UTC "yyyy-mm-ddThh:mm:ss" of datetime-local). */
export function toFormValue(type: string, value: unknown, key?: string): string {
  if (type === "date" && typeof value === "number") return isCalendarDateKey(key) ? toCalendarDate(value) : toIsoSeconds(value);
  if (Array.isArray(value)) return value.join("\n");
  return value === null || value === undefined ? "" : String(value);
}

/** The result every profile edit action returns. */
export type EditResult = ActionResult<{ version: number }, { conflict: EditConflict }>;
export type EditConflict = {
  currentVersion: number;
  changes: { at: string; source: string; actor: string | null; key: string; oldValue: unknown; newValue: unknown }[];
};
