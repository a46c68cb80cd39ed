// npm run bench:list — the profile list, behaviour segments and the overview at a million profiles and ten million
// events. Seeds them once with set-based SQL (scripts/lib/seed-list.ts) into its own embedded PostgreSQL under
// .data/bench-list (kept between runs: a re-run reuses it; a profiles-only seed gets its events added), then times
// each case's query layer (what the page awaits) against a raw-SQL baseline, interleaved, RUNS times each, and prints
// p50 / p95, the ratio of p95s and, where the issue sets one, the goal. The baseline is the same SQL sent raw for the
// list's own cases and the best hand-written SQL for the same answer for the segments, counts and the overview.
import path from "node:path";
import { closePools, dashboardPool, pool } from "../lib/db/pool";
import { loadOverview } from "../lib/overview/load-overview";
import { parseOverviewRange, rangeBounds } from "../lib/overview/overview-range";
import { countProfiles, countTabs } from "../lib/queries/list-counts";
import { listProfiles } from "../lib/queries/list-profiles";
import { ensurePropertyIndexes, propertyIndexName } from "../lib/queries/list-property-indexes";
import { forgetSortIndexes, sortIndexBuilds } from "../lib/queries/list-sort-indexes";
import { pageStatement } from "../lib/queries/list-sql";
import { encodeCursor, type ListState, parseListState, type SearchParams } from "../lib/queries/list-state";
import type { Condition } from "../lib/queries/query-schema";
import { openDatabase } from "./lib/database";
import { rawOverview } from "./lib/overview-baseline";
import { ensureListSeed } from "./lib/seed-list";

const PROFILES = Number(process.env.BENCH_PROFILES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const WARMUP = 5;
const PG_PORT = Number(process.env.BENCH_PG_PORT ?? 54560);
const DATA_DIR = path.resolve(process.env.BENCH_DATA_DIR ?? ".data/bench-list");
const ACCOUNT = "BENCH-LIST-0001";
/** The custom property sorted by without a declared index (its on-demand index is dropped first, to time the cold sort). */
const UNDECLARED = "Signup Date";

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const ms = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e6;

type Case = { name: string; goal?: number; runs?: number; layer: () => Promise<number>; raw: () => Promise<unknown> };
type Result = { name: string; goal?: number; rows: number; layerP50: number; layerP95: number; rawP50: number; rawP95: number };

async function timeCase(c: Case): Promise<Result> {
  const layer: number[] = [];
  const raw: number[] = [];
  let rows = 0;
  const runs = Math.min(RUNS, c.runs ?? RUNS);
  for (let i = 0; i < WARMUP + runs; i++) {
    // Interleaved, alternating which goes first, so caches and background work affect both alike.
    const order = i % 2 === 0 ? ["layer", "raw"] : ["raw", "layer"];
    for (const which of order) {
      const t = process.hrtime.bigint();
      if (which === "layer") rows = await c.layer();
      else await c.raw();
      if (i >= WARMUP) (which === "layer" ? layer : raw).push(ms(t));
    }
  }
  const [layerP50, layerP95, rawP50, rawP95] = [percentile(layer, 50), percentile(layer, 95), percentile(raw, 50), percentile(raw, 95)];
  return { name: c.name, goal: c.goal, rows, layerP50, layerP95, rawP50, rawP95 };
}

const state = (params: SearchParams, conditions: Condition[] = []): ListState => ({ ...parseListState(params), conditions });

/** A list case: the layer, and the same statement sent raw. */
function listCase(name: string, s: ListState, goal?: number, runs?: number): Case {
  const statement = pageStatement(ACCOUNT, s);
  return {
    name,
    goal,
    runs,
    layer: async () => (await listProfiles(ACCOUNT, s, dashboardPool())).rows.length,
    raw: () => pool().query(statement.text, statement.values),
  };
}

const PAGE = `SELECT p.id, p.identified, p.properties, p.property_types, p.first_seen, p.last_seen,
  coalesce((SELECT true FROM profile_purchase c WHERE c.profile_id = p.id), false) AS customer FROM profile p`;
/** Hand-written: the buyers with two Charged events in 30 days (an index-only scan of the event index), then their page. */
const repeatBuyers = `SELECT e.profile_id FROM event e
  WHERE e.account_id = $1 AND e.name = 'Charged' AND e.ts >= $2::timestamp GROUP BY e.profile_id HAVING count(*) >= 2`;
const portugal = `p.properties @> '{"Country":"Portugal"}'`;

async function main() {
  console.log(
    `bench:list — ${PROFILES.toLocaleString("en")} profiles, ${RUNS} timed runs per case (+${WARMUP} warm-up), PostgreSQL port ${PG_PORT}`,
  );
  // Seeding and building indexes take longer than the pools' default statement timeouts.
  process.env.TAPESTRY_READ_STATEMENT_TIMEOUT_MS ??= String(60 * 60_000);
  process.env.TAPESTRY_DASHBOARD_STATEMENT_TIMEOUT_MS ??= String(60 * 60_000);
  process.env.TAPESTRY_ENGINE_STATEMENT_TIMEOUT_MS ??= String(60 * 60_000);
  const database = await openDatabase({ dataDir: path.join(DATA_DIR, "pg"), port: PG_PORT });
  try {
    const client = await pool().connect();
    const seed = await ensureListSeed({ db: client, accountId: ACCOUNT, profiles: PROFILES, dataDir: DATA_DIR }).finally(() =>
      client.release(),
    );
    const indexed = await ensurePropertyIndexes(pool(), ["Score"]);
    if (indexed.length) {
      await pool().query("ANALYZE profile");
      console.log(`created the declared sort index for: ${indexed.join(", ")}`);
    }
    const deep = await pool().query<{ key: string; id: number }>(
      "SELECT last_seen::text AS key, id FROM profile WHERE account_id = $1 ORDER BY last_seen DESC, id DESC OFFSET $2 LIMIT 1",
      [ACCOUNT, Math.floor(PROFILES / 2) - 1],
    );
    const deepCursor = encodeCursor({ key: deep.rows[0].key, id: Number(deep.rows[0].id) });
    const deepPage = Math.floor(PROFILES / 2 / 50) + 1;
    const [someone] = (
      await pool().query<{ email: string; name: string }>(
        `SELECT properties ->> 'Email' AS email, properties ->> 'Name' AS name
           FROM profile WHERE account_id = $1 AND identified ORDER BY id LIMIT 1`,
        [ACCOUNT],
      )
    ).rows;

    // The cold sort by an undeclared property: its on-demand index dropped, the first sort answers the slow way and
    // starts the build; timed until the build is done.
    await pool().query(`DROP INDEX IF EXISTS "${propertyIndexName(UNDECLARED)}"`);
    await pool().query("DELETE FROM property_sort_index WHERE key = $1", [UNDECLARED]);
    forgetSortIndexes();
    const sortState = state({ sort: `p:${UNDECLARED}`, dir: "desc" });
    let t = process.hrtime.bigint();
    await listProfiles(ACCOUNT, sortState, dashboardPool());
    const coldFirst = ms(t);
    t = process.hrtime.bigint();
    await listProfiles(ACCOUNT, sortState, dashboardPool());
    const coldSecond = ms(t);
    await sortIndexBuilds();
    const built = ms(t);
    console.log(
      `cold sort by '${UNDECLARED}' (no index): first ${coldFirst.toFixed(0)} ms, second (index building) ${coldSecond.toFixed(0)} ms, ` +
        `index ready ${(built / 1000).toFixed(1)} s after the first`,
    );

    const since30 = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 23);
    const repeat: Condition = { kind: "event", name: "Charged", op: "atLeast", n: 2, when: { lastDays: 30 }, where: [] };
    const inPortugal: Condition = { kind: "property", filter: { key: "Country", op: "eq", value: "Portugal", value2: "" } };
    const ltv: Condition = { kind: "purchases", measure: "sum", op: "gt", value: 500 };
    const lisbon = { f: JSON.stringify(["City", "eq", "Lisbon"]) };
    const range = parseOverviewRange({});
    const overviewBounds = rangeBounds(range);
    const order = "ORDER BY p.last_seen DESC, p.id DESC LIMIT 51";
    const count = async (s: ListState) => (await countProfiles(ACCOUNT, s, "all", dashboardPool())).n;

    const cases: Case[] = [
      listCase("first page (last seen, 50 rows)", state({})),
      listCase(`deep page (page ${deepPage.toLocaleString("en")}, keyset)`, state({ after: deepCursor, page: String(deepPage) })),
      listCase("sort by custom property Score (declared)", state({ sort: "p:Score", dir: "desc" })),
      listCase(`sort by '${UNDECLARED}' (undeclared; on-demand index)`, sortState, 150),
      listCase("filter City = Lisbon", state(lisbon)),
      listCase("search email prefix 'maria.silva12'", state({ q: "maria.silva12" })),
      // A common prefix: the layer walks the last-seen order; the baseline is the view's set statement (every match
      // read and sorted).
      listCase("search prefix 'maria' (≈ 35,000 matches)", state({ q: "maria" }), undefined, 20),
      {
        name: "tab counts, search 'maria' (3 tabs)",
        goal: 100,
        runs: 20,
        layer: async () => Object.keys(await countTabs(ACCOUNT, state({ q: "maria" }), dashboardPool())).length,
        raw: () =>
          pool().query(
            `SELECT count(*) AS "all", count(*) FILTER (WHERE identified) AS identified,
               count(*) FILTER (WHERE NOT identified AND joined_to_profile_id IS NULL) AS anonymous
             FROM profile p WHERE p.account_id = $1 AND p.id IN (
               SELECT profile_id FROM profile_identity WHERE account_id = $1 AND value COLLATE "C" LIKE 'maria%'
               UNION SELECT id FROM profile WHERE account_id = $1 AND lower(properties ->> 'Name') LIKE 'maria%')`,
            [ACCOUNT],
          ),
      },
      {
        name: "segment page: Charged ≥ 2 in the last 30 days",
        goal: 300,
        layer: async () => (await listProfiles(ACCOUNT, state({}, [repeat]), dashboardPool())).rows.length,
        raw: () => pool().query(`${PAGE} WHERE p.account_id = $1 AND p.id IN (${repeatBuyers}) ${order}`, [ACCOUNT, since30]),
      },
      {
        name: "segment count: Charged ≥ 2 in the last 30 days",
        goal: 300,
        layer: () => count(state({}, [repeat])),
        raw: () => pool().query(`SELECT count(*) FROM (${repeatBuyers}) b`, [ACCOUNT, since30]),
      },
      {
        name: "segment page: … and Country = Portugal",
        goal: 300,
        layer: async () => (await listProfiles(ACCOUNT, state({}, [repeat, inPortugal]), dashboardPool())).rows.length,
        raw: () =>
          pool().query(`${PAGE} WHERE p.account_id = $1 AND ${portugal} AND p.id IN (${repeatBuyers}) ${order}`, [ACCOUNT, since30]),
      },
      {
        name: "segment count: … and Country = Portugal",
        goal: 300,
        layer: () => count(state({}, [repeat, inPortugal])),
        raw: () =>
          pool().query(
            `SELECT count(*) FROM profile p JOIN (${repeatBuyers}) b ON b.profile_id = p.id WHERE p.account_id = $1 AND ${portugal}`,
            [ACCOUNT, since30],
          ),
      },
      {
        name: "segment page: lifetime value > 500",
        goal: 300,
        layer: async () => (await listProfiles(ACCOUNT, state({}, [ltv]), dashboardPool())).rows.length,
        raw: () =>
          pool().query(
            `${PAGE} WHERE p.account_id = $1 AND p.id IN (SELECT pp.profile_id FROM profile_purchase pp
               WHERE pp.account_id = $1 AND pp.revenue > 500) ${order}`,
            [ACCOUNT],
          ),
      },
      {
        name: "segment count: lifetime value > 500",
        goal: 300,
        layer: () => count(state({}, [ltv])),
        raw: () => pool().query("SELECT count(*) FROM profile_purchase WHERE account_id = $1 AND revenue > 500", [ACCOUNT]),
      },
      {
        name: "overview, last 30 days (every statement)",
        goal: 300,
        runs: 30,
        layer: async () => (await loadOverview({ accountId: ACCOUNT, range, db: dashboardPool() })).topEvents.length,
        raw: () => rawOverview(pool(), ACCOUNT, overviewBounds),
      },
      {
        name: "tab counts, City = Lisbon (3 tabs)",
        goal: 100,
        layer: async () => Object.keys(await countTabs(ACCOUNT, state(lisbon), dashboardPool())).length,
        raw: () =>
          pool().query(
            `SELECT count(*) AS "all", count(*) FILTER (WHERE identified) AS identified,
               count(*) FILTER (WHERE NOT identified AND joined_to_profile_id IS NULL) AS anonymous
             FROM profile p WHERE p.account_id = $1 AND p.properties @> '{"City":"Lisbon"}'`,
            [ACCOUNT],
          ),
      },
      {
        name: "tab counts, Charged ≥ 2 in 30 days + Portugal",
        goal: 100,
        layer: async () => Object.keys(await countTabs(ACCOUNT, state({}, [repeat, inPortugal]), dashboardPool())).length,
        raw: () =>
          pool().query(
            `SELECT count(*) AS "all", count(*) FILTER (WHERE identified) AS identified,
               count(*) FILTER (WHERE NOT identified AND joined_to_profile_id IS NULL) AS anonymous
             FROM profile p JOIN (${repeatBuyers}) b ON b.profile_id = p.id WHERE p.account_id = $1 AND ${portugal}`,
            [ACCOUNT, since30],
          ),
      },
      // Beyond the goals: costs that are not index-backed, shown for honesty.
      listCase("(extra) search name prefix 'maria sil'", state({ q: "Maria Sil" })),
      listCase("(extra) filter LTV > 4900 (a property, range)", state({ f: JSON.stringify(["LTV", "gt", "4900"]) })),
      listCase(
        "(extra) Identified tab + Plan = pro, deep",
        state({ tab: "identified", f: JSON.stringify(["Plan", "eq", "pro"]), after: deepCursor, page: String(deepPage) }),
      ),
      listCase("(extra) filter Email = one address", state({ f: JSON.stringify(["Email", "eq", someone.email]) })),
      listCase("(extra) filter Name = a common name", state({ f: JSON.stringify(["Name", "eq", someone.name]) })),
    ];
    const results: Result[] = [];
    for (const c of cases) {
      results.push(await timeCase(c));
      console.log(`  measured: ${c.name}`);
    }
    const pad = (s: string, n: number) => s.padEnd(n);
    const num = (n: number) => n.toFixed(1).padStart(8);
    const times = `${"layer p50".padStart(9)} ${"p95".padStart(8)}  ${"raw p50".padStart(8)} ${"p95".padStart(8)}`;
    console.log(`\n${pad("case", 52)}${"rows".padStart(6)}  ${times}  ratio p95  goal p95`);
    for (const r of results) {
      const goal = r.goal ? `≤ ${r.goal} ms ${r.layerP95 <= r.goal ? "met" : "MISSED"}` : "";
      const cells = `${num(r.layerP50)} ${num(r.layerP95)}  ${num(r.rawP50)} ${num(r.rawP95)}`;
      console.log(`${pad(r.name, 52)}${String(r.rows).padStart(6)}  ${cells}  ${(r.layerP95 / r.rawP95).toFixed(2).padStart(9)}  ${goal}`);
    }
    const load = (await import("node:os")).loadavg().map((n) => n.toFixed(1));
    console.log(
      `\n${seed.profiles.toLocaleString("en")} profiles, ${seed.events.toLocaleString("en")} events` +
        (seed.seededMs !== null ? ` (seeded in ${Math.round(seed.seededMs / 1000)} s)` : "") +
        `; load average ${load.join(" ")}` +
        `\ncold sort by '${UNDECLARED}': first ${coldFirst.toFixed(0)} ms, index ready after ${(built / 1000).toFixed(1)} s` +
        "\n(ms, measured in-process: layer = parse + build + query + map; raw = the baseline SQL through pg; rows = rows or counts)",
    );
  } finally {
    await closePools();
    await database.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
