// The embedded PostgreSQL's process, seen from outside: is a postmaster left on our data folder (after a crash of
// the app), stop it, and a watchdog that stops it when the app dies without stopping it (kill -9, OOM).
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** Alive and not a zombie (an exited process nobody reaped still has a pid; it holds nothing). */
export function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === "EPERM";
    }
  }
}

/** postmaster.pid: line 1 the pid, line 2 the data folder. Null when there is none (or it cannot be read). */
export function readPostmasterPid(dataDir: string): { pid: number; dataDir: string } | null {
  try {
    const [pid, dir] = fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n");
    return { pid: Number(pid), dataDir: dir ?? "" };
  } catch {
    return null;
  }
}

/** Is `pid` a postgres server of `dataDir`? (After a reboot or a long time the pid may belong to anything.) */
function isPostmasterOf(pid: number, dataDir: string): boolean {
  try {
    const args = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\u0000");
    return path.basename(args[0] ?? "").startsWith("postgres") && args.some((arg) => path.resolve(arg) === dataDir);
  } catch {
    return false; // no /proc (not Linux): trust the pid file's own data folder line
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await pause(100)) if (!isRunning(pid)) return true;
  return !isRunning(pid);
}

/**
 * Makes the data folder startable after a crash: a postmaster of ours still running (its app was killed) is shut
 * down (fast shutdown: open sessions are rolled back, committed work is on disk), and a pid file of a process that
 * is gone, a zombie, or no postgres of this folder is removed. Returns what it did, for the start-up log.
 */
export async function recoverDataDir(dataDir: string): Promise<"none" | "stale-pid-removed" | "leftover-stopped"> {
  const found = readPostmasterPid(dataDir);
  if (!found) return "none";
  const ours = path.resolve(found.dataDir) === dataDir && (isPostmasterOf(found.pid, dataDir) || !fs.existsSync("/proc"));
  if (!isRunning(found.pid) || !ours) {
    fs.rmSync(path.join(dataDir, "postmaster.pid"), { force: true });
    return "stale-pid-removed";
  }
  process.kill(found.pid, "SIGINT");
  if (await waitForExit(found.pid, 20_000)) return "leftover-stopped";
  process.kill(found.pid, "SIGQUIT"); // immediate shutdown: crash recovery replays the WAL on the next start
  if (await waitForExit(found.pid, 5_000)) return "leftover-stopped";
  throw new Error(`A PostgreSQL (pid ${found.pid}) still runs on ${dataDir} and did not stop: stop it, then start again.`);
}

/** The watchdog's whole program (plain JavaScript for `node -e`): every 300 ms, if the app is gone, fast-shutdown
 * the postmaster it started (only while the pid file still names it), then exit; exit too once the postmaster is. */
const WATCHDOG = `
const fs = require("node:fs");
const [appPid, postmasterPid] = process.argv.slice(1, 3).map(Number);
const pidFile = process.argv[3];
const running = (pid) => {
  try { const s = fs.readFileSync("/proc/" + pid + "/stat", "utf8"); return s.slice(s.lastIndexOf(")") + 2)[0] !== "Z"; }
  catch { try { process.kill(pid, 0); return true; } catch (e) { return e.code === "EPERM"; } }
};
setInterval(() => {
  if (!running(postmasterPid)) process.exit(0);
  if (running(appPid)) return;
  try { if (Number(fs.readFileSync(pidFile, "utf8").split("\\n")[0]) === postmasterPid) process.kill(postmasterPid, "SIGINT"); } catch {}
  process.exit(0);
}, 300);
`;

/** Starts the watchdog as a process of its own (own process group: a kill of the app's group spares it). */
export function watchPostmaster(options: { appPid: number; postmasterPid: number; dataDir: string }): number | undefined {
  const child = spawn(
    process.execPath,
    ["-e", WATCHDOG, String(options.appPid), String(options.postmasterPid), path.join(options.dataDir, "postmaster.pid")],
    { detached: true, stdio: "ignore" },
  );
  child.unref();
  return child.pid;
}
