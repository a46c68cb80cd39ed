"use client";
// The admin page's "add a staff member" form (react-hook-form + the action's zod schema).
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { ROLE_DESCRIPTIONS, ROLES } from "@/lib/permissions/roles";
import { type CreateStaffInput, createStaffSchema, type StaffActionResult } from "@/lib/staff/staff-schema";
import { FormAlert } from "./form-alert";
import forms from "./forms.module.css";
import { showActionErrors } from "./show-action-errors";

export function CreateStaffForm({ action }: { action: (input: unknown) => Promise<StaffActionResult> }) {
  const [notice, setNotice] = useState<string>();
  const [formError, setFormError] = useState<string>();
  const { register, handleSubmit, formState, setError, reset } = useForm<CreateStaffInput>({
    resolver: zodResolver(createStaffSchema),
    defaultValues: { name: "", email: "", role: "viewer", password: "" },
  });
  const submit = handleSubmit(async (values) => {
    const answer = await action(values);
    setNotice(answer.ok ? answer.message : undefined);
    setFormError(answer.ok ? undefined : showActionErrors(setError, ["name", "email", "role", "password"], answer));
    if (answer.ok) reset();
  });
  const error = (field: keyof CreateStaffInput) => formState.errors[field]?.message;
  const described = (field: keyof CreateStaffInput) => (error(field) ? `staff-${field}-error` : undefined);
  return (
    <form onSubmit={submit} noValidate aria-label="Add a staff member">
      {(["name", "email", "password"] as const).map((field) => (
        <div className={forms.field} key={field}>
          <label htmlFor={`staff-${field}`}>{field === "name" ? "Name" : field === "email" ? "Email" : "Initial password"}</label>
          <input
            id={`staff-${field}`}
            type={field === "password" ? "password" : field === "email" ? "email" : "text"}
            autoComplete={field === "password" ? "new-password" : "off"}
            className={forms.input}
            aria-invalid={!!error(field)}
            aria-describedby={described(field)}
            {...register(field)}
          />
          {error(field) && (
            <p id={`staff-${field}-error`} className={forms.error}>
              {error(field)}
            </p>
          )}
        </div>
      ))}
      <div className={forms.field}>
        <label htmlFor="staff-role">Role</label>
        <select id="staff-role" className={forms.input} {...register("role")}>
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {role} — {ROLE_DESCRIPTIONS[role]}
            </option>
          ))}
        </select>
      </div>
      {notice && (
        <p role="status" className={forms.notice}>
          {notice}
        </p>
      )}
      <FormAlert message={formError} />
      <button type="submit" className={forms.button} disabled={formState.isSubmitting}>
        {formState.isSubmitting ? "Adding…" : "Add staff member"}
      </button>
    </form>
  );
}
