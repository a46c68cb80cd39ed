"use client";
// The input that fits a property type: text, number, true/false, date or a list (one item per line).
import type { UseFormRegisterReturn } from "react-hook-form";
import forms from "@/components/ui/forms.module.css";
import type { PropertyType } from "@/lib/profiles/types";

type Props = { id: string; type: PropertyType; field: UseFormRegisterReturn; describedBy?: string; invalid: boolean; autoFocus?: boolean };

export function ValueInput({ id, type, field, describedBy, invalid, autoFocus }: Props) {
  const common = { id, className: forms.input, "aria-describedby": describedBy, "aria-invalid": invalid, autoFocus, ...field };
  switch (type) {
    case "integer":
      return <input type="number" step={1} inputMode="numeric" {...common} />;
    case "float":
      return <input type="number" step="any" inputMode="decimal" {...common} />;
    case "boolean":
      return (
        <select {...common}>
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      );
    case "date":
      return <input type="date" {...common} />;
    case "list":
      return <textarea rows={4} {...common} />;
    default:
      return <input type="text" {...common} />;
  }
}
