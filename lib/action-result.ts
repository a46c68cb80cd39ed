// The one result shape of every dashboard server action (built by app/_server/staff-action.ts), shared by the
// use cases that answer expected problems as values and by the forms that show them. Expected problems are values:
// a field's message goes beside that field, a form error above the form. Anything else thrown is unexpected:
// the wrapper logs it and shows a generic message.
import { z } from "zod";

/** Messages per form field, as zod's flattenError shapes them. */
export type FieldErrors = Partial<Record<string, string[]>>;

/** A refused action; `More` adds what one kind of action explains further (e.g. an edit conflict). */
export type ActionFailure<More extends object = object> = { ok: false; fieldErrors?: FieldErrors; formError?: string } & Partial<More>;

/** `Data`: what a success carries (e.g. the profile's new version). */
export type ActionResult<Data extends object = object, More extends object = object> = ({ ok: true } & Data) | ActionFailure<More>;

/** Thrown by a use case for a refusal the staff member can act on (a broken rule, a name already taken): shown beside
 * `field` when given, else above the form. */
export class Refusal extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "Refusal";
  }
}

/** The failure for input its schema refused: each field's messages, and the first problem in words for forms that
 * show one line. */
export function invalidInput(error: z.ZodError): ActionFailure {
  const { fieldErrors } = z.flattenError(error);
  return { ok: false, fieldErrors, formError: error.issues[0]?.message ?? "Invalid request." };
}

/** The failure a Refusal stands for. */
export const refused = (refusal: Refusal): ActionFailure =>
  refusal.field ? { ok: false, fieldErrors: { [refusal.field]: [refusal.message] } } : { ok: false, formError: refusal.message };
