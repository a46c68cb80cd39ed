"use client";
// Role select and (de)activate button of one staff row on the admin page.
import { useState, useTransition } from "react";
import { ROLES } from "@/lib/permissions/roles";
import type { StaffActionResult } from "@/lib/staff/staff-schema";
import forms from "./forms.module.css";

type Props = {
  userId: string;
  email: string;
  role: string;
  active: boolean;
  self: boolean;
  changeRole: (input: unknown) => Promise<StaffActionResult>;
  setActive: (input: unknown) => Promise<StaffActionResult>;
};

export function StaffRowControls({ userId, email, role, active, self, changeRole, setActive }: Props) {
  const [pending, start] = useTransition();
  const [result, setResult] = useState<StaffActionResult | null>(null);
  return (
    <div style={{ display: "flex", gap: ".5rem", flexWrap: "wrap", alignItems: "center" }}>
      <label className={forms.srOnly} htmlFor={`role-${userId}`}>
        Role of {email}
      </label>
      <select
        id={`role-${userId}`}
        className={forms.input}
        defaultValue={role}
        disabled={pending}
        onChange={(event) => {
          const next = event.target.value;
          start(async () => setResult(await changeRole({ userId, role: next })));
        }}
      >
        {ROLES.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
      {!self && (
        <button
          type="button"
          className={active ? forms.danger : forms.secondary}
          disabled={pending}
          onClick={() => start(async () => setResult(await setActive({ userId, active: !active })))}
        >
          {active ? `Deactivate` : `Reactivate`}
          <span className={forms.srOnly}> {email}</span>
        </button>
      )}
      {result && (
        <span role={result.ok ? "status" : "alert"} className={result.ok ? forms.notice : forms.error}>
          {result.ok ? result.message : result.formError}
        </span>
      )}
    </div>
  );
}
