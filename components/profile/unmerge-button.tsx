"use client";
// Undo a join from the history (editors only): the preview lists the devices that go back and the profile they go
// back to; nothing changes until it is confirmed.
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import forms from "@/components/ui/forms.module.css";
import type { ActionResult } from "@/lib/action-result";
import type { UnmergePreview } from "@/lib/profiles/unmerge-join";
import styles from "./profile.module.css";

type Props = {
  profileId: string;
  mergeId: string;
  previewAction: (input: unknown) => Promise<ActionResult<{ preview: UnmergePreview }>>;
  unmergeAction: (input: unknown) => Promise<ActionResult<{ backTo: number }>>;
};

export function UnmergeButton({ profileId, mergeId, previewAction, unmergeAction }: Props) {
  const id = useId();
  const router = useRouter();
  const [preview, setPreview] = useState<UnmergePreview | null | "gone">(null);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function open() {
    const answer = await previewAction({ profileId, mergeId });
    setPreview(answer.ok ? answer.preview : "gone");
  }
  async function confirm() {
    setBusy(true);
    const answer = await unmergeAction({ profileId, mergeId, reason });
    setBusy(false);
    if (!answer.ok) return setError(answer.formError ?? "The unmerge could not be saved. Try again.");
    setPreview(null);
    router.refresh();
  }
  if (preview === null)
    return (
      <button type="button" className={forms.secondary} onClick={open} aria-label={`Unmerge join #${mergeId}`}>
        Unmerge…
      </button>
    );
  if (preview === "gone") return <p className={forms.error}>This join was already undone.</p>;
  return (
    <div data-testid="unmerge-preview" className={forms.panel}>
      <p>
        Back to {preview.back.identified ? "identified" : "anonymous"} profile #{preview.back.id} ({preview.back.label}), exactly as before
        the join: devices{" "}
        {preview.devices.map((guid) => (
          <code key={guid}>{guid} </code>
        ))}
        ; its {preview.back.events} events and properties ({preview.back.properties.join(", ") || "none"}) leave this history. What was
        recorded here after the join stays here.
      </p>
      <label htmlFor={`${id}-reason`}>Reason (optional)</label>
      <input id={`${id}-reason`} className={forms.input} value={reason} onChange={(e) => setReason(e.target.value)} />
      <div className={styles.row}>
        <button type="button" className={forms.button} onClick={confirm} disabled={busy}>
          Confirm unmerge
        </button>
        <button type="button" className={forms.secondary} onClick={() => setPreview(null)}>
          Cancel
        </button>
      </div>
      {error && (
        <p role="alert" className={forms.error}>
          {error}
        </p>
      )}
    </div>
  );
}
