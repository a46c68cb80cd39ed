// Tapestry's start path (scripts/start.ts with the embedded PostgreSQL) in a child process, killed with SIGKILL and
// started again at once on the same data folder: the second start must come back on its own and serve, whatever
// state the first one's database was left in (still running, shutting down, or gone).
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

async function waitServed(port: number, app: ChildProcess, output: () => string): Promise<void> {
  for (const end = Date.now() + 150_000; Date.now() < end; await new Promise((r) => setTimeout(r, 250))) {
    if (app.exitCode !== null) throw new Error(`start exited with ${app.exitCode}:\n${output()}`);
    const answer = await fetch(`http://127.0.0.1:${port}/health`).catch(() => null);
    if (answer?.status === 200) return;
  }
  throw new Error(`not served within 150 s:\n${output()}`);
}

test("after kill -9 of the app, the next start comes back on its own and serves", async () => {
  test.setTimeout(360_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tapestry-restart-"));
  fs.chmodSync(dataDir, 0o755);
  const [port, httpsPort, pgPort] = [await freePort(), await freePort(), await freePort()];
  const env = {
    ...process.env,
    DATABASE_URL: "",
    PORT: String(port),
    HTTPS_PORT: String(httpsPort),
    HOST: "127.0.0.1",
    TAPESTRY_PG_PORT: String(pgPort),
    TAPESTRY_DATA_DIR: dataDir,
    TAPESTRY_SEED: "0",
  };
  const start = () => {
    let output = "";
    // The app process itself (what `npm start` runs through tsx), so that SIGKILL hits the process holding the database.
    const app = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
    app.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    app.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    return { app, output: () => output };
  };
  const stopped = (app: ChildProcess, signal: NodeJS.Signals) => {
    const exited = new Promise((resolve) => app.once("exit", resolve));
    app.kill(signal);
    return exited;
  };

  const first = start();
  try {
    await waitServed(port, first.app, first.output);
  } finally {
    await stopped(first.app, "SIGKILL");
  }
  const second = start();
  try {
    await waitServed(port, second.app, second.output);
    const health = await (await fetch(`http://127.0.0.1:${port}/health`)).json();
    expect(health.database.ok).toBe(true);
  } finally {
    await stopped(second.app, "SIGTERM");
  }
  // A clean stop leaves no postmaster behind.
  await expect.poll(() => fs.existsSync(path.join(dataDir, "pg", "postmaster.pid")), { timeout: 20_000 }).toBe(false);
  fs.rmSync(dataDir, { recursive: true, force: true });
});
