"use client";
// Saves the current filters as a named segment (server action; errors shown beside the field).
import Link from "next/link";
import { useActionState } from "react";
import type { SaveSegmentResult } from "@/lib/segments/segment-schema";
import styles from "./profile-list.module.css";

export function SaveSegmentForm({
  query,
  action,
}: {
  query: string;
  action: (previous: SaveSegmentResult | null, form: FormData) => Promise<SaveSegmentResult>;
}) {
  const [result, formAction, pending] = useActionState(action, null);
  const nameError = result && !result.ok ? result.fieldErrors.name?.[0] : undefined;
  return (
    <details className={styles.panel}>
      <summary>Save as segment</summary>
      <form action={formAction} className={styles.bar}>
        <input type="hidden" name="query" value={query} />
        <label className={styles.field}>
          Segment name
          <input
            name="name"
            required
            maxLength={80}
            aria-invalid={!!nameError}
            aria-describedby={nameError ? "segment-name-error" : undefined}
          />
        </label>
        <button type="submit" className={`${styles.button} ${styles.primary}`} disabled={pending}>
          {pending ? "Saving…" : "Save segment"}
        </button>
        <span role="status">
          {result?.ok && (
            <>
              Saved “{result.name}”.{" "}
              <Link className={styles.link} href="/segments">
                All segments
              </Link>
            </>
          )}
          {result && !result.ok && (
            <span id="segment-name-error" className={styles.error}>
              {nameError ?? result.formError}
            </span>
          )}
        </span>
      </form>
    </details>
  );
}
