// Tapestry app processes started as a user would (`npm start`, in a process group of their own so that a test can
// SIGKILL the whole of it), against a database the test chooses. Their stdout is kept (JSON log lines).
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** Ports for extra processes: from the test server's port + 3 (npm test's own ports + 3 … + 6). */
export const PROCESS_PORT_BASE = Number(new URL(process.env.TAPESTRY_TEST_URL ?? "http://127.0.0.1:3210").port) + 3;

export type AppProcess = {
  url: string;
  pid: number;
  output: () => string;
  kill: (signal?: NodeJS.Signals) => Promise<void>;
};

export async function startApp(options: {
  port: number;
  databaseUrl: string;
  dataDir: string;
  accountId: string;
  passcode: string;
  env?: Record<string, string>;
}): Promise<AppProcess> {
  fs.mkdirSync(options.dataDir, { recursive: true });
  const child: ChildProcess = spawn("npm", ["start"], {
    detached: true, // its own process group: npm, tsx and the server die together
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      PORT: String(options.port),
      HTTPS_PORT: String(options.port + 1),
      HOST: "127.0.0.1",
      TAPESTRY_DATA_DIR: path.resolve(options.dataDir),
      TAPESTRY_ACCOUNT_ID: options.accountId,
      TAPESTRY_PASSCODE: options.passcode,
      TAPESTRY_SEED: "0",
      TAPESTRY_LOG_LEVEL: "info",
      ADMIN_PASSWORD: "process-test-admin-pw",
      ...options.env,
    },
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 90_000;
  while (!output.includes("Tapestry is running")) {
    if (child.exitCode !== null || Date.now() > deadline) {
      if (child.exitCode === null) process.kill(-child.pid!, "SIGKILL");
      throw new Error(`npm start did not come up:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    pid: child.pid!,
    output: () => output,
    kill: async (signal = "SIGTERM") => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // already gone
      }
      await exited;
    },
  };
}
