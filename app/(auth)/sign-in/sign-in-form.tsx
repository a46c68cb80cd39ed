"use client";
// Email + password through the auth library's endpoint (where sign-in attempts are rate limited).
import { useEffect, useState } from "react";
import forms from "@/components/ui/forms.module.css";

const MESSAGES: Record<number, string> = {
  401: "Wrong email or password, or the account is deactivated.",
  403: "Wrong email or password, or the account is deactivated.",
  429: "Too many sign-in attempts. Wait a minute and try again.",
};

export function SignInForm() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const response = await fetch("/api/auth/sign-in/email", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          email: String(form.get("email") ?? "").trim(),
          password: String(form.get("password") ?? ""),
          rememberMe: false,
        }),
      });
      if (response.ok) {
        window.location.assign("/profiles");
        return;
      }
      setError(MESSAGES[response.status] ?? "Sign-in failed. Check your email and password.");
    } catch {
      setError("The server could not be reached. Try again.");
    }
    setBusy(false);
  }

  return (
    // method="post": before hydration a submit must never put the password in the URL.
    <form
      method="post"
      onSubmit={submit}
      noValidate
      aria-describedby={error ? "sign-in-error" : undefined}
      data-ready={ready ? "" : undefined}
    >
      <div className={forms.field}>
        <label htmlFor="email">Email</label>
        {/* biome-ignore lint/a11y/noAutofocus: the page's only task; typing starts in this field */}
        <input id="email" name="email" type="email" autoComplete="username" required className={forms.input} autoFocus />
      </div>
      <div className={forms.field}>
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required className={forms.input} />
      </div>
      {error && (
        <p id="sign-in-error" role="alert" className={forms.error}>
          {error}
        </p>
      )}
      <button type="submit" className={forms.button} disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
