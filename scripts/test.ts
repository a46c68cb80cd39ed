// npm test: the whole suite on a fresh clone. Starts its own embedded PostgreSQL (fresh each run) unless
// TEST_DATABASE_URL is given, runs the unit tests, builds, serves Tapestry and runs the Playwright suite
// (HTTP API and browser tests) against it. Ends with one "N passed, N failed" line.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { assertTestDatabase, assertTestDatabaseName, TEST_DATABASE_NAME } from "../e2e/support/test-database";
import { ensureAccount } from "../lib/accounts/ensure-account";
import { closePools, pool } from "../lib/db/pool";
import { setDatabaseUrl } from "../lib/env";
import { buildIfNeeded } from "./lib/build-if-needed";
import { openDatabase } from "./lib/database";
import { serve } from "./lib/serve";
import { loadOrCreateCertificate } from "./lib/tls";

export const TEST_ACCOUNT = { accountId: "TEST-ACC-0001", passcode: "test-passcode-0001" };
const TEST_PORT = Number(process.env.TEST_PORT ?? 3210);
const TEST_HTTPS_PORT = Number(process.env.TEST_HTTPS_PORT ?? TEST_PORT + 1000);
// Overridable so that several test runs can share a checkout (each with its own ports, folder and NEXT_DIST_DIR).
const DATA_DIR = path.resolve(process.env.TEST_DATA_DIR ?? ".data/test");

function run(command: string, args: string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const relay = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
      output += chunk.toString();
      stream.write(chunk);
    };
    child.stdout.on("data", relay(process.stdout));
    child.stderr.on("data", relay(process.stderr));
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

function findTests(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : findTests(full);
    return entry.name.endsWith(".test.ts") ? [full] : [];
  });
}

async function main(): Promise<number> {
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  fs.rmSync(DATA_DIR, { recursive: true, force: true });
  fs.mkdirSync(DATA_DIR, { recursive: true });
  if (process.env.TEST_DATABASE_URL) {
    assertTestDatabaseName(decodeURIComponent(new URL(process.env.TEST_DATABASE_URL).pathname.slice(1)));
    setDatabaseUrl(process.env.TEST_DATABASE_URL);
  } else delete process.env.DATABASE_URL;
  const database = await openDatabase({
    dataDir: path.join(DATA_DIR, "pg"),
    port: Number(process.env.TEST_PG_PORT ?? 54339),
    database: TEST_DATABASE_NAME,
  });
  const env = {
    DATABASE_URL: database.url,
    TAPESTRY_DATA_DIR: DATA_DIR,
    TAPESTRY_ACCOUNT_ID: TEST_ACCOUNT.accountId,
    TAPESTRY_PASSCODE: TEST_ACCOUNT.passcode,
    TAPESTRY_TEST_URL: `http://127.0.0.1:${TEST_PORT}`,
    TAPESTRY_TEST_HTTPS_URL: `https://127.0.0.1:${TEST_HTTPS_PORT}`,
    HTTPS_PORT: String(TEST_HTTPS_PORT),
    // Browser tests sign in many times a minute from one address; the limit itself is tested at this value.
    TAPESTRY_SIGNIN_LIMIT: process.env.TAPESTRY_SIGNIN_LIMIT ?? "60",
    // Playwright connects from 127.0.0.1 and plays a trusted proxy: each test's X-Forwarded-For is its own client
    // address. Other loopback addresses (127.0.0.2) are untrusted clients.
    TAPESTRY_TRUSTED_PROXIES: process.env.TAPESTRY_TRUSTED_PROXIES ?? "127.0.0.1",
    // The browser tests' SDK calls all come from 127.0.0.1; the budget itself is tested in lib (new-device-budget.test.ts).
    TAPESTRY_SDK_NEW_DEVICES_PER_MINUTE: process.env.TAPESTRY_SDK_NEW_DEVICES_PER_MINUTE ?? "100000",
    // The server runs in this process: one log line per request would bury the test report (TAPESTRY_LOG_LEVEL=info shows them).
    TAPESTRY_LOG_LEVEL: process.env.TAPESTRY_LOG_LEVEL ?? "warn",
    // One seed for the fuzz pass (e2e/fuzz) of this run, printed so that a failure can be replayed with npm run fuzz.
    FUZZ_SEED: process.env.FUZZ_SEED ?? String(Math.floor(Math.random() * 2 ** 31)),
  };
  Object.assign(process.env, env);
  let passed = 0;
  let failed = 0;
  try {
    await assertTestDatabase(pool());
    await ensureAccount(pool(), TEST_ACCOUNT);

    console.log("\n== type check, schema drift and lint ==");
    const typecheck = await run(process.execPath, ["node_modules/typescript/bin/tsc", "--noEmit"], env);
    const drift = await run(
      process.execPath,
      [
        "node_modules/prisma/build/index.js",
        "migrate",
        "diff",
        "--from-migrations",
        "prisma/migrations",
        "--to-schema-datamodel",
        "prisma/schema.prisma",
        "--exit-code",
      ],
      env,
    );
    const lint = await run("npm", ["run", "--silent", "lint"], env);
    for (const [name, result] of [
      ["tsc --noEmit", typecheck],
      ["migrations match prisma/schema.prisma", drift],
      ["npm run lint (biome check, line length)", lint],
    ] as const) {
      console.log(`${result.code === 0 ? "ok" : "FAILED"}: ${name}`);
      if (result.code === 0) passed += 1;
      else failed += 1;
    }

    console.log("\n== unit tests (node --test) ==");
    const unit = await run(process.execPath, ["--conditions=react-server", "--import", "tsx", "--test", ...findTests("lib")], env);
    passed += Number(/# pass (\d+)/.exec(unit.output)?.[1] ?? 0);
    failed += Number(/# fail (\d+)/.exec(unit.output)?.[1] ?? (unit.code === 0 ? 0 : 1));

    console.log("\n== build ==");
    buildIfNeeded();
    const tls = await loadOrCreateCertificate({ dataDir: DATA_DIR });
    const server = await serve({ port: TEST_PORT, host: "127.0.0.1", https: { port: TEST_HTTPS_PORT, cert: tls.cert, key: tls.key } });
    try {
      console.log(`\n== end-to-end tests (Playwright; fuzz pass FUZZ_SEED=${env.FUZZ_SEED}) ==`);
      const reportFile = path.join(DATA_DIR, "playwright.json");
      const e2e = await run(process.execPath, ["node_modules/@playwright/test/cli.js", "test", ...process.argv.slice(2)], {
        ...env,
        PLAYWRIGHT_JSON_OUTPUT_NAME: reportFile,
      });
      const stats = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, "utf8")).stats : null;
      passed += (stats?.expected ?? 0) + (stats?.flaky ?? 0);
      failed += stats ? stats.unexpected : 1;
      if (e2e.code !== 0 && failed === 0) failed = 1;
    } finally {
      await server.close();
    }
  } finally {
    await closePools().catch(() => undefined);
    await database.stop();
  }
  console.log(`\n${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Tests did not run: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
