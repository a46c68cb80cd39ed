// Suppressed identities and device guids are stored only as keyed hashes (HMAC-SHA256 with the server's
// suppression secret): the list can refuse a value it is sent again without holding the value itself.
import crypto from "node:crypto";
import { identityMatchValue } from "../profiles/identity-claims";
import { suppressionSecret } from "./suppression-secret";

export const SUPPRESSED_KINDS = ["Identity", "Email", "FBID", "GPID", "device"] as const;
export type SuppressedKind = (typeof SUPPRESSED_KINDS)[number];

/** The hash of one value, as matched (an e-mail lower-cased, like the identity key). */
export function suppressionHash(kind: SuppressedKind, value: string, secret = suppressionSecret()): string {
  const matched = kind === "device" ? value : identityMatchValue(kind, value);
  return crypto.createHmac("sha256", secret).update(`${kind}\u001f${matched}`).digest("hex");
}
