"use client";
// A staff action that needs one confirming click (and, for a device move, the profile it goes to): unlink an
// identity, move a device. Editors only; the server action re-checks the role.
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import forms from "@/components/ui/forms.module.css";
import type { StaffResult } from "@/lib/profiles/staff-result";
import styles from "./profile.module.css";

type Props = {
  label: string;
  confirmLabel: string;
  /** Ask for the destination profile's number (a device move). */
  askProfile?: boolean;
  input: Record<string, string>;
  action: (input: unknown) => Promise<StaffResult>;
};

export function StaffConfirmButton({ label, confirmLabel, askProfile, input, action }: Props) {
  const id = useId();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [target, setTarget] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function confirm() {
    setBusy(true);
    const answer = await action({ ...input, ...(askProfile ? { toProfileId: target } : {}) });
    setBusy(false);
    if (!answer.ok) return setError(answer.formError ?? "The change could not be saved. Try again.");
    setOpen(false);
    router.refresh();
  }
  if (!open)
    return (
      <button type="button" className={forms.secondary} onClick={() => setOpen(true)} aria-label={label}>
        {label.split(" ")[0]}…
      </button>
    );
  return (
    <span className={styles.row}>
      {askProfile && (
        <>
          <label htmlFor={`${id}-to`}>To profile #</label>
          <input id={`${id}-to`} size={8} className={forms.input} value={target} onChange={(e) => setTarget(e.target.value)} />
        </>
      )}
      <button type="button" className={forms.danger} onClick={confirm} disabled={busy}>
        {confirmLabel}
      </button>
      <button type="button" className={forms.secondary} onClick={() => setOpen(false)}>
        Cancel
      </button>
      {error && (
        <span role="alert" className={forms.error}>
          {error}
        </span>
      )}
    </span>
  );
}
