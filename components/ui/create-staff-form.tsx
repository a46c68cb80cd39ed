"use client";
// The admin page's "add a staff member" form (react-hook-form + the action's zod schema).
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { type CreateStaffInput, createStaffSchema, type StaffActionResult } from "@/lib/staff/staff-schema";
import forms from "./forms.module.css";

export function CreateStaffForm({ action }: { action: (input: unknown) => Promise<StaffActionResult> }) {
  const [result, setResult] = useState<StaffActionResult | null>(null);
  const { register, handleSubmit, formState, setError, reset } = useForm<CreateStaffInput>({
    resolver: zodResolver(createStaffSchema),
    defaultValues: { name: "", email: "", role: "viewer", password: "" },
  });
  const submit = handleSubmit(async (values) => {
    const answer = await action(values);
    setResult(answer);
    if (answer.ok) reset();
    else
      for (const field of ["name", "email", "role", "password"] as const) {
        const message = answer.fieldErrors?.[field]?.[0];
        if (message) setError(field, { type: "server", message });
      }
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
          <option value="viewer">viewer — read and export</option>
          <option value="editor">editor — also edit properties and consents</option>
          <option value="admin">admin — also manage staff</option>
        </select>
      </div>
      {result?.ok && (
        <p role="status" className={forms.notice}>
          {result.message}
        </p>
      )}
      {result && !result.ok && result.formError && (
        <p role="alert" className={forms.error}>
          {result.formError}
        </p>
      )}
      <button type="submit" className={forms.button} disabled={formState.isSubmitting}>
        {formState.isSubmitting ? "Adding…" : "Add staff member"}
      </button>
    </form>
  );
}
