// Everything the overview (/) shows for a date range, in six statements run side by side. Each is bounded by the
// range and reads through an index: new profiles by (account, first_seen), active ones by (account, last_seen),
// purchases and events by (account, name, ts, profile_id) — event names are walked as a loose index scan (a
// recursive CTE that jumps from one name to the next), so "events per day" never scans the whole event table.
import type pg from "pg";
import { pool } from "../db/pool";
import { type Count, countProfiles } from "../queries/list-counts";
import { CHARGED_AMOUNT, CHARGED_EVENT, CONSENT_CHANNELS, type ConsentChannel, consentKey } from "../queries/query-schema";
import { type OverviewRange, rangeBounds } from "./overview-range";

type Db = Pick<pg.Pool, "query">;

export type Overview = {
  range: OverviewRange;
  totals: {
    newProfiles: number;
    newIdentified: number;
    activeProfiles: number;
    customers: number;
    purchases: number;
    revenue: number;
    events: number;
  };
  types: { anonymous: Count; identified: Count; customers: number };
  newProfiles: { day: string; anonymous: number; identified: number; identificationRate: number | null }[];
  purchases: { day: string; customers: number; purchases: number; revenue: number }[];
  consent: { channel: ConsentChannel; optedIn: number; optedOut: number; unset: number; optInRate: number | null }[];
  topEvents: { name: string; count: number }[];
  /** Countries of the profiles active in the range, most first (at most 10; profiles without a Country left out). */
  topCountries: { country: string; count: number }[];
  eventsPerDay: { day: string; count: number }[];
};

// Grouped by the truncated timestamp and formatted once per group (formatting every row cost more than counting it).
const truncated = (column: string) => `date_trunc('day', ${column})`;
const dayOf = (column: string) => `to_char(${truncated(column)}, 'YYYY-MM-DD')`;
const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);

async function newProfilesByDay(db: Db, accountId: string, since: string, until: string) {
  const { rows } = await db.query<{ day: string; identified: string; anonymous: string }>(
    `SELECT ${dayOf("p.first_seen")} AS day, count(*) FILTER (WHERE p.identified) AS identified,
       count(*) FILTER (WHERE NOT p.identified) AS anonymous
     FROM profile p WHERE p.account_id = $1 AND p.first_seen >= $2::timestamp AND p.first_seen < $3::timestamp
     GROUP BY ${truncated("p.first_seen")}`,
    [accountId, since, until],
  );
  return new Map(rows.map((r) => [r.day, { identified: Number(r.identified), anonymous: Number(r.anonymous) }]));
}

/** Per day and, in the grouping set (), for the whole range: distinct customers, purchases and revenue. */
async function purchasesByDay(db: Db, accountId: string, since: string, until: string) {
  const { rows } = await db.query<{ day: string | null; customers: string; purchases: string; revenue: string }>(
    `SELECT ${dayOf("e.ts")} AS day, count(DISTINCT e.profile_id) AS customers, count(*) AS purchases,
       coalesce(sum(CASE WHEN jsonb_typeof(e.properties -> $5) = 'number' THEN (e.properties -> $5)::numeric END), 0) AS revenue
     FROM event e WHERE e.account_id = $1 AND e.name = $4 AND e.ts >= $2::timestamp AND e.ts < $3::timestamp
     GROUP BY GROUPING SETS ((${truncated("e.ts")}), ())`,
    [accountId, since, until, CHARGED_EVENT, CHARGED_AMOUNT],
  );
  const row = (r: (typeof rows)[number]) => ({
    customers: Number(r.customers),
    purchases: Number(r.purchases),
    revenue: Number(r.revenue),
  });
  const total = rows.find((r) => r.day === null);
  return {
    byDay: new Map(rows.filter((r) => r.day !== null).map((r) => [r.day as string, row(r)])),
    total: total ? row(total) : { customers: 0, purchases: 0, revenue: 0 },
  };
}

async function eventsByNameAndDay(db: Db, accountId: string, since: string, until: string) {
  const { rows } = await db.query<{ name: string; day: string; n: string }>(
    `WITH RECURSIVE names(name) AS (
       SELECT min(name) FROM event WHERE account_id = $1
       UNION ALL
       SELECT (SELECT min(e.name) FROM event e WHERE e.account_id = $1 AND e.name > names.name) FROM names WHERE names.name IS NOT NULL)
     SELECT n.name, c.day, c.n FROM names n CROSS JOIN LATERAL (
       SELECT ${dayOf("e.ts")} AS day, count(*) AS n FROM event e
       WHERE e.account_id = $1 AND e.name = n.name AND e.ts >= $2::timestamp AND e.ts < $3::timestamp GROUP BY ${truncated("e.ts")}) c
     WHERE n.name IS NOT NULL`,
    [accountId, since, until],
  );
  return rows.map((r) => ({ name: r.name, day: r.day, n: Number(r.n) }));
}

/** Consents of the profiles active (last seen) in the range: opted in, opted out, not set, per channel. */
async function consentOfActive(db: Db, accountId: string, since: string, until: string) {
  const values: unknown[] = [accountId, since, until];
  const columns = CONSENT_CHANNELS.flatMap((channel) => {
    values.push(consentKey(channel));
    const key = `$${values.length}`;
    return [
      `count(*) FILTER (WHERE p.properties -> ${key} = 'true'::jsonb) AS "${channel}_in"`,
      `count(*) FILTER (WHERE p.properties -> ${key} = 'false'::jsonb) AS "${channel}_out"`,
    ];
  });
  const { rows } = await db.query<Record<string, string>>(
    `SELECT count(*) AS active, ${columns.join(", ")} FROM profile p
     WHERE p.account_id = $1 AND p.last_seen >= $2::timestamp AND p.last_seen < $3::timestamp`,
    values,
  );
  const row = rows[0];
  const active = Number(row.active);
  return {
    active,
    channels: CONSENT_CHANNELS.map((channel) => {
      const optedIn = Number(row[`${channel}_in`]);
      const optedOut = Number(row[`${channel}_out`]);
      return { channel, optedIn, optedOut, unset: active - optedIn - optedOut, optInRate: rate(optedIn, active) };
    }),
  };
}

/** The Country property (lib/location) of the profiles active (last seen) in the range, the ten most common. */
async function countriesOfActive(db: Db, accountId: string, since: string, until: string) {
  const { rows } = await db.query<{ country: string; n: string }>(
    `SELECT p.properties ->> 'Country' AS country, count(*) AS n FROM profile p
     WHERE p.account_id = $1 AND p.last_seen >= $2::timestamp AND p.last_seen < $3::timestamp AND p.properties ? 'Country'
     GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10`,
    [accountId, since, until],
  );
  return rows.map((r) => ({ country: r.country, count: Number(r.n) }));
}

/** Profile types over all time: Customers (a Charged event) and the identified / anonymous profiles that are not
 * (anonymous as on the list's tab: without the profiles whose device joined a known user). */
async function profileTypes(db: Db, accountId: string) {
  const [all, buyers] = await Promise.all([
    Promise.all([
      countProfiles(accountId, { q: "", filters: [] }, "identified", db),
      countProfiles(accountId, { q: "", filters: [] }, "anonymous", db),
    ]),
    db.query<{ identified: string; anonymous: string }>(
      `SELECT count(*) FILTER (WHERE p.identified) AS identified,
         count(*) FILTER (WHERE NOT p.identified AND p.joined_to_profile_id IS NULL) AS anonymous
       FROM profile p WHERE p.account_id = $1 AND p.id IN (SELECT c.profile_id FROM event c WHERE c.account_id = $1 AND c.name = $2)`,
      [accountId, CHARGED_EVENT],
    ),
  ]);
  const [identified, anonymous] = all;
  const identifiedBuyers = Number(buyers.rows[0].identified);
  const anonymousBuyers = Number(buyers.rows[0].anonymous);
  return {
    identified: { ...identified, n: Math.max(0, identified.n - identifiedBuyers) },
    anonymous: { ...anonymous, n: Math.max(0, anonymous.n - anonymousBuyers) },
    customers: identifiedBuyers + anonymousBuyers,
  };
}

export async function loadOverview(options: { accountId: string; range: OverviewRange; db?: Db }): Promise<Overview> {
  const { accountId, range } = options;
  const db = options.db ?? pool();
  const { since, until } = rangeBounds(range);
  const [fresh, purchases, events, consent, types, topCountries] = await Promise.all([
    newProfilesByDay(db, accountId, since, until),
    purchasesByDay(db, accountId, since, until),
    eventsByNameAndDay(db, accountId, since, until),
    consentOfActive(db, accountId, since, until),
    profileTypes(db, accountId),
    countriesOfActive(db, accountId, since, until),
  ]);
  const byName = new Map<string, number>();
  const byDay = new Map<string, number>();
  for (const e of events) {
    byName.set(e.name, (byName.get(e.name) ?? 0) + e.n);
    byDay.set(e.day, (byDay.get(e.day) ?? 0) + e.n);
  }
  const newProfiles = range.days.map((day) => {
    const d = fresh.get(day) ?? { identified: 0, anonymous: 0 };
    return { day, ...d, identificationRate: rate(d.identified, d.identified + d.anonymous) };
  });
  const newIdentified = newProfiles.reduce((sum, d) => sum + d.identified, 0);
  return {
    range,
    totals: {
      newProfiles: newProfiles.reduce((sum, d) => sum + d.identified + d.anonymous, 0),
      newIdentified,
      activeProfiles: consent.active,
      customers: purchases.total.customers,
      purchases: purchases.total.purchases,
      revenue: purchases.total.revenue,
      events: [...byName.values()].reduce((a, b) => a + b, 0),
    },
    types,
    newProfiles,
    purchases: range.days.map((day) => ({ day, ...(purchases.byDay.get(day) ?? { customers: 0, purchases: 0, revenue: 0 }) })),
    consent: consent.channels,
    topEvents: [...byName.entries()]
      .map(([name, count]) => ({ name, count }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
      .slice(0, 10),
    topCountries,
    eventsPerDay: range.days.map((day) => ({ day, count: byDay.get(day) ?? 0 })),
  };
}
