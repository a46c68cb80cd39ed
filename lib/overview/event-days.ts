// The overview's events per day and name, Customers and revenue per day, from daily rollups. A closed day (before
// today, UTC) is rolled up once from the events — counts and distinct profiles per name by the event index alone,
// revenue from that day's Charged events — and stored in event_day; today is always counted live. At ten million
// events a 30-day overview then reads ≈ 200 stored rows and one day of events instead of a month of them.
// A stored day is trusted while its event_day_done row exists: the event table's triggers delete that row when a
// statement inserts, moves or deletes events of the day (late uploads, merges, erasure), under a shared advisory lock
// per (account, day). A roll-up takes that lock exclusively, and only when free: a day that a writer is changing
// is answered from the events and not stored (migration 20261204120000_event_aggregates).
import type pg from "pg";
import { CHARGED_AMOUNT, CHARGED_EVENT } from "../queries/query-schema";

type Db = Pick<pg.Pool, "query" | "connect">;
type Queryable = Pick<pg.Pool, "query">;

export type EventDayRow = { day: string; name: string; events: number; profiles: number; revenue: number };

const DAY_MS = 86_400_000;
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

/**
 * Per day and event name over [since, until) (whole days): events and distinct profiles through the (account, name,
 * ts, profile_id) index, names walked as a loose index scan; Charged's revenue from its rows.
 */
async function countDays(db: Queryable, accountId: string, since: string, until: string): Promise<EventDayRow[]> {
  const [counts, revenue] = await Promise.all([
    db.query<{ day: string; name: string; events: string; profiles: string }>(
      `WITH RECURSIVE names(name) AS (
         SELECT min(name) FROM event WHERE account_id = $1
         UNION ALL
         SELECT (SELECT min(e.name) FROM event e WHERE e.account_id = $1 AND e.name > names.name) FROM names WHERE names.name IS NOT NULL)
       SELECT to_char(c.day, 'YYYY-MM-DD') AS day, n.name, c.events, c.profiles FROM names n CROSS JOIN LATERAL (
         SELECT date_trunc('day', e.ts) AS day, count(*) AS events, count(DISTINCT e.profile_id) AS profiles FROM event e
          WHERE e.account_id = $1 AND e.name = n.name AND e.ts >= $2::timestamp AND e.ts < $3::timestamp GROUP BY 1) c
       WHERE n.name IS NOT NULL`,
      [accountId, since, until],
    ),
    db.query<{ day: string; revenue: string }>(
      `SELECT to_char(date_trunc('day', e.ts), 'YYYY-MM-DD') AS day,
              coalesce(sum(CASE WHEN jsonb_typeof(e.properties -> $5) = 'number' THEN (e.properties -> $5)::numeric END), 0) AS revenue
         FROM event e WHERE e.account_id = $1 AND e.name = $4 AND e.ts >= $2::timestamp AND e.ts < $3::timestamp
        GROUP BY date_trunc('day', e.ts)`,
      [accountId, since, until, CHARGED_EVENT, CHARGED_AMOUNT],
    ),
  ]);
  const revenueByDay = new Map(revenue.rows.map((r) => [r.day, Number(r.revenue)]));
  return counts.rows.map((r) => ({
    day: r.day,
    name: r.name,
    events: Number(r.events),
    profiles: Number(r.profiles),
    revenue: r.name === CHARGED_EVENT ? (revenueByDay.get(r.day) ?? 0) : 0,
  }));
}

/** Rolls one closed day up and stores it, unless a writer holds the day (then its rows are returned, not stored). */
async function rollUpDay(db: Db, accountId: string, day: string): Promise<EventDayRow[]> {
  const client = await db.connect();
  try {
    await client.query("BEGIN");
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked", [
      `${accountId} ${day}`,
    ]);
    // Read after the lock: this statement's snapshot holds every write to the day that committed before it.
    const counted = await countDays(client, accountId, `${day}T00:00:00`, `${nextDay(day)}T00:00:00`);
    if (rows[0].locked) {
      await client.query("DELETE FROM event_day WHERE account_id = $1 AND day = $2::date", [accountId, day]);
      await client.query(
        `INSERT INTO event_day (account_id, day, name, events, profiles, revenue)
         SELECT $1, $2::date, name, events, profiles, revenue
           FROM jsonb_to_recordset($3::jsonb) AS r(name text, events bigint, profiles bigint, revenue numeric)`,
        [accountId, day, JSON.stringify(counted)],
      );
      await client.query(
        `INSERT INTO event_day_done (account_id, day) VALUES ($1, $2::date)
         ON CONFLICT (account_id, day) DO UPDATE SET rolled_up_at = now()`,
        [accountId, day],
      );
    }
    await client.query("COMMIT");
    return counted;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** The rows of every day of a range (YYYY-MM-DD, consecutive): stored days read, missing closed days rolled up, today live. */
export async function eventDays(db: Db, accountId: string, days: string[], now = new Date()): Promise<EventDayRow[]> {
  const today = now.toISOString().slice(0, 10);
  const closed = days.filter((d) => d < today);
  const stored = await db.query<{ day: string; name: string | null; events: string; profiles: string; revenue: string }>(
    `SELECT to_char(d.day, 'YYYY-MM-DD') AS day, e.name, e.events, e.profiles, e.revenue
       FROM event_day_done d LEFT JOIN event_day e ON e.account_id = d.account_id AND e.day = d.day
      WHERE d.account_id = $1 AND d.day = ANY($2::date[])`,
    [accountId, closed],
  );
  const done = new Set(stored.rows.map((r) => r.day));
  const out: EventDayRow[] = stored.rows
    .filter((r) => r.name !== null)
    .map((r) => ({
      day: r.day,
      name: r.name as string,
      events: Number(r.events),
      profiles: Number(r.profiles),
      revenue: Number(r.revenue),
    }));
  // Missing days one at a time (each its own short transaction and lock); usually none, or the day that just closed.
  for (const day of closed.filter((d) => !done.has(d))) out.push(...(await rollUpDay(db, accountId, day)));
  const last = days[days.length - 1];
  if (last !== undefined && last >= today) out.push(...(await countDays(db, accountId, `${today}T00:00:00`, `${nextDay(last)}T00:00:00`)));
  return out;
}
