// Profiles active in the last minutes (last seen is kept to the minute on activity), split into new ones (first seen
// in the same span) and returning ones. Used by /1/now.json.
import type pg from "pg";
import { pool } from "../db/pool";

export async function countActiveNow(options: {
  accountId: string;
  minutes?: number;
  now?: Date;
  db?: Pick<pg.Pool, "query">;
}): Promise<{ active: number; new: number; returning: number }> {
  const now = options.now ?? new Date();
  // One more minute than asked: last seen may lag by up to a minute.
  const since = new Date(now.getTime() - ((options.minutes ?? 5) + 1) * 60_000).toISOString().slice(0, 23);
  const { rows } = await (options.db ?? pool()).query<{ active: string; fresh: string }>(
    `SELECT count(*) AS active, count(*) FILTER (WHERE p.first_seen >= $2::timestamp) AS fresh
       FROM profile p WHERE p.account_id = $1 AND p.last_seen >= $2::timestamp`,
    [options.accountId, since],
  );
  const active = Number(rows[0].active);
  const fresh = Number(rows[0].fresh);
  return { active, new: fresh, returning: active - fresh };
}
