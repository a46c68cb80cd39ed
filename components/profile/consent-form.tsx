"use client";
// One consent (MSG-email, MSG-push, MSG-sms, MSG-whatsapp): on / off / not set with a required reason, recorded in the
// change log (and so in the consent ledger).
import { zodResolver } from "@hookform/resolvers/zod";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import { FormAlert } from "@/components/ui/form-alert";
import forms from "@/components/ui/forms.module.css";
import { showActionErrors } from "@/components/ui/show-action-errors";
import { type EditConsentInput, type EditResult, editConsentSchema } from "@/lib/profiles/edit-property-schema";
import { ConflictNotice } from "./conflict-notice";
import type { EditTarget } from "./edit-target";
import styles from "./profile.module.css";

type Props = {
  target: EditTarget;
  consentKey: EditConsentInput["key"];
  current: boolean | null;
  action: (input: unknown) => Promise<EditResult>;
};

export function ConsentForm({ target, consentKey, current, action }: Props) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState<EditResult | null>(null);
  const [formError, setFormError] = useState<string>();
  const { register, handleSubmit, formState, setError } = useForm<EditConsentInput>({
    resolver: zodResolver(editConsentSchema),
    defaultValues: { ...target, key: consentKey, value: current === true ? "off" : "on", reason: "" },
  });
  const submit = handleSubmit(async (values) => {
    const answer = await action({ ...values, ...target, key: consentKey });
    setResult(answer);
    setFormError(answer.ok || answer.conflict ? undefined : showActionErrors(setError, ["value", "reason"], answer));
    if (answer.ok) setOpen(false);
  });

  if (!open) {
    return (
      <button type="button" className={forms.secondary} onClick={() => setOpen(true)} aria-label={`Change ${consentKey}`}>
        Change
      </button>
    );
  }
  const valueError = formState.errors.value?.message;
  const reasonError = formState.errors.reason?.message;
  return (
    <form onSubmit={submit} className={styles.inlineForm} noValidate aria-label={`Change ${consentKey}`}>
      <fieldset style={{ border: 0, padding: 0, margin: 0 }} aria-describedby={valueError ? `${id}-value-error` : undefined}>
        <legend>New value of {consentKey}</legend>
        <label>
          <input type="radio" value="on" {...register("value")} /> On
        </label>{" "}
        <label>
          <input type="radio" value="off" {...register("value")} /> Off
        </label>{" "}
        <label>
          <input type="radio" value="unset" {...register("value")} /> Not set
        </label>
        {valueError && (
          <p id={`${id}-value-error`} className={forms.error}>
            {valueError}
          </p>
        )}
      </fieldset>
      <div className={forms.field}>
        <label htmlFor={`${id}-reason`}>Reason for the change</label>
        <textarea
          id={`${id}-reason`}
          rows={2}
          className={forms.input}
          aria-invalid={!!reasonError}
          aria-describedby={reasonError ? `${id}-reason-error` : undefined}
          {...register("reason")}
        />
        {reasonError && (
          <p id={`${id}-reason-error`} className={forms.error}>
            {reasonError}
          </p>
        )}
      </div>
      {result && !result.ok && result.conflict && <ConflictNotice message={result.formError ?? "Conflict"} conflict={result.conflict} />}
      <FormAlert message={formError} />
      <div className={styles.row}>
        <button type="submit" className={forms.button} disabled={formState.isSubmitting}>
          {formState.isSubmitting ? "Saving…" : "Save consent"}
        </button>
        <button type="button" className={forms.secondary} onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
