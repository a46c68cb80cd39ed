"use client";
// Lifts one suppression after a confirmation (admins; the action re-checks).
import { useState } from "react";
import forms from "./forms.module.css";

export function LiftButton({
  id,
  label,
  action,
}: {
  id: string;
  label: string;
  action: (input: unknown) => Promise<{ ok: true; message: string } | { ok: false; formError?: string }>;
}) {
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  if (message) return <span role="status">{message}</span>;
  if (!confirming)
    return (
      <button type="button" className={forms.secondary} onClick={() => setConfirming(true)} aria-label={`Lift ${label}`}>
        Lift
      </button>
    );
  return (
    <button
      type="button"
      className={forms.danger}
      aria-label={`Confirm lifting ${label}`}
      onClick={async () => {
        const answer = await action({ id });
        setMessage(answer.ok ? answer.message : (answer.formError ?? "Could not lift it."));
      }}
    >
      Confirm: let it back
    </button>
  );
}
