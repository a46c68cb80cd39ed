// Profiles' consents as the merge rule needs them: the current value (profile.properties) and when it was last set
// (the newest change of the key in the change log; null when none was recorded).
import type pg from "pg";
import { CONSENT_KEYS } from "../profiles/system-properties";
import type { ConsentKey, ConsentState } from "./merge-consents";

type Db = Pick<pg.PoolClient, "query">;

export async function loadConsentStates(db: Db, profileIds: number[]): Promise<Map<number, ConsentState>> {
  const states = new Map<number, ConsentState>(profileIds.map((id) => [id, {}]));
  if (profileIds.length === 0) return states;
  const { rows } = await db.query<{ id: number; key: ConsentKey; value: unknown; at: Date | null }>(
    `SELECT p.id, k.key, p.properties -> k.key AS value,
            (SELECT s.created_at FROM profile_change_set s
              WHERE s.profile_id = p.id AND s.changes::jsonb @> jsonb_build_array(jsonb_build_object('key', k.key))
              ORDER BY s.id DESC LIMIT 1) AS at
       FROM profile p CROSS JOIN unnest($2::text[]) AS k(key)
      WHERE p.id = ANY($1::bigint[]) AND p.properties ? k.key`,
    [profileIds, CONSENT_KEYS],
  );
  for (const row of rows) {
    if (typeof row.value !== "boolean") continue;
    states.get(row.id)![row.key] = { value: row.value, at: row.at };
  }
  return states;
}
