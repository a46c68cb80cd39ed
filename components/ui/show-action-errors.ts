// The one way a form shows a refused server action: each field's message beside the form's own field (as
// react-hook-form errors), and one line above the form for the rest.
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import type { ActionFailure } from "@/lib/action-result";

/** Sets the failure's messages on the listed fields; returns the line to show above the form, if any: the form
 * error when no listed field took a message, else nothing (the fields say it). */
export function showActionErrors<T extends FieldValues>(
  setError: UseFormSetError<T>,
  fields: readonly Path<T>[],
  failure: ActionFailure,
): string | undefined {
  let placed = 0;
  for (const field of fields) {
    const message = failure.fieldErrors?.[field]?.[0];
    if (!message) continue;
    setError(field, { type: "server", message });
    placed++;
  }
  if (placed > 0) return undefined;
  return failure.formError ?? Object.values(failure.fieldErrors ?? {}).flat()[0] ?? "The change could not be saved. Try again.";
}
