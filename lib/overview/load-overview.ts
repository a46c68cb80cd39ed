// Everything the overview (/) shows for a date range, in six parts run side by side. Each is bounded by the range
// and reads through an index: new profiles by (account, first_seen), active ones by (account, last_seen), events,
// purchases and revenue per day from the daily rollups (event-days.ts: stored for closed days, today live), the
// range's distinct Customers by (account, name, ts, profile_id), profile types as the list's tab counts.
import type pg from "pg";
import { pool } from "../db/pool";
import { type Count, countTabs, EXACT_COUNT_CAP, samplePercent } from "../queries/list-counts";
import { CHARGED_EVENT, CONSENT_CHANNELS, type Condition, type ConsentChannel, consentKey } from "../queries/query-schema";
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
 * Consents (opted in / out / not set per channel) and the ten most common Countries (lib/location) of the profiles
 * active (last seen) in the range, in one pass. Their number is exact (the (account, last_seen) index alone); above
 * EXACT_COUNT_CAP of them the shares come from a fixed sample of the profile table's pages (as the tab counts do),
 * applied to that exact number and flagged as estimates — a month's active profiles are spread over the whole table.
 */
async function activeProfiles(db: Db, accountId: string, since: string, until: string) {
  const window = "p.account_id = $1 AND p.last_seen >= $2::timestamp AND p.last_seen < $3::timestamp";
  const counted = await db.query<{ n: string }>(`SELECT count(*) AS n FROM profile p WHERE ${window}`, [accountId, since, until]);
  const active = Number(counted.rows[0].n);
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
  const percent = active > EXACT_COUNT_CAP ? await samplePercent(db) : 100;
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
  // Each count as its share of the rows read, times the exact number of active profiles.
  const scaled = (n: number) => (estimated ? (seen > 0 ? Math.round((n * active) / seen) : 0) : n);
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

/** Profile types over all time: Customers (a Charged event: a purchase-totals row, exact) and the identified /
 * anonymous profiles that are not (anonymous as on the list's tab), counted as the list's tabs are (list-counts.ts). */
async function profileTypes(db: Db, accountId: string) {
  const notCustomer: Condition = { kind: "not", of: { kind: "profileType", type: "customer" } };
  const [tabs, customers] = await Promise.all([
    countTabs(accountId, { q: "", filters: [], conditions: [notCustomer] }, db),
    db.query<{ n: string }>("SELECT count(*) AS n FROM profile_purchase WHERE account_id = $1", [accountId]),
  ]);
  return { identified: tabs.identified, anonymous: tabs.anonymous, customers: Number(customers.rows[0].n) };
}

export async function loadOverview(options: { accountId: string; range: OverviewRange; db?: Db; now?: Date }): Promise<Overview> {
  const { accountId, range } = options;
  const db = options.db ?? pool();
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
