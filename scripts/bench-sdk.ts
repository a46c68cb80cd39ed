// npm run bench:sdk — the Web SDK endpoint under load: many simulated browsers (devices) send /a calls the way the
// SDK does (LZ-String base64 `d`, `gc` = their guid, new visitors without one), over plain HTTP to the server's HTTP
// port (the same handler as HTTPS; this measures the server, not TLS). Beside it, in the same run and at the same
// concurrency, a raw-SQL baseline: one single-row upsert per request through `pg`. Prints requests/s and p50/p99
// latency per round, the medians of the rounds and the ratio. The server runs in a child process.
import http from "node:http";
import LZString from "lz-string";
import pg from "pg";
import { ensureAccount } from "../lib/accounts/ensure-account";
import { env } from "../lib/env";
import { benchDataDir, cpuMs, runBench, startServerChild } from "./lib/bench-server";
import { buildIfNeeded } from "./lib/build-if-needed";
import { openDatabase } from "./lib/database";

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const DEVICES = Number(process.env.BENCH_DEVICES ?? 2000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 6000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const NEW_VISITOR_SHARE = 0.05;
const PORT = Number(process.env.BENCH_PORT ?? 3296);
const POOL_SIZE = 20;
const ACCOUNT = { accountId: "BENCH-SDK-0001", passcode: "bench-sdk-passcode" };
/** BENCH_FORWARDED=1: each device calls from a public address of its own (X-Forwarded-For from the loopback proxy the
 * server then trusts), so every call is located (lib/location); unset, all come from 127.0.0.1, which is never located. */
const FORWARDED = process.env.BENCH_FORWARDED === "1";
const PUBLIC_FIRST_OCTETS = [8, 23, 31, 41, 62, 77, 81, 88, 91, 103, 118, 133, 141, 151, 177, 185, 190, 200, 213];
const publicAddress = (n: number) =>
  `${PUBLIC_FIRST_OCTETS[n % PUBLIC_FIRST_OCTETS.length]}.${(n * 7) % 256}.${(n * 13) % 256}.${1 + (n % 250)}`;
const addressOf = new Map<string, string>();

const encode = (payload: unknown) => encodeURIComponent(LZString.compressToBase64(JSON.stringify(payload)));
const af = { lib: "web-sdk-v2.5.2", protocol: "https" };

/** A fixed set of encoded payloads (compressing per request would load the generator, not the server). */
function payloads() {
  const s = Math.floor(Date.now() / 1000);
  const base = { id: ACCOUNT.accountId, s, pg: 1, af };
  const page = (n: number) => ({
    type: "page",
    d: encode({ ...base, cpg: `https://shop.example/p/${n}`, referrer: "news.example", us: "newsletter" }),
  });
  const event = (n: number) => ({
    type: "push",
    d: encode({
      ...base,
      type: "event",
      evtName: n % 5 === 0 ? "Added To Cart" : "Product Viewed",
      evtData: { "Product name": `Item ${n}`, Price: n % 50, Category: `C${n % 7}` },
    }),
  });
  const profile = (n: number) => ({
    type: "push",
    d: encode({ ...base, type: "profile", profile: { Plan: ["free", "pro", "team"][n % 3], Visits: { $incr: 1 }, tz: "GMT+0000" } }),
  });
  const list = (n: number) => ({ type: "push", d: encode({ ...base, type: "profile", profile: { Interests: { $add: [`i${n % 11}`] } } }) });
  const ping = () => ({ type: "ping", d: encode(base) });
  const mix: { type: string; d: string }[] = [];
  for (let n = 0; n < 100; n++) {
    const pick = n % 10;
    mix.push(pick < 5 ? event(n) : pick < 7 ? profile(n) : pick < 8 ? list(n) : pick < 9 ? page(n) : ping());
  }
  return { mix, firstPage: page(0) };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function get(url: string, headers: http.OutgoingHttpHeaders = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers }, (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => (body += chunk));
        response.on("end", () =>
          response.statusCode === 200 ? resolve(body) : reject(new Error(`HTTP ${response.statusCode}: ${body.slice(0, 200)}`)),
        );
      })
      .on("error", reject);
  });
}

const GUID = /^\$WZRK_WR\.s\('([0-9a-f]{32})',/;
let rn = 0;
async function sdkCall(call: { type: string; d: string }, guid: string | null): Promise<string> {
  rn += 1;
  const now = Date.now();
  const gc = guid ? `&gc=${guid}` : "";
  const query = `t=96&type=${call.type}&d=${call.d}&rn=${rn}&i=${Math.floor(now / 1000)}&sn=0${gc}`;
  const address = FORWARDED ? ((guid ? addressOf.get(guid) : undefined) ?? publicAddress(rn)) : undefined;
  const headers = address ? { "x-forwarded-for": address } : {};
  const body = await get(`http://127.0.0.1:${PORT}/a?${query}&tries=1&origin=https%3A%2F%2Fshop.example&useIP=false&r=${now}`, headers);
  const match = GUID.exec(body);
  if (!match) throw new Error(`not an SDK answer: ${body.slice(0, 200)}`);
  if (address && !addressOf.has(match[1])) addressOf.set(match[1], address);
  return match[1];
}

type Round = { rps: number; p50: number; p99: number; cpu?: string };

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** REQUESTS calls of `one(index)` from CONCURRENCY workers; latency of each, throughput of the whole. */
async function measure(one: (index: number) => Promise<void>): Promise<Round> {
  const latencies: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        const index = next++;
        const t0 = process.hrtime.bigint();
        await one(index);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  return { rps: REQUESTS / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function main(): Promise<void> {
  const database = await openDatabase({
    dataDir: benchDataDir(env().dataDir, "bench-sdk-pg"),
    port: Number(process.env.BENCH_PG_PORT ?? 54372),
  });
  const db = new pg.Pool({ connectionString: database.url, max: POOL_SIZE });
  db.on("error", () => undefined); // connections cut when the database stops at the end
  await ensureAccount(db, ACCOUNT);
  await db.query("CREATE TABLE IF NOT EXISTS bench_raw_device (guid text PRIMARY KEY, hits int NOT NULL, last_seen timestamptz NOT NULL)");
  buildIfNeeded();
  // All simulated devices come from this one address: the per-address budget of new devices must not hold them back.
  const server = await startServerChild(import.meta.url, {
    DATABASE_URL: database.url,
    TAPESTRY_DB_POOL_SIZE: String(POOL_SIZE),
    TAPESTRY_SDK_NEW_DEVICES_PER_MINUTE: process.env.TAPESTRY_SDK_NEW_DEVICES_PER_MINUTE ?? "1000000",
    ...(FORWARDED ? { TAPESTRY_TRUSTED_PROXIES: "127.0.0.1" } : {}),
  });
  const { mix, firstPage } = payloads();
  console.log(
    `bench:sdk — ${DEVICES} simulated devices, ${REQUESTS} /a calls per round from ${CONCURRENCY} concurrent connections ` +
      `(HTTP, keep-alive${FORWARDED ? ", each device from a public address of its own" : ""}), ${ROUNDS} rounds; ` +
      `baseline: one single-row upsert per request through pg (pool ${POOL_SIZE})`,
  );
  const tapestry: Round[] = [];
  const raw: Round[] = [];
  try {
    // First visits: each device gets its guid from the server (as a browser does).
    const guids: string[] = [];
    let made = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (made < DEVICES) {
          made++;
          guids.push(await sdkCall(firstPage, null));
        }
      }),
    );
    const sdkRound = () =>
      measure(async (index) => {
        const newVisitor = Math.random() < NEW_VISITOR_SHARE;
        const guid = await sdkCall(
          newVisitor ? firstPage : mix[index % mix.length],
          newVisitor ? null : guids[Math.floor(Math.random() * guids.length)],
        );
        if (newVisitor) guids.push(guid);
      });
    const sqlRound = () =>
      measure(async () => {
        await db.query(
          `INSERT INTO bench_raw_device (guid, hits, last_seen) VALUES ($1, 1, now())
           ON CONFLICT (guid) DO UPDATE SET hits = bench_raw_device.hits + 1, last_seen = now()`,
          [guids[Math.floor(Math.random() * guids.length)]],
        );
      });
    await sdkRound(); // warm-up: JIT, pools, route compilation
    await sqlRound();
    for (let round = 0; round < ROUNDS; round++) {
      const before = cpuMs(server.child.pid);
      const client = process.cpuUsage();
      tapestry.push(await sdkRound());
      const after = cpuMs(server.child.pid);
      const used = process.cpuUsage(client);
      if (before && after) {
        const per = (ms: number) => (ms / REQUESTS).toFixed(2);
        tapestry[round].cpu =
          `CPU/req: server ${per(after.server - before.server)} ms, PostgreSQL ${per(after.postgres - before.postgres)} ms, ` +
          `load generator ${per((used.user + used.system) / 1000)} ms`;
      }
      raw.push(await sqlRound());
      const t = tapestry[round];
      const r = raw[round];
      const ours = `Tapestry /a ${t.rps.toFixed(0)} req/s p50 ${t.p50.toFixed(1)} ms p99 ${t.p99.toFixed(1)} ms`;
      const theirs = `raw SQL upsert ${r.rps.toFixed(0)} req/s p50 ${r.p50.toFixed(1)} ms p99 ${r.p99.toFixed(1)} ms`;
      console.log(`  round ${round + 1}: ${ours}   ${theirs}`);
      if (t.cpu) console.log(`           ${t.cpu}`);
    }
  } finally {
    server.child.kill("SIGTERM");
    await server.exited;
    agent.destroy();
    await db.end();
    await database.stop();
  }
  const t = { rps: median(tapestry.map((x) => x.rps)), p50: median(tapestry.map((x) => x.p50)), p99: median(tapestry.map((x) => x.p99)) };
  const r = { rps: median(raw.map((x) => x.rps)), p50: median(raw.map((x) => x.p50)), p99: median(raw.map((x) => x.p99)) };
  console.log(
    `\nmedian of ${ROUNDS}: Tapestry /a ${t.rps.toFixed(0)} req/s (p50 ${t.p50.toFixed(1)} ms, p99 ${t.p99.toFixed(1)} ms); ` +
      `raw SQL ${r.rps.toFixed(0)} req/s (p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms)`,
  );
  console.log(`ratio ${(t.rps / r.rps).toFixed(3)} (goal ≥ 0.2), p99 ${t.p99.toFixed(1)} ms (goal < 50 ms)`);
}

runBench("bench:sdk", PORT, main);
