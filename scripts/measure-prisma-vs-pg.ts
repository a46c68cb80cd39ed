// npm run measure:prisma-vs-pg — what a query costs through Prisma against a direct pg pool, on this stack: the same
// SQL text through the Prisma client ($queryRaw over @prisma/adapter-pg, as lib/db/prisma.ts builds it) and
// through a pg pool, against the embedded PostgreSQL, at the same concurrency. Prints calls/s, the client-side CPU
// per call and the ratio for a trivial query and a 1,000-row one. The rule it backs is in ARCHITECTURE.md.
// MEASURE_CONCURRENCY (8), MEASURE_CALLS (calls per caller, 2,000), MEASURE_ROUNDS (3), BENCH_PG_PORT.
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { env } from "../lib/env";
import { PrismaClient } from "../lib/generated/prisma/client";
import { openDatabase } from "./lib/database";

const CONCURRENCY = Number(process.env.MEASURE_CONCURRENCY ?? 8);
const CALLS = Number(process.env.MEASURE_CALLS ?? 2000);
const ROUNDS = Number(process.env.MEASURE_ROUNDS ?? 3);

const ROWS = JSON.stringify(Array.from({ length: 1000 }, (_, n) => ({ id: n, name: `profile ${n}`, score: n * 1.5 })));

type Runner = () => Promise<unknown>;
/** Each case sends the same SQL text and parameters both ways ($queryRaw turns its template into "$1" parameters). */
type Case = { name: string; callsPerCaller: number; pg: (db: pg.Pool) => Runner; prisma: (client: PrismaClient) => Runner };
const CASES: Case[] = [
  {
    name: "SELECT $1::int",
    callsPerCaller: CALLS,
    pg: (db) => () => db.query("SELECT $1::int AS n", [42]),
    prisma: (client) => () => client.$queryRaw`SELECT ${42}::int AS n`,
  },
  {
    name: "1,000 rows (json_to_recordset)",
    callsPerCaller: Math.max(1, Math.round(CALLS / 10)),
    pg: (db) => () => db.query("SELECT * FROM json_to_recordset($1::json) AS t(id int, name text, score float8)", [ROWS]),
    prisma: (client) => () => client.$queryRaw`SELECT * FROM json_to_recordset(${ROWS}::json) AS t(id int, name text, score float8)`,
  },
];

/** CONCURRENCY callers, `calls` each: calls per second and the CPU this process spent per call (µs). */
async function measure(run: Runner, calls: number): Promise<{ perSecond: number; cpuMicros: number }> {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = 0; i < calls; i++) await run();
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  const total = CONCURRENCY * calls;
  return { perSecond: total / seconds, cpuMicros: (used.user + used.system) / total };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const database = await openDatabase({
    dataDir: path.join(env().dataDir, "measure-prisma-vs-pg"),
    port: Number(process.env.BENCH_PG_PORT ?? 54369),
  });
  const direct = new pg.Pool({ connectionString: database.url, max: CONCURRENCY });
  const prismaPool = new pg.Pool({ connectionString: database.url, max: CONCURRENCY });
  // Stopping the embedded database at the end closes any connection a pool still holds: not an error here.
  for (const pool of [direct, prismaPool]) pool.on("error", () => undefined);
  const prisma = new PrismaClient({ adapter: new PrismaPg(prismaPool) });
  try {
    console.log(`${CONCURRENCY} concurrent callers, ${ROUNDS} rounds (medians), ${database.describe}\n`);
    for (const c of CASES) {
      const viaPg = c.pg(direct);
      const viaPrisma = c.prisma(prisma);
      // Warm both: connections opened, code paths hot.
      await measure(viaPg, c.callsPerCaller);
      await measure(viaPrisma, c.callsPerCaller);
      const pgRounds: { perSecond: number; cpuMicros: number }[] = [];
      const prismaRounds: { perSecond: number; cpuMicros: number }[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        pgRounds.push(await measure(viaPg, c.callsPerCaller));
        prismaRounds.push(await measure(viaPrisma, c.callsPerCaller));
      }
      const pgRate = median(pgRounds.map((r) => r.perSecond));
      const prismaRate = median(prismaRounds.map((r) => r.perSecond));
      const pgCpu = median(pgRounds.map((r) => r.cpuMicros));
      const prismaCpu = median(prismaRounds.map((r) => r.cpuMicros));
      const line = (name: string, rate: number, cpu: number) =>
        `  ${name.padEnd(7)} ${Math.round(rate).toLocaleString("en").padStart(8)} calls/s   ${cpu.toFixed(0).padStart(5)} µs CPU per call`;
      console.log(c.name);
      console.log(line("pg", pgRate, pgCpu));
      console.log(line("Prisma", prismaRate, prismaCpu));
      const more = (prismaCpu - pgCpu).toFixed(0);
      console.log(`  Prisma costs ${(pgRate / prismaRate).toFixed(2)}× the time of pg per call (${more} µs more client CPU)\n`);
    }
  } finally {
    await prisma.$disconnect();
    // The adapter may already have ended its pool: end both, whatever either says.
    await Promise.allSettled([prismaPool.end(), direct.end()]);
    await database.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`measure:prisma-vs-pg failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
