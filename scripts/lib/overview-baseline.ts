// bench:list's baseline for the overview: the best hand-written SQL for the same answers straight from the base
// tables (no rollups), sent side by side as the page's statements are. Exact where the overview estimates (profile
// types); consents and countries of the active profiles in one pass where the overview makes two.
import type pg from "pg";

export async function rawOverview(db: Pick<pg.Pool, "query">, accountId: string, bounds: { since: string; until: string }) {
  const values = [accountId, bounds.since, bounds.until];
  await Promise.all([
    db.query(
      `SELECT date_trunc('day', first_seen) AS day, count(*) FILTER (WHERE identified), count(*) FILTER (WHERE NOT identified)
         FROM profile WHERE account_id = $1 AND first_seen >= $2::timestamp AND first_seen < $3::timestamp GROUP BY 1`,
      values,
    ),
    db.query(
      `WITH RECURSIVE names(name) AS (
         SELECT min(name) FROM event WHERE account_id = $1
         UNION ALL
         SELECT (SELECT min(e.name) FROM event e WHERE e.account_id = $1 AND e.name > names.name) FROM names WHERE names.name IS NOT NULL)
       SELECT n.name, c.day, c.n FROM names n CROSS JOIN LATERAL (
         SELECT date_trunc('day', e.ts) AS day, count(*) AS n FROM event e
          WHERE e.account_id = $1 AND e.name = n.name AND e.ts >= $2::timestamp AND e.ts < $3::timestamp GROUP BY 1) c
       WHERE n.name IS NOT NULL`,
      values,
    ),
    db.query(
      `SELECT date_trunc('day', ts) AS day, count(DISTINCT profile_id), count(*),
              sum(CASE WHEN jsonb_typeof(properties -> 'Amount') = 'number' THEN (properties -> 'Amount')::numeric END)
         FROM event WHERE account_id = $1 AND name = 'Charged' AND ts >= $2::timestamp AND ts < $3::timestamp
        GROUP BY GROUPING SETS ((date_trunc('day', ts)), ())`,
      values,
    ),
    db.query(
      `SELECT properties ->> 'Country' AS country, count(*),
              count(*) FILTER (WHERE properties -> 'MSG-email' = 'true'), count(*) FILTER (WHERE properties -> 'MSG-email' = 'false'),
              count(*) FILTER (WHERE properties -> 'MSG-push' = 'true'), count(*) FILTER (WHERE properties -> 'MSG-push' = 'false'),
              count(*) FILTER (WHERE properties -> 'MSG-sms' = 'true'), count(*) FILTER (WHERE properties -> 'MSG-sms' = 'false'),
              count(*) FILTER (WHERE properties -> 'MSG-whatsapp' = 'true'), count(*) FILTER (WHERE properties -> 'MSG-whatsapp' = 'false')
         FROM profile WHERE account_id = $1 AND last_seen >= $2::timestamp AND last_seen < $3::timestamp GROUP BY ROLLUP (1)`,
      values,
    ),
    db.query(
      `SELECT count(*) FILTER (WHERE p.identified AND c.profile_id IS NULL),
              count(*) FILTER (WHERE NOT p.identified AND p.joined_to_profile_id IS NULL AND c.profile_id IS NULL),
              count(c.profile_id)
         FROM profile p LEFT JOIN profile_purchase c ON c.profile_id = p.id WHERE p.account_id = $1`,
      [accountId],
    ),
  ]);
}
