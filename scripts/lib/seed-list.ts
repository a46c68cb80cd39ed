// The bench-list data set, seeded with set-based SQL (generate_series; no engine round trips) into whatever database
// `db` points at, and kept there: a re-run reuses it, a profiles-only seed of an older version gets its activity and
// events added instead of being reseeded. Used by npm run bench:list and by the page-timing script.
//
// It writes what the engine's tables hold after real traffic, in the engine's formats:
// - profile: properties and property_types as the engine stores them (dates as epoch seconds typed "date", lists,
//   booleans), Country / Region / City for located profiles (lib/location's keys), consents as MSG-<channel>
//   booleans, identified for profiles with an identity, first_seen / last_seen spanning their events;
// - profile_identity (Identity, lower-cased Email) and one device per profile (the guid its events carry);
// - event: the Web SDK's "Page Viewed" {URL, Referrer, UTM Source / Medium / Campaign on the first visit}, custom
//   events, and "Charged" {Amount, Payment mode, Charged ID, Items} for buyers, source "sdk", spread over 365 days
//   with recent days denser, inserted in time order (as traffic writes them) through the event table's triggers,
//   so profile_purchase (the per-profile purchase totals) is kept exactly as the engine keeps it.
// Not written: change sets / history (no list or overview query reads them) and joined anonymous profiles.
import path from "node:path";
import type pg from "pg";

type Db = Pick<pg.Pool, "query">;

export type ListSeed = { accountId: string; profiles: number; events: number; seededMs: number | null };

const FIRST = ["maria", "james", "ana", "li", "noah", "fatima", "lucas", "emma", "olga", "ravi"].concat([
  "sofia",
  "kenji",
  "amara",
  "diego",
  "chloe",
  "omar",
  "ines",
  "yusuf",
  "hana",
  "liam",
]);
const LAST = ["silva", "smith", "garcia", "wang", "muller", "khan", "rossi", "dubois", "novak", "sato"].concat([
  "okafor",
  "jensen",
  "lopez",
  "cohen",
  "ivanova",
  "patel",
  "kim",
  "murphy",
  "costa",
  "nowak",
]);
/** [Country, Region, City]: the bench's filters use City = Lisbon and Country = Portugal. */
const PLACES = [
  ["Portugal", "Lisbon", "Lisbon"],
  ["United Kingdom", "England", "London"],
  ["France", "Île-de-France", "Paris"],
  ["Germany", "Berlin", "Berlin"],
  ["Spain", "Madrid", "Madrid"],
  ["Italy", "Lazio", "Rome"],
  ["Poland", "Mazovia", "Warsaw"],
  ["Ireland", "Leinster", "Dublin"],
  ["Japan", "Tokyo", "Tokyo"],
  ["Nigeria", "Lagos", "Lagos"],
  ["India", "Maharashtra", "Mumbai"],
  ["United States", "Texas", "Austin"],
  ["Canada", "Ontario", "Toronto"],
  ["Australia", "New South Wales", "Sydney"],
  ["South Korea", "Seoul", "Seoul"],
  ["Kenya", "Nairobi County", "Nairobi"],
  ["Peru", "Lima", "Lima"],
  ["Norway", "Oslo", "Oslo"],
  ["Czechia", "Prague", "Prague"],
  ["Portugal", "Porto", "Porto"],
];
const PRODUCTS = ["Linen shirt", "Trail shoes", "Wool scarf", "Espresso maker", "Desk lamp", "Backpack", "Headphones", "Yoga mat"];
const PAGES = ["/", "/shop", "/shop/new", "/product/linen-shirt", "/product/trail-shoes", "/cart", "/checkout", "/blog/spring"];

const arr = (items: readonly string[]) => `ARRAY[${items.map((s) => `'${s.replace(/'/g, "''")}'`).join(",")}]::text[]`;
const pick = (items: readonly string[], hash: string) => `(${arr(items)})[1 + (${hash}) % ${items.length}]`;

/**
 * Per-profile numbers derived from its ordinal g (deterministic, so the events phase can recompute them): identity,
 * buyer, place, and the activity window — last seen 365·u^1.5 days before the anchor (recent days denser), first
 * seen a span before it (hours for anonymous visitors, up to the rest of the year for identified ones) — and how
 * many events it has (anonymous 1–4, identified 1–26: ≈ 10 per profile).
 */
const derived = (g: string, anchor: string) => `
  SELECT ${g} AS g, h1, h2, h3, h4, h5, h1 % 10 < 7 AS ident, h1 % 10 < 7 AND h4 % 10 < 3 AS buyer,
         ${anchor} - make_interval(secs => ago) AS last_seen,
         ${anchor} - make_interval(secs => ago + CASE WHEN h1 % 10 < 7
                                                    THEN power((h2 % 1000) / 1000.0, 2) * (365 * 86400 - ago)
                                                    ELSE h2 % 21600 END) AS first_seen,
         CASE WHEN h1 % 10 < 7 THEN 1 + h3 % 26 ELSE 1 + h3 % 4 END AS n_events
    FROM (SELECT *, 365 * 86400 * power((h5 % 1000000) / 1000000.0, 1.5) AS ago
            FROM (SELECT abs(hashint4(${g})) AS h1, abs(hashint4(${g} + 7919)) AS h2, abs(hashint4(${g} + 104729)) AS h3,
                         abs(hashint4(${g} + 15485863)) AS h4, abs(hashint4(${g} + 32452843)) AS h5) hh) a`;

/** The location keys for a profile: 85 % located. */
const placeJson = (s: string) => `CASE WHEN ${s}.h4 % 100 < 85 THEN jsonb_build_object(
    'Country', (${arr(PLACES.map((p) => p[0]))})[1 + ${s}.h3 % ${PLACES.length}],
    'Region', (${arr(PLACES.map((p) => p[1]))})[1 + ${s}.h3 % ${PLACES.length}],
    'City', (${arr(PLACES.map((p) => p[2]))})[1 + ${s}.h3 % ${PLACES.length}]) ELSE '{}'::jsonb END`;
const placeTypes = (s: string) =>
  `CASE WHEN ${s}.h4 % 100 < 85 THEN '{"Country":"string","Region":"string","City":"string"}'::jsonb ELSE '{}'::jsonb END`;

/**
 * Runs a bulk load with the table's secondary indexes and foreign keys set aside: each index is rebuilt from its own
 * definition afterwards (one sort instead of a million inserts into it) and each foreign key re-added and validated
 * in one pass (instead of a lookup per row). Triggers stay: the engine's event triggers run as they would.
 */
async function withoutSecondaryIndexes(db: Db, table: string, load: () => Promise<void>): Promise<void> {
  const { rows: indexes } = await db.query<{ name: string; def: string }>(
    `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
      WHERE i.schemaname = current_schema() AND i.tablename = $1
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = to_regclass(quote_ident(i.indexname)))`,
    [table],
  );
  const { rows: keys } = await db.query<{ name: string; def: string }>(
    "SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = to_regclass($1) AND contype = 'f'",
    [table],
  );
  for (const key of keys) await db.query(`ALTER TABLE ${table} DROP CONSTRAINT "${key.name}"`);
  for (const index of indexes) await db.query(`DROP INDEX "${index.name}"`);
  await load();
  for (const index of indexes) await db.query(index.def);
  for (const key of keys) {
    await db.query(`ALTER TABLE ${table} ADD CONSTRAINT "${key.name}" ${key.def} NOT VALID`);
    await db.query(`ALTER TABLE ${table} VALIDATE CONSTRAINT "${key.name}"`);
  }
}

async function seedProfiles(db: Db, accountId: string, profiles: number, anchor: string, log: (line: string) => void) {
  const BATCH = 100_000;
  const started = Date.now();
  await db.query("SET maintenance_work_mem = '512MB'");
  await db.query("DROP TABLE IF EXISTS bench_profile_stage");
  await db.query(
    `CREATE UNLOGGED TABLE bench_profile_stage (identified bool, properties jsonb, property_types jsonb, version int,
       first_seen timestamp, last_seen timestamp)`,
  );
  for (let from = 1; from <= profiles; from += BATCH) {
    const to = Math.min(profiles, from + BATCH - 1);
    await db.query(
      `INSERT INTO bench_profile_stage (identified, properties, property_types, version, first_seen, last_seen)
       SELECT s.ident,
              jsonb_strip_nulls(jsonb_build_object(
                'Name', CASE WHEN s.ident THEN initcap(s.fn) || ' ' || initcap(s.ln) END,
                'Email', CASE WHEN s.ident THEN s.fn || '.' || s.ln || s.g || '@'
                                              || (ARRAY['gmail.com','example.org','mail.test','corp.example'])[1 + s.h2 % 4] END,
                'Identity', CASE WHEN s.ident THEN 'cust-' || s.g END,
                'Phone', CASE WHEN s.ident AND s.h1 % 3 <> 0 THEN '+1415' || lpad((s.g % 10000000)::text, 7, '0') END,
                'Gender', CASE WHEN s.ident THEN (ARRAY['M','F','O','U'])[1 + s.h3 % 4] END,
                'DOB', CASE WHEN s.ident AND s.h2 % 5 <> 0 THEN 0 + (s.h4 % 1500000000) - 500000000 END,
                'Plan', (ARRAY['free','free','free','pro','pro','team','enterprise'])[1 + s.h1 % 7],
                'Score', s.h2 % 1000,
                'LTV', round(((s.h1 % 500000) / 100.0)::numeric, 2),
                'Signup Date', 1600000000 + s.h2 % 150000000,
                'Tags', CASE WHEN s.h3 % 5 = 0 THEN '[]'::jsonb
                             ELSE jsonb_build_array((ARRAY['vip','beta','churn-risk','newsletter','mobile'])[1 + s.h1 % 5]) END,
                'MSG-email', CASE WHEN s.h1 % 4 <> 0 THEN s.h2 % 10 < 7 END,
                'MSG-push', CASE WHEN s.h2 % 3 = 0 THEN s.h3 % 2 = 0 END,
                'MSG-sms', CASE WHEN s.ident AND s.h4 % 5 = 0 THEN s.h1 % 3 = 0 END
              )) || ${placeJson("s")},
              jsonb_strip_nulls(jsonb_build_object(
                'Name', CASE WHEN s.ident THEN 'string' END, 'Email', CASE WHEN s.ident THEN 'string' END,
                'Identity', CASE WHEN s.ident THEN 'string' END, 'Phone', CASE WHEN s.ident AND s.h1 % 3 <> 0 THEN 'string' END,
                'Gender', CASE WHEN s.ident THEN 'string' END, 'DOB', CASE WHEN s.ident AND s.h2 % 5 <> 0 THEN 'date' END,
                'Plan', 'string', 'Score', 'integer', 'LTV', 'float', 'Signup Date', 'date', 'Tags', 'list',
                'MSG-email', CASE WHEN s.h1 % 4 <> 0 THEN 'boolean' END, 'MSG-push', CASE WHEN s.h2 % 3 = 0 THEN 'boolean' END,
                'MSG-sms', CASE WHEN s.ident AND s.h4 % 5 = 0 THEN 'boolean' END)) || ${placeTypes("s")},
              1 + s.h1 % 20, s.first_seen, s.last_seen
         FROM (SELECT d.*, ${pick(FIRST, "d.h2")} AS fn, ${pick(LAST, "d.h3")} AS ln
                 FROM generate_series($1::int, $2::int) gs(g), LATERAL (${derived("gs.g", "$3::timestamp")}) d) s`,
      [from, to, anchor],
    );
  }
  log(`  staged ${profiles.toLocaleString("en")} profiles (${Math.round((Date.now() - started) / 1000)} s)`);
  // Into profile in the order they were first seen, as traffic creates them (the heap's order follows first_seen).
  await withoutSecondaryIndexes(db, "profile", async () => {
    const { rows: months } = await db.query<{ m: string }>(
      "SELECT DISTINCT to_char(date_trunc('month', first_seen), 'YYYY-MM-DD') AS m FROM bench_profile_stage ORDER BY 1",
    );
    for (const { m } of months)
      await db.query(
        `INSERT INTO profile (account_id, identified, properties, property_types, version, first_seen, last_seen, created_at)
         SELECT $1, identified, properties, property_types, version, first_seen, last_seen, first_seen FROM bench_profile_stage
          WHERE first_seen >= $2::timestamp AND first_seen < $2::timestamp + interval '1 month' ORDER BY first_seen`,
        [accountId, m],
      );
    log(`  inserted the profiles in first-seen order (${Math.round((Date.now() - started) / 1000)} s)`);
  });
  await db.query("DROP TABLE bench_profile_stage");
  log(`  indexed the profiles (${Math.round((Date.now() - started) / 1000)} s)`);
  await db.query(
    `INSERT INTO profile_identity (account_id, profile_id, kind, value)
     SELECT account_id, id, k.kind, k.value FROM profile,
            LATERAL (VALUES ('Identity', properties ->> 'Identity'), ('Email', lower(properties ->> 'Email'))) k(kind, value)
      WHERE account_id = $1 AND identified`,
    [accountId],
  );
  await db.query(
    `INSERT INTO device (account_id, guid, profile_id, first_seen, last_seen)
     SELECT account_id, md5('guid' || id), id, first_seen, last_seen FROM profile WHERE account_id = $1`,
    [accountId],
  );
}

/** A profiles-only seed of the earlier bench (no activity model, no location): gives it both, in place. */
async function upgradeProfiles(db: Db, accountId: string, anchor: string) {
  await db.query(
    `UPDATE profile p SET first_seen = d.first_seen, last_seen = d.last_seen, created_at = d.first_seen,
            properties = p.properties || ${placeJson("d")}, property_types = p.property_types || ${placeTypes("d")}
       FROM (SELECT id, row_number() OVER (ORDER BY id) AS g FROM profile WHERE account_id = $1) o,
            LATERAL (${derived("o.g::int", "$2::timestamp")}) d
      WHERE p.id = o.id`,
    [accountId, anchor],
  );
  await db.query(
    `UPDATE device dv SET first_seen = p.first_seen, last_seen = p.last_seen
       FROM profile p WHERE p.id = dv.profile_id AND p.account_id = $1`,
    [accountId],
  );
}

/**
 * The events of every profile, from its row (identified, first and last seen) and hashes of its id: buyers (30 % of
 * identified profiles) have Charged events. Staged unlogged by profile, then inserted into event in time order a
 * month at a time, as traffic writes them.
 */
async function seedEvents(db: Db, accountId: string, log: (line: string) => void) {
  const started = Date.now();
  await db.query("SET work_mem = '256MB'");
  await db.query("SET maintenance_work_mem = '512MB'");
  await db.query("DROP TABLE IF EXISTS bench_event_stage");
  await db.query(
    "CREATE UNLOGGED TABLE bench_event_stage (profile_id bigint, device_guid text, name text, properties jsonb, ts timestamp)",
  );
  const { rows: ids } = await db.query<{ lo: number; hi: number }>(
    "SELECT min(id)::int AS lo, max(id)::int AS hi FROM profile WHERE account_id = $1",
    [accountId],
  );
  const STAGE = 100_000;
  for (let from = ids[0].lo; from <= ids[0].hi; from += STAGE) {
    await db.query(
      `INSERT INTO bench_event_stage (profile_id, device_guid, name, properties, ts)
       SELECT p.id, md5('guid' || p.id), ev.name, ev.properties,
              CASE WHEN k = 0 THEN p.first_seen WHEN k = d.n_events - 1 THEN p.last_seen
                   ELSE p.last_seen - (p.last_seen - p.first_seen) * power(1 - (k + (r % 1000) / 1000.0) / d.n_events, 3) END
         FROM profile p,
              LATERAL (SELECT h2, h3, h5, p.identified AND h4 % 10 < 3 AS buyer,
                              CASE WHEN p.identified THEN 1 + h3 % 26 ELSE 1 + h3 % 4 END AS n_events
                         FROM (SELECT abs(hashint8(p.id + 7919)) AS h2, abs(hashint8(p.id + 104729)) AS h3,
                                      abs(hashint8(p.id + 15485863)) AS h4, abs(hashint8(p.id + 32452843)) AS h5) hh) d,
              generate_series(0, d.n_events - 1) k,
              LATERAL (SELECT abs(hashint8(p.id * 31 + k)) AS r) rr,
              LATERAL (SELECT CASE
                 WHEN k = 0 OR r % 100 < 50 THEN 'Page Viewed'
                 WHEN r % 100 < 65 THEN 'Product Viewed'
                 WHEN r % 100 < 75 THEN 'Added To Cart'
                 WHEN r % 100 < 82 THEN 'Searched'
                 WHEN d.buyer THEN 'Charged'
                 ELSE 'App Launched' END AS name) nm,
              LATERAL (SELECT nm.name, CASE nm.name
                 WHEN 'Page Viewed' THEN jsonb_strip_nulls(jsonb_build_object(
                   'URL', 'https://shop.example' || ${pick(PAGES, "r / 7")},
                   'Referrer', CASE WHEN r % 3 = 0 THEN (ARRAY['https://www.google.com/','https://news.example/'])[1 + r % 2] END,
                   'UTM Source', CASE WHEN k = 0 AND d.h2 % 100 < 45
                                 THEN (ARRAY['google','newsletter','facebook','partner'])[1 + d.h3 % 4] END,
                   'UTM Medium', CASE WHEN k = 0 AND d.h2 % 100 < 45 THEN (ARRAY['cpc','email','social','referral'])[1 + d.h3 % 4] END,
                   'UTM Campaign', CASE WHEN k = 0 AND d.h2 % 100 < 45
                                   THEN (ARRAY['black-friday','spring-sale','launch','retarget','brand'])[1 + d.h5 % 5] END))
                 WHEN 'Product Viewed' THEN jsonb_build_object('Product', ${pick(PRODUCTS, "r / 11")},
                   'Category', (ARRAY['apparel','home','outdoor','audio'])[1 + r / 13 % 4], 'Price', 9 + r / 17 % 230)
                 WHEN 'Added To Cart' THEN jsonb_build_object('Product', ${pick(PRODUCTS, "r / 11")},
                   'Quantity', 1 + r / 19 % 3, 'Price', 9 + r / 17 % 230)
                 WHEN 'Searched' THEN jsonb_build_object('Query', ${pick(PRODUCTS, "r / 23")})
                 WHEN 'Charged' THEN jsonb_build_object(
                   'Amount', round((5 + (r / 29) % 49500 / 100.0)::numeric, 2),
                   'Payment mode', (ARRAY['Card','PayPal','Gift card'])[1 + r / 31 % 3],
                   'Charged ID', substr(md5(p.id || '-' || k), 1, 10),
                   'Items', jsonb_build_array(jsonb_build_object('Product', ${pick(PRODUCTS, "r / 11")}, 'Quantity', 1,
                                                                 'Price', round((5 + (r / 29) % 49500 / 100.0)::numeric, 2))))
                 ELSE '{}'::jsonb END AS properties) ev
        WHERE p.account_id = $1 AND p.id >= $2 AND p.id < $3`,
      [accountId, from, from + STAGE],
    );
  }
  const { rows: staged } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM bench_event_stage");
  log(`  staged ${staged[0].n.toLocaleString("en")} events (${Math.round((Date.now() - started) / 1000)} s)`);
  await withoutSecondaryIndexes(db, "event", async () => {
    const { rows: months } = await db.query<{ m: string }>(
      "SELECT DISTINCT to_char(date_trunc('month', ts), 'YYYY-MM-DD') AS m FROM bench_event_stage ORDER BY 1",
    );
    for (const { m } of months) {
      await db.query(
        `INSERT INTO event (account_id, profile_id, device_guid, name, properties, ts, source, created_at)
       SELECT $1, profile_id, device_guid, name, properties, ts, 'sdk', ts FROM bench_event_stage
        WHERE ts >= $2::timestamp AND ts < $2::timestamp + interval '1 month' ORDER BY ts`,
        [accountId, m],
      );
      log(`  inserted the events of ${m.slice(0, 7)} (${Math.round((Date.now() - started) / 1000)} s)`);
    }
  });
  await db.query("DROP TABLE bench_event_stage");
  await db.query("RESET work_mem");
  await db.query("RESET maintenance_work_mem");
  log(`  indexed the events (${Math.round((Date.now() - started) / 1000)} s)`);
}

/**
 * Makes the account hold `profiles` profiles with their events (reused when present; a profiles-only seed gets its
 * events added). `db` must be a single connection or a pool whose statement timeout allows minutes. Returns what
 * it holds and how long seeding took (null when nothing was seeded).
 */
export async function ensureListSeed(options: {
  db: Db;
  accountId: string;
  profiles: number;
  dataDir?: string;
  log?: (line: string) => void;
}): Promise<ListSeed> {
  const { db, accountId, profiles } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  const where = options.dataDir ? ` in ${path.relative(process.cwd(), options.dataDir)}` : "";
  await db.query("INSERT INTO account (id, passcode_hash) VALUES ($1, 'bench') ON CONFLICT (id) DO NOTHING", [accountId]);
  const count = async () =>
    (
      await db.query<{ profiles: number; events: number; located: boolean }>(
        `SELECT (SELECT count(*)::int FROM profile WHERE account_id = $1) AS profiles,
                (SELECT count(*)::int FROM event WHERE account_id = $1) AS events,
                EXISTS (SELECT 1 FROM profile WHERE account_id = $1 AND properties ? 'Country') AS located`,
        [accountId],
      )
    ).rows[0];
  let held = await count();
  if (held.profiles === profiles && held.events > 0) {
    log(`reusing ${profiles.toLocaleString("en")} profiles and ${held.events.toLocaleString("en")} events${where}`);
    return { accountId, profiles, events: held.events, seededMs: null };
  }
  const started = Date.now();
  // The anchor of "now" for the activity model: the seed's day, so "the last 30 days" hold the dense recent days.
  const anchor = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000).toISOString().slice(0, 19);
  if (held.profiles !== profiles) {
    if (held.profiles > 0) {
      log(`found ${held.profiles} profiles (want ${profiles}): reseeding`);
      for (const table of ["event", "profile_identity", "device", "profile"])
        await db.query(`DELETE FROM ${table} WHERE account_id = $1`, [accountId]);
    }
    await seedProfiles(db, accountId, profiles, anchor, log);
  } else {
    log(`found ${profiles.toLocaleString("en")} profiles without events${where}: adding activity, location and events`);
    if (!held.located) await upgradeProfiles(db, accountId, anchor);
    else await db.query("DELETE FROM profile_purchase WHERE account_id = $1", [accountId]);
  }
  await seedEvents(db, accountId, log);
  for (const table of ["profile", "profile_identity", "device", "event", "profile_purchase"]) await db.query(`VACUUM ANALYZE ${table}`);
  held = await count();
  const seededMs = Date.now() - started;
  log(
    `seeded ${held.profiles.toLocaleString("en")} profiles and ${held.events.toLocaleString("en")} events${where} ` +
      `in ${Math.round(seededMs / 1000)} s`,
  );
  return { accountId, profiles: held.profiles, events: held.events, seededMs };
}
