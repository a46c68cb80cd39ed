// Sign-in attempts in the staff audit log: success with the member, failure with the email that was tried (the
// address a guesser used is evidence too). Called by the auth library's after-hook (lib/auth/auth.ts).
import { pool } from "../db/pool";
import { requestClientAddress } from "../http/client-address";
import { newRequestId, requestIdOf } from "../observability/request-id";
import { writeAudit } from "./write-audit";

export async function auditSignIn(options: {
  ok: boolean;
  email: unknown;
  userId: string | null;
  headers: Pick<Headers, "get"> | null | undefined;
}): Promise<void> {
  const email = typeof options.email === "string" ? options.email.trim().toLowerCase().slice(0, 320) : null;
  await writeAudit(pool(), {
    action: options.ok ? "sign-in" : "sign-in-failed",
    actor: {
      id: options.userId,
      email,
      ip: requestClientAddress(options.headers),
      requestId: options.headers ? requestIdOf(options.headers as Headers) : newRequestId(),
    },
  });
}
