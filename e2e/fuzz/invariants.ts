// What must hold after every fuzz case, whatever was sent: the server still answers its health check, identities
// are unique, no row outlives its profile, and each profile the request touched equals the replay of its change log.

import { isDeepStrictEqual } from "node:util";
import { type APIRequestContext, expect } from "@playwright/test";
import { sql } from "../support/api";

type Change = { key: string; newValue?: unknown };

/** Properties rebuilt from a profile's change sets, in order: each change sets its key's new value, or deletes it. */
export function replay(changeSets: Change[][]): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const changes of changeSets)
    for (const change of changes) {
      if ("newValue" in change)
        Object.defineProperty(properties, change.key, { value: change.newValue, enumerable: true, configurable: true });
      else delete properties[change.key];
    }
  return properties;
}

/** Profiles whose change sets the request (by its X-Request-Id) wrote: each must equal its change log's replay. */
export async function checkReplay(requestId: string | undefined): Promise<string[]> {
  if (!requestId) return ["no X-Request-Id on the answer"];
  return replayMismatches("p.id IN (SELECT profile_id FROM profile_change_set WHERE request_id = $1)", requestId);
}

/** Every profile of an account must equal its change log's replay. */
export const checkAccountReplay = (accountId: string): Promise<string[]> => replayMismatches("p.account_id = $1", accountId);

async function replayMismatches(where: string, parameter: string): Promise<string[]> {
  const rows = await sql<{ id: string; properties: Record<string, unknown>; change_sets: string | null }>(
    `SELECT p.id::text, p.properties,
            (SELECT json_agg(s.changes ORDER BY s.id)::text FROM profile_change_set s WHERE s.profile_id = p.id) AS change_sets
       FROM profile p
      WHERE ${where}`,
    [parameter],
  );
  return rows.flatMap((row) => {
    const rebuilt = JSON.parse(JSON.stringify(replay(JSON.parse(row.change_sets ?? "[]"))));
    // Both sides through JSON text: jsonb and json agree on the values, not on key order or number spelling.
    const stored = JSON.parse(JSON.stringify(row.properties));
    return isDeepStrictEqual(rebuilt, stored)
      ? []
      : [`profile ${row.id}: properties ${JSON.stringify(stored).slice(0, 300)} ≠ replay ${JSON.stringify(rebuilt).slice(0, 300)}`];
  });
}

/** Database-wide: no duplicate identity or device, no identity, device, event, change set or journal row without its profile. */
export async function checkTables(): Promise<string[]> {
  const [row] = await sql<Record<string, number>>(`SELECT
      (SELECT count(*) FROM (SELECT 1 FROM profile_identity GROUP BY account_id, kind, value HAVING count(*) > 1) d)::int
        AS duplicate_identities,
      (SELECT count(*) FROM (SELECT 1 FROM device GROUP BY account_id, guid HAVING count(*) > 1) d)::int AS duplicate_devices,
      (SELECT count(*) FROM profile_identity i WHERE NOT EXISTS (SELECT 1 FROM profile p WHERE p.id = i.profile_id))::int
        AS orphan_identities,
      (SELECT count(*) FROM device d WHERE NOT EXISTS (SELECT 1 FROM profile p WHERE p.id = d.profile_id))::int AS orphan_devices,
      (SELECT count(*) FROM event e WHERE NOT EXISTS (SELECT 1 FROM profile p WHERE p.id = e.profile_id))::int AS orphan_events,
      (SELECT count(*) FROM profile_change_set s WHERE NOT EXISTS (SELECT 1 FROM profile p WHERE p.id = s.profile_id))::int
        AS orphan_change_sets,
      (SELECT count(*) FROM profile_merge m WHERE NOT EXISTS (SELECT 1 FROM profile p WHERE p.id = m.profile_id))::int AS orphan_merges`);
  return Object.entries(row)
    .filter(([, count]) => Number(count) > 0)
    .map(([name, count]) => `${name}: ${count}`);
}

/** The common tail of every case: no 5xx, the health check answers, the tables hold. */
export async function checkAfterCase(request: APIRequestContext, status: number, described: string, requestId?: string): Promise<void> {
  expect(status, `5xx for ${described}`).toBeLessThan(500);
  const health = await request.get("/health");
  expect(health.status(), `health after ${described}`).toBe(200);
  expect(await checkTables(), `tables after ${described}`).toEqual([]);
  if (requestId !== undefined) expect(await checkReplay(requestId), `change log replay after ${described}`).toEqual([]);
}
