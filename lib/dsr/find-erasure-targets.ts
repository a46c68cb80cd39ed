// Which profiles an erasure request names: exactly the identity kind asked for ({"identity": x} is an Identity, never
// an Email that happens to equal x), a device guid, or a profile id; then every anonymous profile joined to them (its
// device signed in as one of them). An identified profile a device came from is another person: never included.
import type pg from "pg";
import { identityMatchValue } from "../profiles/identity-claims";
import { findJoinedProfiles } from "../profiles/joined-profiles";
import type { IdentityKind } from "../profiles/types";

export type ErasureLookup = { kind: IdentityKind; value: string } | { objectId: string } | { profileId: number };
type Db = Pick<pg.PoolClient, "query">;

/** The profiles a lookup names exactly (at most one: identities and guids are unique). */
export async function namedProfiles(db: Db, accountId: string, lookup: ErasureLookup): Promise<number[]> {
  if ("profileId" in lookup) {
    const { rows } = await db.query<{ id: number }>("SELECT id FROM profile WHERE account_id = $1 AND id = $2", [
      accountId,
      lookup.profileId,
    ]);
    return rows.map((row) => row.id);
  }
  if ("objectId" in lookup) {
    const { rows } = await db.query<{ profile_id: number }>("SELECT profile_id FROM device WHERE account_id = $1 AND guid = $2", [
      accountId,
      lookup.objectId,
    ]);
    return rows.map((row) => row.profile_id);
  }
  const { rows } = await db.query<{ profile_id: number }>(
    "SELECT profile_id FROM profile_identity WHERE account_id = $1 AND value = $2 AND kind = $3",
    [accountId, identityMatchValue(lookup.kind, lookup.value), lookup.kind],
  );
  return rows.map((row) => row.profile_id);
}

/** The anonymous profiles joined to any of `ids` (the engine marks them when their device joins: lib/profiles/joined-profiles.ts). */
export function joinedAnonymousProfiles(db: Db, accountId: string, ids: number[]): Promise<number[]> {
  return findJoinedProfiles({ db, accountId, profileIds: ids });
}

/** The named profiles and their joined anonymous ones, sorted. */
export async function findErasureTargets(db: Db, accountId: string, lookups: ErasureLookup[]): Promise<{ named: number[]; all: number[] }> {
  const named = new Set<number>();
  for (const lookup of lookups) for (const id of await namedProfiles(db, accountId, lookup)) named.add(id);
  const ids = [...named].sort((a, b) => a - b);
  if (ids.length === 0) return { named: [], all: [] };
  const joined = await joinedAnonymousProfiles(db, accountId, ids);
  return { named: ids, all: [...new Set([...ids, ...joined])].sort((a, b) => a - b) };
}

/** What a data-subject request on a profile would cover (the dashboard's confirmation): its account and the anonymous
 * profiles joined to it. Null when the profile does not exist. */
export async function requestScope(db: Db, profileId: number): Promise<{ accountId: string; joinedAnonymous: number[] } | null> {
  const { rows } = await db.query<{ account_id: string }>("SELECT account_id FROM profile WHERE id = $1", [profileId]);
  if (!rows[0]) return null;
  return { accountId: rows[0].account_id, joinedAnonymous: await joinedAnonymousProfiles(db, rows[0].account_id, [profileId]) };
}

/** ?identity= (an Identity exactly), ?email= (an Email) or ?objectId= of the REST API, as an exact lookup. */
export function exactLookup(lookup: { identity: string } | { email: string } | { objectId: string }): ErasureLookup {
  if ("identity" in lookup) return { kind: "Identity", value: lookup.identity };
  if ("email" in lookup) return { kind: "Email", value: lookup.email };
  return lookup;
}
