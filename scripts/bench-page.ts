// npm run bench:page — the profile list as a user sees it. On bench:list's database (1,000,000 profiles and their
// events, kept in .data/bench-list; seeded by scripts/lib/seed-list.ts when missing), serves the built app from a
// child process, signs in a staff member it creates through lib/, and drives Debian Chromium over the list's views:
// BENCH_RUNS full navigations per view (default 10, after one warm-up), interleaved (each round visits every view
// once), timing from navigation start to rows visible and to rows + the three tab counts visible. Prints p50 / p95
// and each view's ratio to the plain first page of the same run (goal: ≤ 1.5), then where each view's time went: the
// server's request, each SQL statement it ran (timed inside the server, scripts/lib/page-trace.ts), first byte,
// hydration and load, on one time axis.
import crypto from "node:crypto";
import os from "node:os";
import path from "node:path";
import { type Browser, chromium } from "@playwright/test";
import { closePools, pool, withMaintenanceClient } from "../lib/db/pool";
import { listProfiles } from "../lib/queries/list-profiles";
import { ensurePropertyIndexes } from "../lib/queries/list-property-indexes";
import { DEFAULT_STATE } from "../lib/queries/list-state";
import { createStaff } from "../lib/staff/create-staff";
import { runBench, startServerChild } from "./lib/bench-server";
import { buildIfNeeded } from "./lib/build-if-needed";
import { openDatabase } from "./lib/database";
import { breakdown, summaryTable, type ViewResult } from "./lib/page-report";
import { MARKS_SCRIPT, timeNavigation } from "./lib/page-timing";
import { installTrace } from "./lib/page-trace";
import { ensureListSeed } from "./lib/seed-list";

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const PROFILES = Number(process.env.BENCH_PROFILES ?? 1_000_000);
const PORT = Number(process.env.BENCH_PORT ?? 3480);
const PG_PORT = Number(process.env.BENCH_PG_PORT ?? 54560);
const DATA_DIR = path.resolve(process.env.BENCH_DATA_DIR ?? ".data/bench-list");
const ACCOUNT = "BENCH-LIST-0001";
const GOAL_RATIO = 1.5;

if (process.argv.includes("--serve")) installTrace();

const loadAverage = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");

type View = { name: string; query: Record<string, string> };

const views = (nextCursor: string): View[] => [
  { name: "first page", query: {} },
  { name: 'search "maria"', query: { q: "maria" } },
  { name: "sort by undeclared property (LTV)", query: { sort: "p:LTV", dir: "desc" } },
  { name: "sort by declared property (Score)", query: { sort: "p:Score", dir: "desc" } },
  { name: "filter City = Lisbon", query: { f: JSON.stringify(["City", "eq", "Lisbon"]) } },
  {
    name: "Charged ≥ 2 times in 30 days",
    query: { c: JSON.stringify({ kind: "event", name: "Charged", op: "atLeast", n: 2, when: { lastDays: 30 } }) },
  },
  { name: "lifetime value > 500", query: { c: JSON.stringify({ kind: "purchases", measure: "sum", op: "gt", value: 500 }) } },
  { name: "Anonymous tab", query: { tab: "anonymous" } },
  { name: "next page", query: { after: nextCursor, page: "2" } },
];

async function main() {
  const database = await openDatabase({ dataDir: path.join(DATA_DIR, "pg"), port: PG_PORT });
  let browser: Browser | undefined;
  let server: Awaited<ReturnType<typeof startServerChild>> | undefined;
  try {
    // bench:list's data set (reused when there): seeding takes minutes, past the pools' statement timeouts.
    await withMaintenanceClient((db) => ensureListSeed({ db, accountId: ACCOUNT, profiles: PROFILES, dataDir: DATA_DIR }));
    if ((await ensurePropertyIndexes(pool(), ["Score"])).length) await pool().query("ANALYZE profile");
    const first = await listProfiles(ACCOUNT, DEFAULT_STATE, pool());
    const password = crypto.randomBytes(12).toString("hex");
    const email = `bench-page-${crypto.randomBytes(4).toString("hex")}@bench.test`;
    await createStaff({ name: "Bench viewer", email, role: "viewer", password });
    await closePools();

    buildIfNeeded();
    server = await startServerChild(import.meta.url, {
      DATABASE_URL: database.url,
      TAPESTRY_ACCOUNT_ID: ACCOUNT,
      TAPESTRY_DATA_DIR: DATA_DIR,
      TAPESTRY_INDEXED_PROPERTIES: "Score",
      TAPESTRY_LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
    });
    const base = `http://127.0.0.1:${PORT}`;
    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    });
    const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 800 } });
    const signIn = await context.request.post("/api/auth/sign-in/email", { headers: { origin: base }, data: { email, password } });
    if (signIn.status() !== 200) throw new Error(`sign-in failed: ${signIn.status()} ${await signIn.text()}`);
    await context.addInitScript({ content: MARKS_SCRIPT });
    const page = await context.newPage();

    // BENCH_VIEWS=1,4,… times only those views (by index; the first page is always kept, for the ratios).
    const chosen = process.env.BENCH_VIEWS?.split(",").map(Number);
    const results: ViewResult[] = views(first.next ?? "")
      .filter((_, i) => i === 0 || !chosen || chosen.includes(i))
      .map((view) => {
        const query = new URLSearchParams(view.query).toString();
        return { name: view.name, url: query ? `/profiles?${query}` : "/profiles", samples: [] };
      });
    console.log(
      `bench:page — ${RUNS} runs per view (+1 warm-up), interleaved; Chromium ${browser.version()}; load average ${loadAverage()}`,
    );
    for (let round = 0; round <= RUNS; round++) {
      for (const view of results) {
        const sample = await timeNavigation(page, view.url, server.child);
        if (round > 0) view.samples.push(sample);
      }
      if (round > 0) console.log(`  round ${round}/${RUNS}`);
    }
    console.log(`\n${summaryTable(results, GOAL_RATIO).join("\n")}`);
    console.log("\nwhere the time went (ms from navigation start, p50 and p95):");
    for (const view of results) console.log(breakdown(view).join("\n"));
    console.log(`\nload average after: ${loadAverage()}; ${database.describe}`);
  } finally {
    await browser?.close().catch(() => undefined);
    if (server) {
      server.child.kill("SIGTERM");
      await server.exited;
    }
    await closePools().catch(() => undefined);
    await database.stop();
  }
}

runBench("bench:page", PORT, main);
