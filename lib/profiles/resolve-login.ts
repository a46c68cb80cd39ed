// onUserLogin: which profile a device's login lands on. Pure; the caller supplies who owns each identity.
//   - an identity that belongs to another profile: the device moves to that profile (the old one is untouched);
//   - the device's profile is anonymous: it takes the identities (it becomes identified, its history stays);
//   - it is identified and owns one of the identities, or none conflict: same user, the new identities are appended;
//   - it is identified as somebody else (same kind, other value): a new profile, and the device moves there.
// Two identified profiles are never merged.
import { ErrorCode } from "./error-codes";
import { type IdentityClaim, RuleViolation } from "./types";

type LoginProfile = { identified: boolean; identities: IdentityClaim[] };

export function resolveLogin<P extends LoginProfile>(
  current: P,
  claims: IdentityClaim[],
  ownerOf: (claim: IdentityClaim) => P | undefined,
): { profile: P | null; attach: IdentityClaim[] } {
  const owned = claims.map((claim) => ({ claim, owner: ownerOf(claim) }));
  const unowned = owned.filter((o) => !o.owner).map((o) => o.claim);
  const others = [...new Set(owned.map((o) => o.owner).filter((owner): owner is P => owner !== undefined && owner !== current))];
  if (others.length > 1) {
    const described = owned.filter((o) => o.owner && o.owner !== current).map((o) => `${o.claim.kind} '${o.claim.value}'`);
    throw new RuleViolation(
      ErrorCode.invalid,
      `login names identities of different profiles (${described.join(", ")}); log in with one`,
      owned[0].claim.kind,
    );
  }
  if (others.length === 1) return { profile: others[0], attach: unowned };
  if (!current.identified) return { profile: current, attach: unowned };
  const ownsOne = owned.some((o) => o.owner === current);
  const conflicts = unowned.some((claim) => current.identities.some((mine) => mine.kind === claim.kind && mine.value !== claim.value));
  if (!ownsOne && conflicts) return { profile: null, attach: unowned };
  return { profile: current, attach: unowned };
}
