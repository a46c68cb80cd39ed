// Per-record targeting: which profile a record lands on, which identities it gives that profile and which it refuses.
// Pure; the caller supplies the current profile and who owns each identity (resolve-login.ts decides logins).
//   - A plain push from a device (not a login) never creates a profile and never moves an identified profile's device:
//     an identity nobody holds joins the current profile (anonymous → identified; identified → one more identity of
//     the same person); one held by another profile re-points an anonymous current profile's device to its owner (the
//     first login of a browser arrives as a plain push), and is refused on an identified one (two identified people
//     are never merged implicitly).
//   - Whatever profile is chosen, an identity held by another profile is refused with an error naming the key, and the
//     rest of the record applies; so is a placeholder value such as "undefined" (junk-identities.ts).
import { ErrorCode } from "./error-codes";
import { isJunkIdentity } from "./junk-identities";
import { type IdentityClaim, RuleViolation } from "./types";

export type Candidate = { id: number | null; identified: boolean; identities: IdentityClaim[] };
type OwnerOf<P> = (claim: IdentityClaim) => P | undefined;

const describe = (claims: IdentityClaim[]) => claims.map((c) => `${c.kind} '${c.value}'`).join(", ");

/** The profile a device's plain push lands on: the current one, or for an anonymous current profile the owner of an
 * identity it names. Identities of two other profiles in one push are refused whole. */
export function chooseForPush<P extends Candidate>(current: P, claims: IdentityClaim[], ownerOf: OwnerOf<P>): P {
  if (current.identified) return current;
  const owned = claims.map((claim) => ({ claim, owner: ownerOf(claim) })).filter((o) => o.owner !== undefined && o.owner !== current);
  const owners = [...new Set(owned.map((o) => o.owner as P))];
  if (owners.length > 1) {
    throw new RuleViolation(
      ErrorCode.invalid,
      `the push names identities of different profiles (${describe(owned.map((o) => o.claim))}); send one`,
      owned[0].claim.kind,
    );
  }
  return owners[0] ?? current;
}

/** Splits a record's identities for the chosen profile (null: a profile about to be created): the ones to attach
 * (nobody holds them), and a per-key refusal for each held by another profile. Already its own: neither. */
export function splitClaims<P extends Candidate>(
  profile: P | null,
  claims: IdentityClaim[],
  ownerOf: OwnerOf<P>,
): { attach: IdentityClaim[]; refused: RuleViolation[] } {
  const attach: IdentityClaim[] = [];
  const refused: RuleViolation[] = [];
  for (const claim of claims) {
    const owner = ownerOf(claim);
    if (owner === undefined) attach.push(claim);
    else if (owner !== profile) {
      refused.push(
        new RuleViolation(
          ErrorCode.identityOwnedElsewhere,
          `${claim.kind} '${claim.value}' belongs to another profile (#${owner.id ?? "new"}): not added; ` +
            "two profiles are never merged implicitly",
          claim.kind,
        ),
      );
    }
  }
  return { attach, refused };
}

/** Separates placeholder identities ("undefined", test@test.com, …) from real ones, with a per-key refusal each. */
export function refuseJunk(claims: IdentityClaim[], extra: ReadonlySet<string>): { claims: IdentityClaim[]; refused: RuleViolation[] } {
  const kept: IdentityClaim[] = [];
  const refused: RuleViolation[] = [];
  for (const claim of claims) {
    if (!isJunkIdentity(claim.value, extra)) kept.push(claim);
    else
      refused.push(
        new RuleViolation(
          ErrorCode.junkIdentity,
          `${claim.kind} '${claim.value}' is a placeholder, not an identity: not stored (the rest of the record was)`,
          claim.kind,
        ),
      );
  }
  return { claims: kept, refused };
}

/** A record addressed by a placeholder identity cannot apply at all: it would point at everybody's profile. */
export function assertAddressable(kind: string, value: string, extra: ReadonlySet<string>): void {
  if (isJunkIdentity(value, extra))
    throw new RuleViolation(
      ErrorCode.junkIdentity,
      `${kind} '${value}' is a placeholder, not an identity: the record was not applied`,
      kind,
    );
}
