// npm run bench:overview — the overview and behaviour segments on a seeded data set. Seeds the demo data set
// BENCH_SCALE times over (through the profile engine, like npm start's seed; kept in .data/bench-overview between
// runs) into its own embedded PostgreSQL, then times, RUNS times each: the overview for 30 and 90 days, an
// event-count segment, a lifetime-value segment and the Customer type (exact counts through the query engine), and
// the list's first page with a behaviour condition. Prints p50 / p95 per case.
import path from "node:path";
import { closePools, pool } from "../lib/db/pool";
import { loadOverview } from "../lib/overview/load-overview";
import { parseOverviewRange } from "../lib/overview/overview-range";
import { listProfiles } from "../lib/queries/list-profiles";
import { DEFAULT_STATE } from "../lib/queries/list-state";
import { countMatchingProfiles } from "../lib/queries/query-profiles";
import type { Condition } from "../lib/queries/query-schema";
import { DEFAULT_SEED_SIZE, seedDemo } from "../lib/seed/seed-demo";
import { openDatabase } from "./lib/database";

const SCALE = Number(process.env.BENCH_SCALE ?? 10);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const PG_PORT = Number(process.env.BENCH_PG_PORT ?? 54570);
const DATA_DIR = path.resolve(process.env.BENCH_DATA_DIR ?? `.data/bench-overview-x${SCALE}`);
const ACCOUNT = "BENCH-OVERVIEW-0001";

async function time(label: string, run: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await run();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))].toFixed(1);
  console.log(`${label.padEnd(58)} p50 ${at(0.5).padStart(7)} ms   p95 ${at(0.95).padStart(7)} ms`);
}

async function main() {
  const database = await openDatabase({ dataDir: path.join(DATA_DIR, "pg"), port: PG_PORT });
  try {
    const { rows } = await pool().query<{ n: string }>("SELECT count(*) AS n FROM profile WHERE account_id = $1", [ACCOUNT]);
    if (Number(rows[0].n) === 0) {
      const size = Object.fromEntries(Object.entries(DEFAULT_SEED_SIZE).map(([k, v]) => [k, v * SCALE])) as typeof DEFAULT_SEED_SIZE;
      console.log(`Seeding the demo set ×${SCALE} (${JSON.stringify(size)})…`);
      const report = await seedDemo({ accountId: ACCOUNT, size });
      console.log(`Seeded ${report.profiles} profiles, ${report.records} records in ${(report.ms / 1000).toFixed(0)} s`);
      await pool().query("ANALYZE");
    }
    const counts = await pool().query<{ profiles: string; events: string }>(
      "SELECT (SELECT count(*) FROM profile WHERE account_id = $1) AS profiles, " +
        "(SELECT count(*) FROM event WHERE account_id = $1) AS events",
      [ACCOUNT],
    );
    console.log(`${counts.rows[0].profiles} profiles, ${counts.rows[0].events} events; ${RUNS} runs per case`);
    const range30 = parseOverviewRange({});
    const range90 = parseOverviewRange({ from: new Date(Date.now() - 89 * 86_400_000).toISOString().slice(0, 10) });
    const repeat: Condition = { kind: "event", name: "Charged", op: "atLeast", n: 2, when: { lastDays: 90 }, where: [] };
    const ltv: Condition = { kind: "purchases", measure: "sum", op: "gt", value: 500 };
    await time("overview, last 30 days", () => loadOverview({ accountId: ACCOUNT, range: range30 }));
    await time("overview, last 90 days", () => loadOverview({ accountId: ACCOUNT, range: range90 }));
    await time("count: Charged at least 2 times in the last 90 days", () =>
      countMatchingProfiles({ accountId: ACCOUNT, condition: repeat }),
    );
    await time("count: lifetime value > 500", () => countMatchingProfiles({ accountId: ACCOUNT, condition: ltv }));
    await time("count: profile type Customer", () =>
      countMatchingProfiles({ accountId: ACCOUNT, condition: { kind: "profileType", type: "customer" } }),
    );
    await time("list page: Charged at least 2 times in the last 90 days", () =>
      listProfiles(ACCOUNT, { ...DEFAULT_STATE, conditions: [repeat] }),
    );
    await time("list page: lifetime value > 500", () => listProfiles(ACCOUNT, { ...DEFAULT_STATE, conditions: [ltv] }));
  } finally {
    await closePools();
    await database.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
