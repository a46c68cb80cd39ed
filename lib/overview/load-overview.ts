// Everything the overview (/) shows for a date range, in six parts run side by side. Each is bounded by the range
// and reads through an index: new profiles by (account, first_seen), active ones by (account, last_seen), events,
// purchases and revenue per day from the daily rollups (event-days.ts: stored for closed days, today live), the
// range's distinct Customers by (account, name, ts, profile_id), profile types as the list's tab counts.
import type pg from "pg";
import { pool } from "../db/pool";
import { type Count, countTabs } from "../queries/list-counts";
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
  const [fresh, days, customers, consent, types, topCountries] = await Promise.all([
    newProfilesByDay(db, accountId, since, until),
    eventDays(db, accountId, range.days, options.now),
    customersInRange(db, accountId, since, until),
    consentOfActive(db, accountId, since, until),
    profileTypes(db, accountId),
    countriesOfActive(db, accountId, since, until),
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
      activeProfiles: consent.active,
      customers,
      purchases: purchases.reduce((sum, d) => sum + d.purchases, 0),
      // The days' exact sums added as numbers: rounded to a millionth to drop float noise (0.1 + 0.2).
      revenue: Math.round(purchases.reduce((sum, d) => sum + d.revenue, 0) * 1e6) / 1e6,
      events: [...byName.values()].reduce((a, b) => a + b, 0),
    },
    types,
    newProfiles,
    purchases,
    consent: consent.channels,
    topEvents: [...byName.entries()]
      .map(([name, count]) => ({ name, count }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
      .slice(0, 10),
    topCountries,
    eventsPerDay: range.days.map((day) => ({ day, count: byDay.get(day) ?? 0 })),
  };
}
