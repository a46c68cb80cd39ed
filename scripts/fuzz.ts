// npm run fuzz: the property-based fuzz suite (e2e/fuzz, fast-check) against a real server and a fresh embedded
// PostgreSQL, longer than the pass npm test runs. FUZZ_SEED replays a run (printed at the start), FUZZ_RUNS sets the
// cases per property (default 300). Ports: TEST_PORT, TEST_HTTPS_PORT, TEST_PG_PORT, as for npm test.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ensureAccount } from "../lib/accounts/ensure-account";
import { closePools, pool } from "../lib/db/pool";
import { buildIfNeeded } from "./lib/build-if-needed";
import { openDatabase } from "./lib/database";
import { serve } from "./lib/serve";

const ACCOUNT = { accountId: "FUZZ-ACC-0001", passcode: "fuzz-passcode-0001" };
const PORT = Number(process.env.TEST_PORT ?? 3210);
const DATA_DIR = path.resolve(process.env.TEST_DATA_DIR ?? ".data/fuzz");

async function main(): Promise<number> {
  const seed = process.env.FUZZ_SEED ?? String(Math.floor(Math.random() * 2 ** 31));
  const runs = process.env.FUZZ_RUNS ?? "300";
  console.log(`Fuzz run: FUZZ_SEED=${seed} FUZZ_RUNS=${runs} (the same two values replay it)`);
  fs.rmSync(DATA_DIR, { recursive: true, force: true });
  fs.mkdirSync(DATA_DIR, { recursive: true });
  delete process.env.DATABASE_URL;
  const database = await openDatabase({ dataDir: path.join(DATA_DIR, "pg"), port: Number(process.env.TEST_PG_PORT ?? 54339) });
  const env = {
    DATABASE_URL: database.url,
    TAPESTRY_DATA_DIR: DATA_DIR,
    TAPESTRY_ACCOUNT_ID: ACCOUNT.accountId,
    TAPESTRY_PASSCODE: ACCOUNT.passcode,
    TAPESTRY_TEST_URL: `http://127.0.0.1:${PORT}`,
    TAPESTRY_SIGNIN_LIMIT: "1000",
    TAPESTRY_LOG_LEVEL: process.env.TAPESTRY_LOG_LEVEL ?? "warn",
    FUZZ_SEED: seed,
    FUZZ_RUNS: runs,
    FUZZ_ALONE: "1", // without the api and browser projects it otherwise waits for
    NEXT_TELEMETRY_DISABLED: "1",
  };
  Object.assign(process.env, env);
  const started = Date.now();
  try {
    await ensureAccount(pool(), ACCOUNT);
    buildIfNeeded();
    const server = await serve({ port: PORT, host: "127.0.0.1" });
    try {
      const child = spawn(process.execPath, ["node_modules/@playwright/test/cli.js", "test", "--project=fuzz", ...process.argv.slice(2)], {
        env: { ...process.env, ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: path.join(DATA_DIR, "playwright.json") },
        stdio: "inherit",
      });
      const code = await new Promise<number>((resolve) => child.on("close", (exit) => resolve(exit ?? 1)));
      console.log(
        `\nFuzz: seed ${seed}, ${runs} cases per property, ${((Date.now() - started) / 1000).toFixed(0)} s, ` +
          `${code === 0 ? "0 failures" : "FAILED"}`,
      );
      return code;
    } finally {
      await server.close();
    }
  } finally {
    await closePools().catch(() => undefined);
    await database.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Fuzz did not run: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
