// Crash recovery of the embedded PostgreSQL, with real postgres processes: an app killed with SIGKILL leaves its
// postmaster behind; the watchdog stops it, and a start on the same folder stops a leftover one or clears a stale
// pid file instead of refusing ("lock file postmaster.pid already exists").
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import pg from "pg";
import { startEmbeddedPostgres } from "./embedded-postgres";
import { isRunning, readPostmasterPid } from "./postgres-process";

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await pause(100)) if (condition()) return true;
  return condition();
}

/** An app in a child process that starts the embedded PostgreSQL and reports the pids. */
async function startApp(dataDir: string, port: number): Promise<{ app: ChildProcess; postmaster: number; watchdog: number }> {
  const module = path.resolve(import.meta.dirname, "embedded-postgres.ts");
  const source = `const { startEmbeddedPostgres } = await import(${JSON.stringify(module)});
    const db = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: ${port} });
    console.log(JSON.stringify({ postmaster: db.postmasterPid, watchdog: db.watchdogPid }));
    setInterval(() => {}, 1 << 30);`;
  const app = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", source], { stdio: ["ignore", "pipe", "inherit"] });
  const line = await new Promise<string>((resolve, reject) => {
    let out = "";
    app.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("\n")) resolve(out.trim());
    });
    app.on("exit", (code) => reject(new Error(`the app exited (${code}) before its database started`)));
  });
  return { app, ...JSON.parse(line) };
}

const kill9 = async (child: ChildProcess) => {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
};

async function selectOne(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ one: number }>("SELECT 1 AS one")).rows[0].one;
  } finally {
    await client.end();
  }
}

describe("embedded PostgreSQL after a crash of the app", { timeout: 180_000 }, () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "tapestry-crash-"));
  fs.chmodSync(root, 0o755);
  const dataDir = path.join(root, "pg");
  const leftovers: number[] = [];
  after(async () => {
    for (const pid of leftovers) if (isRunning(pid)) process.kill(pid, "SIGINT");
    await waitFor(() => leftovers.every((pid) => !isRunning(pid)), 10_000);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("the watchdog stops the database when its app is killed with SIGKILL", async () => {
    const port = await freePort();
    const { app, postmaster } = await startApp(dataDir, port);
    leftovers.push(postmaster);
    assert.ok(isRunning(postmaster));
    await kill9(app);
    assert.ok(await waitFor(() => !isRunning(postmaster), 15_000), "the postmaster outlived its app");
  });

  it("a start on the folder of a postmaster left running (its watchdog killed too) stops it and starts cleanly", async () => {
    const port = await freePort();
    const { app, postmaster, watchdog } = await startApp(dataDir, port);
    leftovers.push(postmaster);
    process.kill(watchdog, "SIGKILL");
    await kill9(app);
    await pause(500);
    assert.ok(isRunning(postmaster), "the orphan is still there, holding postmaster.pid");
    const again = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    try {
      assert.equal(isRunning(postmaster), false);
      assert.equal(await selectOne(again.url), 1);
    } finally {
      await again.stop();
    }
    assert.equal(readPostmasterPid(dataDir), null, "a clean stop removes the pid file");
  });

  it("a pid file naming a process that is gone, or no postgres of this folder, is removed", async () => {
    for (const pid of [2 ** 22 + 12345, process.pid]) {
      fs.writeFileSync(path.join(dataDir, "postmaster.pid"), `${pid}\n${dataDir}\n0\n${await freePort()}\n`);
      const again = await startEmbeddedPostgres({ dataDir, port: await freePort() });
      try {
        assert.equal(await selectOne(again.url), 1);
      } finally {
        await again.stop();
      }
    }
  });
});
