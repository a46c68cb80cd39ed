"use client";
// Erase a person (admins): a confirmation that names them and what goes with them, then the server action.
import { useState } from "react";
import { FormAlert } from "@/components/ui/form-alert";
import forms from "@/components/ui/forms.module.css";
import styles from "./profile.module.css";

type Props = {
  profileId: string;
  personName: string;
  joinedAnonymous: number;
  action: (input: unknown) => Promise<{ ok: true; message: string } | { ok: false; formError?: string }>;
};

export function EraseButton({ profileId, personName, joinedAnonymous, action }: Props) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  if (!confirming)
    return (
      <button type="button" className={forms.danger} onClick={() => setConfirming(true)}>
        Erase…
      </button>
    );
  const erase = async () => {
    setBusy(true);
    const answer = await action({ profileId });
    setBusy(false);
    setMessage(answer.ok ? answer.message : (answer.formError ?? "The profile could not be erased."));
    if (answer.ok) window.location.assign(`/profiles?erased=${encodeURIComponent(profileId)}`);
  };
  return (
    <div role="alertdialog" aria-labelledby={`erase-${profileId}`} className={styles.inlineForm} data-testid="erase-confirmation">
      <p id={`erase-${profileId}`}>
        Erase <strong>{personName}</strong> (profile #{profileId})
        {joinedAnonymous > 0 ? ` and the ${joinedAnonymous} anonymous profile${joinedAnonymous === 1 ? "" : "s"} joined to them` : ""}?
        Their identities, devices, events and change log go for good; their identities and devices are suppressed so they do not come back.
      </p>
      <div className={styles.row}>
        <button type="button" className={forms.danger} onClick={erase} disabled={busy}>
          {busy ? "Erasing…" : `Erase ${personName}`}
        </button>
        <button type="button" className={forms.secondary} onClick={() => setConfirming(false)} disabled={busy}>
          Cancel
        </button>
      </div>
      <FormAlert message={message} />
    </div>
  );
}
