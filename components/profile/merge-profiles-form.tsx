"use client";
// Merge another identified profile of the same person into this one (editors only). The preview lists what moves, every
// property conflict and which value wins, and the rule; a reason is required; nothing changes until it is confirmed.
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import forms from "@/components/ui/forms.module.css";
import { showActionErrors } from "@/components/ui/show-action-errors";
import type { ActionResult } from "@/lib/action-result";
import { formatValue } from "@/lib/profiles/format-value";
import type { MergePreview } from "@/lib/profiles/merge-profiles";
import { type MergeProfilesInput, mergeProfilesSchema, previewMergeSchema } from "@/lib/profiles/staff-action-schemas";
import styles from "./profile.module.css";

type Props = {
  profileId: string;
  previewAction: (input: unknown) => Promise<ActionResult<{ preview: MergePreview }>>;
  mergeAction: (input: unknown) => Promise<ActionResult<{ profileId: number }>>;
};
const FIELDS = ["otherProfileId", "reason"] as const;
/** A value by its recorded type (a DOB reads as a day, a date-time to the second in UTC). */
const show = (value: unknown, type: string | null, key: string) => (value === null ? "(not set)" : formatValue(value, type, key));
const codes = (values: string[]) => (values.length ? values.map((v) => <code key={v}>{v} </code>) : "none");

export function MergeProfilesForm({ profileId, previewAction, mergeAction }: Props) {
  const id = useId();
  const router = useRouter();
  const [preview, setPreview] = useState<MergePreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const form = useForm<MergeProfilesInput>({
    resolver: zodResolver(mergeProfilesSchema),
    defaultValues: { profileId, otherProfileId: "", reason: "" },
  });
  const { register, formState, getValues, setError: setFieldError, trigger } = form;

  async function showPreview(event: React.FormEvent) {
    event.preventDefault();
    if (!(await trigger("otherProfileId"))) return;
    const values = previewMergeSchema.parse(getValues());
    const answer = await previewAction(values);
    setPreview(answer.ok ? answer.preview : null);
    setError(answer.ok ? null : (showActionErrors(setFieldError, FIELDS, answer) ?? null));
  }
  const confirm = form.handleSubmit(async (values) => {
    const answer = await mergeAction(values);
    if (!answer.ok) return setError(showActionErrors(setFieldError, FIELDS, answer) ?? null);
    setPreview(null);
    form.reset({ profileId, otherProfileId: "", reason: "" });
    router.refresh();
  });
  const otherError = formState.errors.otherProfileId?.message;
  const reasonError = formState.errors.reason?.message;
  return (
    <div>
      <form onSubmit={showPreview} className={styles.inlineForm} noValidate aria-label="Merge another profile into this one">
        <label htmlFor={`${id}-other`}>Profile number to merge into this one</label>
        <input
          id={`${id}-other`}
          className={forms.input}
          inputMode="numeric"
          aria-invalid={!!otherError}
          aria-describedby={otherError ? `${id}-other-error` : undefined}
          {...register("otherProfileId", { onChange: () => setPreview(null) })}
        />
        {otherError && (
          <p id={`${id}-other-error`} className={forms.error}>
            {otherError}
          </p>
        )}
        <button type="submit" className={forms.secondary} disabled={formState.isSubmitting}>
          Preview merge
        </button>
      </form>
      {preview?.mode === "refused" && (
        <p role="alert" className={forms.error}>
          {preview.message}
        </p>
      )}
      {preview?.mode === "merge" && (
        <form onSubmit={confirm} data-testid="merge-preview" className={forms.panel} noValidate aria-label="Confirm the merge">
          <p>
            Profile #{preview.other.id} ({preview.other.label}) merges into this profile #{preview.survivor.id} ({preview.survivor.label}),
            which survives:
          </p>
          <ul>
            <li>devices that move here: {codes(preview.other.devices)}</li>
            <li>identities that move here: {codes(preview.other.identities.map((i) => `${i.kind}: ${i.value}`))}</li>
            <li>events that move here: {preview.other.events}</li>
            <li>
              properties copied here (this profile has none of them):{" "}
              {preview.copied.length === 0 ? "none" : preview.copied.map((c) => `${c.key} = ${show(c.value, c.type, c.key)}`).join(" · ")}
            </li>
          </ul>
          <p>
            <strong>Rule:</strong> {preview.rule}
          </p>
          {preview.conflicts.length === 0 ? (
            <p>No property conflicts.</p>
          ) : (
            <table className={styles.table} data-testid="merge-conflicts">
              <caption>Property conflicts and the value that wins</caption>
              <thead>
                <tr>
                  <th scope="col">Property</th>
                  <th scope="col">This profile #{preview.survivor.id}</th>
                  <th scope="col">Profile #{preview.other.id}</th>
                  <th scope="col">Wins</th>
                </tr>
              </thead>
              <tbody>
                {preview.conflicts.map((c) => (
                  <tr key={c.key} data-key={c.key}>
                    <th scope="row" className={styles.key}>
                      {c.key}
                    </th>
                    <td>{show(c.survivor, c.survivorType, c.key)}</td>
                    <td>{show(c.other, c.otherType, c.key)}</td>
                    <td data-testid="winner">
                      {c.winner === "survivor" ? `#${preview.survivor.id}` : `#${preview.other.id}`} ({c.rule})
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p>
            Profile #{preview.other.id} keeps its own properties, consents and change log (shown in this history); an unmerge from the
            history gives it back as it was.
          </p>
          <label htmlFor={`${id}-reason`}>Reason (required)</label>
          <input
            id={`${id}-reason`}
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
          <button type="submit" className={forms.button} disabled={formState.isSubmitting}>
            Confirm merge
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className={forms.error}>
          {error}
        </p>
      )}
    </div>
  );
}
