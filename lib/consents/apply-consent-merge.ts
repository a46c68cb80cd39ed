// Applies the consent merge rule (merge-consents.ts) where profiles are joined: when a device moves from one profile
// to another (a login onto a known person), the profile it joins takes the merged consents of both, written as a
// change set with source "merge" in the same transaction. The profile it left keeps its own (it is untouched, as
// the login rules say). Staff merge and unmerge actions call this too.
import type pg from "pg";
import type { ChangeContext } from "../profiles/types";
import { loadConsentStates } from "./consent-state";
import { consentChanges } from "./merge-consents";

type Db = Pick<pg.PoolClient, "query">;
export type Join = { profileId: number; fromProfileId: number; context: ChangeContext };

/** For each join, writes the consents `profileId` gets from `fromProfileId`; returns the profiles it changed. */
export async function applyConsentMerge(db: Db, accountId: string, joins: Join[]): Promise<number[]> {
  const relevant = joins.filter((join) => join.profileId !== join.fromProfileId);
  if (relevant.length === 0) return [];
  const changed: number[] = [];
  for (const join of relevant) {
    // Re-read per join: an earlier join of this batch may have changed the same profile.
    const states = await loadConsentStates(db, [join.profileId, join.fromProfileId]);
    const changes = consentChanges(states.get(join.profileId)!, states.get(join.fromProfileId)!);
    if (changes.length === 0) continue;
    const patch = Object.fromEntries(changes.map((c) => [c.key, c.newValue]));
    const types = Object.fromEntries(changes.map((c) => [c.key, "boolean"]));
    await db.query(
      `UPDATE profile SET properties = properties || $2::jsonb, property_types = property_types || $3::jsonb, version = version + 1
        WHERE id = $1 AND account_id = $4`,
      [join.profileId, JSON.stringify(patch), JSON.stringify(types), accountId],
    );
    const entries = changes.map((c) => ({
      key: c.key,
      operation: "set",
      ...(c.oldValue === null ? {} : { oldValue: c.oldValue, oldType: "boolean" }),
      newValue: c.newValue,
      newType: "boolean",
    }));
    await db.query(
      `INSERT INTO profile_change_set (account_id, profile_id, changes, source, actor, reason, request_id)
       VALUES ($1, $2, $3::json, 'merge', $4, $5, $6)`,
      [
        accountId,
        join.profileId,
        JSON.stringify(entries),
        join.context.actor ?? null,
        `consent merge rule: joined with profile #${join.fromProfileId}`,
        join.context.requestId ?? null,
      ],
    );
    changed.push(join.profileId);
  }
  return changed;
}
