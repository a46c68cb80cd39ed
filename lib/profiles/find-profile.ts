// Looks a profile up by what a caller knows of it: an identity (Identity or Email), an e-mail, or a device guid.
import type pg from "pg";
import { identityMatchValue } from "./identity-claims";

export type ProfileLookup = { identity: string } | { email: string } | { objectId: string };

export async function findProfileIds(db: pg.Pool | pg.PoolClient, accountId: string, lookup: ProfileLookup): Promise<number[]> {
  if ("objectId" in lookup) {
    const result = await db.query<{ profile_id: number }>("SELECT profile_id FROM device WHERE account_id = $1 AND guid = $2", [
      accountId,
      lookup.objectId,
    ]);
    return result.rows.map((row) => row.profile_id);
  }
  const value = "email" in lookup ? lookup.email : lookup.identity;
  // identity= matches your id first, then an e-mail; email= the other way round.
  const kinds = "email" in lookup ? ["Email", "Identity"] : ["Identity", "Email"];
  const result = await db.query<{ profile_id: number; kind: string }>(
    `SELECT profile_id, kind FROM profile_identity
      WHERE account_id = $1 AND ((kind = 'Identity' AND value = $2) OR (kind = 'Email' AND value = $3))`,
    [accountId, identityMatchValue("Identity", value), identityMatchValue("Email", value)],
  );
  return result.rows.sort((a, b) => kinds.indexOf(a.kind) - kinds.indexOf(b.kind)).map((row) => row.profile_id);
}
