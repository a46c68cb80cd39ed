"use client";
// Link this profile to an identity (editors only): a preview says what will happen — identified in place, or this
// anonymous profile's devices and history joining the identity's owner — and nothing changes until it is confirmed.
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import forms from "@/components/ui/forms.module.css";
import { showActionErrors } from "@/components/ui/show-action-errors";
import type { ActionResult } from "@/lib/action-result";
import type { LinkPreview } from "@/lib/profiles/link-identity";
import { type LinkIdentityInput, linkIdentitySchema } from "@/lib/profiles/staff-action-schemas";
import { IDENTITY_KINDS } from "@/lib/profiles/types";
import styles from "./profile.module.css";

type Props = {
  profileId: string;
  previewAction: (input: unknown) => Promise<ActionResult<{ preview: LinkPreview }>>;
  linkAction: (input: unknown) => Promise<ActionResult<{ profileId: number }>>;
};
const FIELDS = ["kind", "value", "reason"] as const;

export function LinkIdentityForm({ profileId, previewAction, linkAction }: Props) {
  const id = useId();
  const router = useRouter();
  const [preview, setPreview] = useState<LinkPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    formState,
    getValues,
    setError: setFieldError,
  } = useForm<LinkIdentityInput>({
    resolver: zodResolver(linkIdentitySchema),
    defaultValues: { profileId, kind: "Identity", value: "", reason: "" },
  });
  const showPreview = handleSubmit(async (values) => {
    const answer = await previewAction(values);
    setPreview(answer.ok ? answer.preview : null);
    setError(answer.ok ? null : (showActionErrors(setFieldError, FIELDS, answer) ?? null));
  });
  async function confirm() {
    const answer = await linkAction(getValues());
    if (!answer.ok) {
      setPreview(null);
      return setError(showActionErrors(setFieldError, FIELDS, answer) ?? null);
    }
    setPreview(null);
    if (answer.profileId !== Number(profileId)) router.push(`/profiles/${answer.profileId}`);
    else router.refresh();
  }
  const valueError = formState.errors.value?.message;
  return (
    <div>
      <form onSubmit={showPreview} className={styles.inlineForm} noValidate aria-label="Link to an identity">
        <label htmlFor={`${id}-kind`}>Identity kind</label>
        <select id={`${id}-kind`} className={forms.input} {...register("kind", { onChange: () => setPreview(null) })}>
          {IDENTITY_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {kind}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-value`}>Identity value</label>
        <input
          id={`${id}-value`}
          className={forms.input}
          aria-invalid={!!valueError}
          aria-describedby={valueError ? `${id}-value-error` : undefined}
          {...register("value", { onChange: () => setPreview(null) })}
        />
        {valueError && (
          <p id={`${id}-value-error`} className={forms.error}>
            {valueError}
          </p>
        )}
        <label htmlFor={`${id}-reason`}>Reason (optional)</label>
        <input id={`${id}-reason`} className={forms.input} {...register("reason")} />
        <button type="submit" className={forms.secondary} disabled={formState.isSubmitting}>
          Preview link
        </button>
      </form>
      {preview && (
        <div data-testid="link-preview" className={forms.panel}>
          {preview.mode === "refused" && (
            <p role="alert" className={forms.error}>
              {preview.message}
            </p>
          )}
          {preview.mode === "identify" && (
            <p>
              This profile becomes identified as {preview.kind} <code>{preview.value}</code>; nobody else holds it.
            </p>
          )}
          {preview.mode === "join" && (
            <>
              <p>
                {preview.kind} <code>{preview.value}</code> belongs to profile #{preview.owner.id} ({preview.owner.label}). This anonymous
                profile joins it:
              </p>
              <ul>
                <li>
                  devices that move: {preview.devices.length ? preview.devices.map((guid) => <code key={guid}>{guid} </code>) : "none"}
                </li>
                <li>events shown in its history as before sign-in: {preview.events}</li>
                <li>properties that stay on this profile (shown there): {preview.properties.join(", ") || "none"}</li>
              </ul>
            </>
          )}
          {preview.mode !== "refused" && (
            <button type="button" className={forms.button} onClick={confirm}>
              Confirm link
            </button>
          )}
        </div>
      )}
      {error && (
        <p role="alert" className={forms.error}>
          {error}
        </p>
      )}
    </div>
  );
}
