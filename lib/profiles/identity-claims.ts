// Which identities a piece of profile data asserts (Identity, Email, FBID, GPID), in login precedence order.
import { SYSTEM_PROPERTIES } from "./system-properties";
import { IDENTITY_KINDS, type IdentityClaim, type IdentityKind } from "./types";

/** The form an identity is matched in: e-mail addresses are case-insensitive, other ids are exact. */
export function identityMatchValue(kind: IdentityKind, value: string): string {
  return kind === "Email" ? value.trim().toLowerCase() : value.trim();
}

/** One identity as a map key. The unit separator cannot occur in an identity kind. */
export const claimKey = (kind: string, value: string) => `${kind}\u001f${value}`;

/** Identity claims in `data`, validated; a bad one throws the RuleViolation of its key. Commands are not claims. */
export function identityClaims(data: Record<string, unknown>): IdentityClaim[] {
  const claims: IdentityClaim[] = [];
  for (const kind of IDENTITY_KINDS) {
    if (!Object.hasOwn(data, kind)) continue;
    const raw = data[kind];
    if (raw !== null && typeof raw === "object") continue; // a command such as {"$delete": true}: rejected later
    const { value } = SYSTEM_PROPERTIES[kind](kind, raw);
    claims.push({ kind, value: identityMatchValue(kind, String(value)) });
  }
  return claims;
}
