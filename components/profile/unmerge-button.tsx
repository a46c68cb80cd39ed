"use client";
// Undo a history line (editors only): a join (its devices go back), a merge of two identified profiles (the merged
// profile comes back whole) or a link in place (the identity is unlinked). The preview says exactly what moves; nothing
// changes until it is confirmed.
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import forms from "@/components/ui/forms.module.css";
import type { ActionResult } from "@/lib/action-result";
import type { UndoPreview } from "@/lib/profiles/undo-journal-entry";
import styles from "./profile.module.css";

type Props = {
  profileId: string;
  mergeId: string;
  /** What the line is, for the button's name. */
  what: "join" | "merge" | "link";
  previewAction: (input: unknown) => Promise<ActionResult<{ preview: UndoPreview }>>;
  unmergeAction: (input: unknown) => Promise<ActionResult<{ backTo: number | null }>>;
};

const LABEL = { join: "Unmerge join", merge: "Unmerge merge", link: "Undo link" } as const;
const show = (value: unknown) =>
  value === null || value === undefined ? "(not set)" : typeof value === "string" ? value : JSON.stringify(value);
const codes = (values: string[]) => (values.length ? values.map((v) => <code key={v}>{v} </code>) : "none");

function Restored({ preview }: { preview: { restored: { key: string; now: unknown; back: unknown }[]; keptSince: string[] } }) {
  return (
    <ul>
      {preview.restored.map((r) => (
        <li key={r.key}>
          <code>{r.key}</code>: {show(r.now)} → {show(r.back)}
        </li>
      ))}
      {preview.keptSince.length > 0 && <li>changed again since, so they stay: {codes(preview.keptSince)}</li>}
    </ul>
  );
}

function Explain({ preview }: { preview: UndoPreview }) {
  if (preview.kind === "join")
    return (
      <p>
        Back to {preview.back.identified ? "identified" : "anonymous"} profile #{preview.back.id} ({preview.back.label}), exactly as before
        the join: devices {codes(preview.devices)}; its {preview.back.events} events and properties (
        {preview.back.properties.join(", ") || "none"}) leave this history. What was recorded here after the join stays here.
      </p>
    );
  if (preview.kind === "merge")
    return (
      <>
        <p>
          Profile #{preview.back.id} ({preview.back.label}) comes back as it was before the merge, with its own properties, consents and
          change log:
        </p>
        <ul>
          <li>devices that go back: {codes(preview.devices)}</li>
          <li>identities that go back: {codes(preview.identities.map((i) => `${i.kind}: ${i.value}`))}</li>
          <li>events that go back: {preview.events}</li>
          <li>
            this profile&apos;s properties the merge set, back to their value before it: {preview.restored.length === 0 && "none"}
            <Restored preview={preview} />
          </li>
        </ul>
        <p>
          What was recorded here after the merge stays here, and so do the consents the merge brought (the consent merge rule: an opt-out is
          never lost).
        </p>
      </>
    );
  return (
    <>
      <p>
        {preview.identity.kind} <code>{preview.identity.value}</code> is unlinked: it no longer finds this profile
        {preview.becomesAnonymous ? ", which becomes anonymous again" : ""}.{" "}
        {preview.restored.length > 0 && "The property it set goes back:"}
      </p>
      <Restored preview={preview} />
    </>
  );
}

export function UnmergeButton({ profileId, mergeId, what, previewAction, unmergeAction }: Props) {
  const id = useId();
  const router = useRouter();
  const [preview, setPreview] = useState<UndoPreview | null>(null);
  const [gone, setGone] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function open() {
    const answer = await previewAction({ profileId, mergeId });
    if (answer.ok) setPreview(answer.preview);
    else setGone(answer.formError ?? "This cannot be undone any more.");
  }
  async function confirm() {
    setBusy(true);
    const answer = await unmergeAction({ profileId, mergeId, reason });
    setBusy(false);
    if (!answer.ok) return setError(answer.formError ?? "The unmerge could not be saved. Try again.");
    setPreview(null);
    router.refresh();
  }
  if (gone) return <p className={forms.error}>{gone}</p>;
  if (preview === null)
    return (
      <button type="button" className={forms.secondary} onClick={open} aria-label={`${LABEL[what]} #${mergeId}`}>
        {what === "link" ? "Undo link…" : "Unmerge…"}
      </button>
    );
  return (
    <div data-testid="unmerge-preview" className={forms.panel}>
      <Explain preview={preview} />
      <label htmlFor={`${id}-reason`}>Reason (optional)</label>
      <input id={`${id}-reason`} className={forms.input} value={reason} onChange={(e) => setReason(e.target.value)} />
      <div className={styles.row}>
        <button type="button" className={forms.button} onClick={confirm} disabled={busy}>
          {preview.kind === "link" ? "Confirm undo" : "Confirm unmerge"}
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
