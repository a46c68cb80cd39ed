"use client";
// Edit one property (or add a new one): react-hook-form with the server action's own zod schema; the action's
// answer (the engine's message for the field, or a conflict) is shown beside the field.
import { zodResolver } from "@hookform/resolvers/zod";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import { FormAlert } from "@/components/ui/form-alert";
import forms from "@/components/ui/forms.module.css";
import { showActionErrors } from "@/components/ui/show-action-errors";
import { isConsentKey } from "@/lib/consents/consent-reason";
import { isCalendarDateKey } from "@/lib/profiles/dates";
import { type EditPropertyInput, type EditResult, editPropertySchema } from "@/lib/profiles/edit-property-schema";
import { PROPERTY_TYPES, type PropertyType } from "@/lib/profiles/types";
import { ConflictNotice } from "./conflict-notice";
import type { EditTarget } from "./edit-target";
import styles from "./profile.module.css";
import { ValueInput } from "./value-input";

type Props = {
  target: EditTarget;
  action: (input: unknown) => Promise<EditResult>;
  /** Set for an existing property: its key is fixed. */
  initial?: { key: string; type: PropertyType; value: string };
  onDone?: () => void;
};

export function PropertyForm({ target, action, initial, onDone }: Props) {
  const id = useId();
  const [result, setResult] = useState<EditResult | null>(null);
  const [formError, setFormError] = useState<string>();
  const form = useForm<EditPropertyInput>({
    resolver: zodResolver(editPropertySchema),
    defaultValues: {
      ...target,
      key: initial?.key ?? "",
      type: initial?.type ?? "string",
      value: initial?.value ?? (initial?.type === "boolean" ? "true" : ""),
    },
  });
  const { register, handleSubmit, watch, formState, setError } = form;
  const type = watch("type");
  const propertyKey = initial?.key ?? watch("key") ?? "";

  const submit = handleSubmit(async (values) => {
    const answer = await action({ ...values, ...target });
    setResult(answer);
    setFormError(
      answer.ok || answer.conflict
        ? undefined
        : showActionErrors(setError, initial ? ["type", "value", "reason"] : ["key", "type", "value", "reason"], answer),
    );
    if (answer.ok) onDone?.();
  });

  const errorId = (field: string) => `${id}-${field}-error`;
  const fieldError = (field: "key" | "type" | "value" | "reason") => formState.errors[field]?.message;
  // A consent (MSG-*) set as a property needs a reason, as in the consent form.
  const needsReason = isConsentKey(propertyKey.trim());

  return (
    <form onSubmit={submit} className={styles.inlineForm} noValidate aria-label={initial ? `Edit ${initial.key}` : "Add a property"}>
      {!initial && (
        <div className={forms.field}>
          <label htmlFor={`${id}-key`}>Property</label>
          <input
            id={`${id}-key`}
            className={forms.input}
            aria-invalid={!!fieldError("key")}
            aria-describedby={fieldError("key") ? errorId("key") : undefined}
            {...register("key")}
          />
          {fieldError("key") && (
            <p id={errorId("key")} className={forms.error}>
              {fieldError("key")}
            </p>
          )}
        </div>
      )}
      <div className={forms.field}>
        <label htmlFor={`${id}-type`}>Type</label>
        <select id={`${id}-type`} className={forms.input} {...register("type")}>
          {PROPERTY_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </div>
      <div className={forms.field}>
        <label htmlFor={`${id}-value`}>
          {initial ? `Value of ${initial.key}` : "Value"}
          {type === "list" ? " (one item per line)" : ""}
          {type === "date" && !isCalendarDateKey(propertyKey.trim()) ? " (UTC)" : ""}
        </label>
        <ValueInput
          id={`${id}-value`}
          type={type}
          propertyKey={propertyKey}
          field={register("value")}
          autoFocus={!!initial}
          invalid={!!fieldError("value")}
          describedBy={fieldError("value") ? errorId("value") : undefined}
        />
        {fieldError("value") && (
          <p id={errorId("value")} className={forms.error} data-testid="field-error">
            {fieldError("value")}
          </p>
        )}
      </div>
      {needsReason && (
        <div className={forms.field}>
          <label htmlFor={`${id}-reason`}>Reason for the change</label>
          <textarea
            id={`${id}-reason`}
            rows={2}
            className={forms.input}
            aria-invalid={!!fieldError("reason")}
            aria-describedby={fieldError("reason") ? errorId("reason") : undefined}
            {...register("reason")}
          />
          {fieldError("reason") && (
            <p id={errorId("reason")} className={forms.error}>
              {fieldError("reason")}
            </p>
          )}
        </div>
      )}
      {result && !result.ok && result.conflict && <ConflictNotice message={result.formError ?? "Conflict"} conflict={result.conflict} />}
      <FormAlert message={formError} />
      <div className={styles.row}>
        <button type="submit" className={forms.button} disabled={formState.isSubmitting}>
          {formState.isSubmitting ? "Saving…" : "Save"}
        </button>
        {onDone && (
          <button type="button" className={forms.secondary} onClick={onDone}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
