// CleverTap's profile types, one per profile: Customer (has a Charged event) > Identified / Addressable (has an
// identity) > Anonymous. The query engine's "profileType" condition (query-sql.ts) counts the same way.
import type { ProfileType } from "./query-schema";

export const PROFILE_TYPE_LABELS: Record<ProfileType, string> = { anonymous: "Anonymous", identified: "Identified", customer: "Customer" };

export const profileTypeOf = (profile: { identified: boolean; customer: boolean }): ProfileType =>
  profile.customer ? "customer" : profile.identified ? "identified" : "anonymous";
