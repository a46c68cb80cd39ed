"use client";
// Shown when the profile moved under the editor: what changed since the form was opened, and a way to reload.
import { useRouter } from "next/navigation";
import forms from "@/components/ui/forms.module.css";
import type { EditConflict } from "@/lib/profiles/edit-property-schema";

const show = (value: unknown) =>
  value === null || value === undefined ? "(not set)" : typeof value === "string" ? value : JSON.stringify(value);

export function ConflictNotice({ message, conflict }: { message: string; conflict: EditConflict }) {
  const router = useRouter();
  return (
    <div role="alert" className={forms.alert} data-testid="conflict">
      <p>
        <strong>{message}</strong>
      </p>
      {conflict.changes.length > 0 ? (
        <ul>
          {conflict.changes.map((change, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a list shown once and never reordered; a key may change twice
            <li key={index}>
              <code>{change.key}</code>: {show(change.oldValue)} → {show(change.newValue)}{" "}
              <span className="muted">
                ({change.source}
                {change.actor ? `, ${change.actor}` : ""}, {new Date(change.at).toLocaleString("en-GB", { timeZone: "UTC" })} UTC)
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p>Another change (an event, merge or device) moved the profile.</p>
      )}
      <button type="button" className={forms.secondary} onClick={() => router.refresh()}>
        Load the latest version
      </button>
    </div>
  );
}
