"use client";
// Signs out through the auth library's endpoint, then leaves the dashboard.
import { useState } from "react";
import styles from "./shell.module.css";

export function SignOutButton() {
  const [busy, setBusy] = useState(false);
  async function signOut() {
    setBusy(true);
    await fetch("/api/auth/sign-out", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" }).catch(() => null);
    window.location.assign("/sign-in");
  }
  return (
    <button type="button" className={styles.signOut} onClick={signOut} disabled={busy}>
      {busy ? "Signing out…" : "Sign out"}
    </button>
  );
}
