"use client";
// Increment or decrement a numeric property by an amount (editors only): the same $incr / $decr rule as the SDK.
import { zodResolver } from "@hookform/resolvers/zod";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import forms from "@/components/ui/forms.module.css";
import { showActionErrors } from "@/components/ui/show-action-errors";
import type { EditResult } from "@/lib/profiles/edit-property-schema";
import { type IncrementInput, incrementSchema } from "@/lib/profiles/staff-action-schemas";
import styles from "./profile.module.css";

type Props = { profileId: string; propertyKey: string; action: (input: unknown) => Promise<EditResult> };

export function IncrementForm({ profileId, propertyKey, action }: Props) {
  const id = useId();
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, formState, setError, setValue } = useForm<IncrementInput>({
    resolver: zodResolver(incrementSchema),
    // No amount prefilled: a click into a field holding "1" and typing 5 would increment by 15 (and a test typing
    // while the page hydrates saw exactly that).
    defaultValues: { profileId, key: propertyKey, direction: "increment", amount: "" },
  });
  const submit = handleSubmit(async (values) => {
    const answer = await action(values);
    setFormError(answer.ok ? null : (showActionErrors(setError, ["amount"], answer) ?? null));
  });
  const error = formState.errors.amount?.message;
  return (
    <form onSubmit={submit} className={styles.row} noValidate aria-label={`Increment or decrement ${propertyKey}`}>
      <label htmlFor={`${id}-amount`} className={forms.srOnly}>
        Amount for {propertyKey}
      </label>
      <input
        id={`${id}-amount`}
        inputMode="decimal"
        size={6}
        placeholder="amount"
        className={forms.input}
        aria-invalid={!!error}
        aria-describedby={error ? `${id}-error` : undefined}
        {...register("amount")}
      />
      <button
        type="submit"
        className={forms.secondary}
        disabled={formState.isSubmitting}
        aria-label={`Increment ${propertyKey}`}
        onClick={() => setValue("direction", "increment")}
      >
        +
      </button>
      <button
        type="submit"
        className={forms.secondary}
        disabled={formState.isSubmitting}
        aria-label={`Decrement ${propertyKey}`}
        onClick={() => setValue("direction", "decrement")}
      >
        −
      </button>
      {(error || formError) && (
        <p id={`${id}-error`} role="alert" className={forms.error}>
          {error ?? formError}
        </p>
      )}
    </form>
  );
}
