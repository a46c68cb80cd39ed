"use client";
// The input that fits a property type: text, number, true/false, a date and time (UTC, to the second; a calendar
// day for a calendar-date key such as DOB) or a list (one item per line).
import type { UseFormRegisterReturn } from "react-hook-form";
import forms from "@/components/ui/forms.module.css";
import { isCalendarDateKey } from "@/lib/profiles/dates";
import type { PropertyType } from "@/lib/profiles/types";

type Props = {
  id: string;
  type: PropertyType;
  propertyKey: string;
  field: UseFormRegisterReturn;
  describedBy?: string;
  invalid: boolean;
  autoFocus?: boolean;
};

export function ValueInput({ id, type, propertyKey, field, describedBy, invalid, autoFocus }: Props) {
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
      // datetime-local has no zone: the value is read as UTC, and the label says so.
      return isCalendarDateKey(propertyKey.trim()) ? (
        <input type="date" {...common} />
      ) : (
        <input type="datetime-local" step={1} {...common} />
      );
    case "list":
      return <textarea rows={4} {...common} />;
    default:
      return <input type="text" {...common} />;
  }
}
