// A form's own error (not a field's), announced to screen readers; nothing when there is none.
import forms from "./forms.module.css";

export function FormAlert({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p role="alert" className={forms.error}>
      {message}
    </p>
  );
}
