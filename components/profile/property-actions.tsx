"use client";
// The edit / delete controls of one property row (editors only; the page does not render them for viewers).
import { useState } from "react";
import forms from "@/components/ui/forms.module.css";
import type { EditResult } from "@/lib/profiles/edit-property-schema";
import type { PropertyType } from "@/lib/profiles/types";
import { ConflictNotice } from "./conflict-notice";
import type { EditTarget } from "./edit-target";
import styles from "./profile.module.css";
import { PropertyForm } from "./property-form";

type Props = {
  target: EditTarget;
  property: { key: string; type: PropertyType; value: string };
  editAction: (input: unknown) => Promise<EditResult>;
  deleteAction: (input: unknown) => Promise<EditResult>;
  /** Identity keys cannot be deleted (the engine refuses); the button is not offered. */
  deletable: boolean;
};

export function PropertyActions({ target, property, editAction, deleteAction, deletable }: Props) {
  const [mode, setMode] = useState<"idle" | "edit" | "confirm">("idle");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<EditResult | null>(null);

  async function remove() {
    setBusy(true);
    const answer = await deleteAction({ ...target, key: property.key });
    setBusy(false);
    setResult(answer);
    if (answer.ok) setMode("idle");
  }

  if (mode === "edit") return <PropertyForm target={target} action={editAction} initial={property} onDone={() => setMode("idle")} />;
  return (
    <div>
      <div className={styles.row}>
        <button type="button" className={forms.secondary} onClick={() => setMode("edit")} aria-label={`Edit ${property.key}`}>
          Edit
        </button>
        {!deletable ? null : mode === "confirm" ? (
          <>
            <button type="button" className={forms.danger} onClick={remove} disabled={busy} aria-label={`Confirm deleting ${property.key}`}>
              {busy ? "Deleting…" : "Confirm delete"}
            </button>
            <button type="button" className={forms.secondary} onClick={() => setMode("idle")}>
              Keep
            </button>
          </>
        ) : (
          <button type="button" className={forms.danger} onClick={() => setMode("confirm")} aria-label={`Delete ${property.key}`}>
            Delete
          </button>
        )}
      </div>
      {result &&
        !result.ok &&
        (result.conflict ? (
          <ConflictNotice message={result.formError ?? "Conflict"} conflict={result.conflict} />
        ) : (
          <p role="alert" className={forms.error}>
            {result.fieldErrors?.key?.[0] ?? result.formError}
          </p>
        ))}
    </div>
  );
}
