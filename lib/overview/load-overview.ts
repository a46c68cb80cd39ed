// Everything the overview (/) shows for a date range, in six parts run side by side. Each is bounded by the range
// and reads through an index: new profiles by (account, first_seen), active ones by (account, last_seen), events,
// purchases and revenue per day from the daily rollups (event-days.ts: stored for closed days, today live), the
// range's distinct Customers by (account, name, ts, profile_id), profile types from
// the same sample as the list's tab counts.
import type pg from "pg";
import { dashboardPool } from "../db/pool";
import { type Count, EXACT_COUNT_CAP, fromSample, samplePercent } from "../queries/list-counts";
import { CHARGED_EVENT, CONSENT_CHANNELS, type ConsentChannel, consentKey } from "../queries/query-schema";
import { eventDays } from "./event-days";
import { type OverviewRange, rangeBounds } from "./overview-range";

type Db = Pick<pg.Pool, "query" | "connect">;

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
  /** Consents and Countries of the active profiles come from a sample of them (list-counts.ts) when they are many. */
  activeEstimated: boolean;
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

/** Distinct Customers (profiles with a Charged event) in the range: the event index alone. */
async function customersInRange(db: Db, accountId: string, since: string, until: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    `SELECT count(DISTINCT e.profile_id) AS n FROM event e
      WHERE e.account_id = $1 AND e.name = $4 AND e.ts >= $2::timestamp AND e.ts < $3::timestamp`,
    [accountId, since, until, CHARGED_EVENT],
  );
  return Number(rows[0].n);
}

/**
 * How many profiles were active (last seen) in the range, their consents (opted in / out / not set per channel) and
 * their ten most common Countries (lib/location), in one pass. Up to EXACT_COUNT_CAP of them are read exactly through
 * the (account, last_seen) index; above it everything comes from a fixed sample of the profile table's pages (as the
 * tab counts do), scaled and flagged as estimates — counting a month's 190,000 index entries alone took ≈ 50 ms.
 */
async function activeProfiles(db: Db, accountId: string, since: string, until: string) {
  const window = "p.account_id = $1 AND p.last_seen >= $2::timestamp AND p.last_seen < $3::timestamp";
  const capped = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT FROM profile p WHERE ${window} LIMIT $4) t`, [
    accountId,
    since,
    until,
    EXACT_COUNT_CAP + 1,
  ]);
  const values: unknown[] = [accountId, since, until];
  const columns = CONSENT_CHANNELS.flatMap((channel) => {
    values.push(consentKey(channel));
    const key = `$${values.length}`;
    return [
      `count(*) FILTER (WHERE p.properties -> ${key} = 'true'::jsonb) AS "${channel}_in"`,
      `count(*) FILTER (WHERE p.properties -> ${key} = 'false'::jsonb) AS "${channel}_out"`,
    ];
  });
  // Sampled only when the sample would not be the whole table anyway (then the pass is exact).
  const percent = capped.rows[0].n > EXACT_COUNT_CAP ? await samplePercent(db) : 100;
  const estimated = percent < 100;
  let sample = "";
  if (estimated) {
    values.push(percent);
    sample = ` TABLESAMPLE SYSTEM ($${values.length}::float4) REPEATABLE (0)`;
  }
  const { rows } = await db.query<Record<string, string | null>>(
    `SELECT p.properties ->> 'Country' AS country, count(*) AS n, ${columns.join(", ")} FROM profile p${sample}
     WHERE ${window} GROUP BY 1`,
    values,
  );
  const seen = rows.reduce((sum, r) => sum + Number(r.n), 0);
  const scaled = (n: number) => (estimated ? fromSample(n, percent) : n);
  // Never below the exact floor the capped read saw.
  const active = estimated ? Math.max(EXACT_COUNT_CAP + 1, scaled(seen)) : seen;
  const total = (column: string) => scaled(rows.reduce((sum, r) => sum + Number(r[column]), 0));
  return {
    active,
    estimated,
    channels: CONSENT_CHANNELS.map((channel) => {
      const optedIn = total(`${channel}_in`);
      const optedOut = total(`${channel}_out`);
      return { channel, optedIn, optedOut, unset: Math.max(0, active - optedIn - optedOut), optInRate: rate(optedIn, active) };
    }),
    countries: rows
      .filter((r) => r.country !== null)
      .map((r) => ({ country: r.country as string, count: scaled(Number(r.n)) }))
      .sort((x, y) => y.count - x.count || x.country.localeCompare(y.country))
      .slice(0, 10),
  };
}

/**
 * Profile types over all time: Customers (a Charged event: a purchase-totals row, exact) and the identified /
 * anonymous profiles that are not (anonymous as on the list's tab). Those two are counted over the same fixed sample
 * of the profile table as the list's tabs (list-counts.ts), or the whole table when it is that small, asking the
 * purchase totals' key per row read: hashing every Customer instead cost ≈ 150 ms at a million profiles.
 */
async function profileTypes(db: Db, accountId: string) {
  const percent = await samplePercent(db);
  const estimated = percent < 100;
  const sample = estimated ? " TABLESAMPLE SYSTEM ($2::float4) REPEATABLE (0)" : "";
  const [types, customers] = await Promise.all([
    db.query<{ identified: number; anonymous: number }>(
      `SELECT count(*) FILTER (WHERE p.identified AND NOT b.bought)::int AS identified,
              count(*) FILTER (WHERE NOT p.identified AND p.joined_to_profile_id IS NULL AND NOT b.bought)::int AS anonymous
         FROM profile p${sample}
        CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM profile_purchase c WHERE c.profile_id = p.id) AS bought) b
        WHERE p.account_id = $1`,
      estimated ? [accountId, percent] : [accountId],
    ),
    db.query<{ n: string }>("SELECT count(*) AS n FROM profile_purchase WHERE account_id = $1", [accountId]),
  ]);
  const scaled = (n: number): Count => ({ n: estimated ? fromSample(n, percent) : n, estimated });
  return {
    identified: scaled(types.rows[0].identified),
    anonymous: scaled(types.rows[0].anonymous),
    customers: Number(customers.rows[0].n),
  };
}

export async function loadOverview(options: { accountId: string; range: OverviewRange; db?: Db; now?: Date }): Promise<Overview> {
  const { accountId, range } = options;
  const db = options.db ?? dashboardPool();
  const { since, until } = rangeBounds(range);
  const [fresh, days, customers, active, types] = await Promise.all([
    newProfilesByDay(db, accountId, since, until),
    eventDays(db, accountId, range.days, options.now),
    customersInRange(db, accountId, since, until),
    activeProfiles(db, accountId, since, until),
    profileTypes(db, accountId),
  ]);
  const byName = new Map<string, number>();
  const byDay = new Map<string, number>();
  const purchasesByDay = new Map<string, { customers: number; purchases: number; revenue: number }>();
  for (const d of days) {
    byName.set(d.name, (byName.get(d.name) ?? 0) + d.events);
    byDay.set(d.day, (byDay.get(d.day) ?? 0) + d.events);
    if (d.name === CHARGED_EVENT) purchasesByDay.set(d.day, { customers: d.profiles, purchases: d.events, revenue: d.revenue });
  }
  const purchases = range.days.map((day) => ({ day, ...(purchasesByDay.get(day) ?? { customers: 0, purchases: 0, revenue: 0 }) }));
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
      activeProfiles: active.active,
      customers,
      purchases: purchases.reduce((sum, d) => sum + d.purchases, 0),
      // The days' exact sums added as numbers: rounded to a millionth to drop float noise (0.1 + 0.2).
      revenue: Math.round(purchases.reduce((sum, d) => sum + d.revenue, 0) * 1e6) / 1e6,
      events: [...byName.values()].reduce((a, b) => a + b, 0),
    },
    types,
    newProfiles,
    purchases,
    consent: active.channels,
    activeEstimated: active.estimated,
    topEvents: [...byName.entries()]
      .map(([name, count]) => ({ name, count }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
      .slice(0, 10),
    topCountries: active.countries,
    eventsPerDay: range.days.map((day) => ({ day, count: byDay.get(day) ?? 0 })),
  };
}
