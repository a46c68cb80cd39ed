"use client";
// Saves the current filters as a named segment (server action; errors shown beside the field).
import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { showActionErrors } from "@/components/ui/show-action-errors";
import { type SaveSegmentResult, type SegmentInput, segmentInputSchema } from "@/lib/segments/segment-schema";
import styles from "./profile-list.module.css";

export function SaveSegmentForm({ query, action }: { query: string; action: (input: unknown) => Promise<SaveSegmentResult> }) {
  const [saved, setSaved] = useState<string>();
  const [formError, setFormError] = useState<string>();
  const { register, handleSubmit, formState, setError } = useForm<SegmentInput>({
    resolver: zodResolver(segmentInputSchema),
    defaultValues: { name: "", query },
  });
  const submit = handleSubmit(async (values) => {
    const answer = await action({ ...values, query });
    setSaved(answer.ok ? answer.name : undefined);
    setFormError(answer.ok ? undefined : showActionErrors(setError, ["name"], answer));
  });
  const nameError = formState.errors.name?.message;
  return (
    <details className={styles.panel}>
      <summary>Save as segment</summary>
      <form onSubmit={submit} className={styles.bar} noValidate>
        <label className={styles.field}>
          Segment name
          <input
            maxLength={80}
            aria-invalid={!!nameError}
            aria-describedby={nameError || formError ? "segment-name-error" : undefined}
            {...register("name")}
          />
        </label>
        <button type="submit" className={`${styles.button} ${styles.primary}`} disabled={formState.isSubmitting}>
          {formState.isSubmitting ? "Saving…" : "Save segment"}
        </button>
        <span role="status">
          {saved && (
            <>
              Saved “{saved}”.{" "}
              <Link className={styles.link} href="/segments">
                All segments
              </Link>
            </>
          )}
          {(nameError || formError) && (
            <span id="segment-name-error" className={styles.error}>
              {nameError ?? formError}
            </span>
          )}
        </span>
      </form>
    </details>
  );
}
