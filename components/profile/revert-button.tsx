"use client";
// Revert one change of the history (editors only), as a new change with a required reason. If the value has changed
// again since, both values are shown and the editor confirms.
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import forms from "@/components/ui/forms.module.css";
import type { RevertResult } from "@/lib/profiles/revert-change";
import styles from "./profile.module.css";

type Props = { profileId: string; changeSetId: string; propertyKey: string; action: (input: unknown) => Promise<RevertResult> };
const show = (value: unknown) =>
  value === null || value === undefined ? "(not set)" : typeof value === "string" ? value : JSON.stringify(value);

export function RevertButton({ profileId, changeSetId, propertyKey, action }: Props) {
  const id = useId();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [result, setResult] = useState<RevertResult | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(confirmChanged: boolean) {
    setBusy(true);
    const answer = await action({ profileId, changeSetId, key: propertyKey, reason, confirmChanged });
    setBusy(false);
    setResult(answer);
    if (answer.ok) {
      setOpen(false);
      router.refresh();
    }
  }
  if (!open)
    return (
      <button
        type="button"
        className={forms.secondary}
        onClick={() => setOpen(true)}
        aria-label={`Revert ${propertyKey} (change ${changeSetId})`}
      >
        Revert…
      </button>
    );
  return (
    <div className={styles.inlineForm} data-testid="revert-form">
      <label htmlFor={`${id}-reason`}>Reason for reverting {propertyKey}</label>
      <input id={`${id}-reason`} className={forms.input} value={reason} onChange={(e) => setReason(e.target.value)} />
      {result && !result.ok && result.changedSince && (
        <p role="alert">
          {propertyKey} changed again since: it was {show(result.changedSince.was)}, it is now {show(result.changedSince.now)}. Reverting
          sets it to {show(result.changedSince.revertTo)}.
        </p>
      )}
      {result && !result.ok && !result.changedSince && (
        <p role="alert" className={forms.error}>
          {result.formError ?? "The revert could not be saved. Try again."}
        </p>
      )}
      <div className={styles.row}>
        {result && !result.ok && result.changedSince ? (
          <button type="button" className={forms.danger} onClick={() => submit(true)} disabled={busy}>
            Revert anyway
          </button>
        ) : (
          <button type="button" className={forms.button} onClick={() => submit(false)} disabled={busy}>
            Revert
          </button>
        )}
        <button type="button" className={forms.secondary} onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </div>
  );
}
