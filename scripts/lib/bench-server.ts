// A benchmark measures a server running in a child process, so that the load generator does not share its event
// loop: the benchmark script is started again with --serve to be that server.
import { type ChildProcess, fork } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";
import { serve } from "./serve";

/** Starts `scriptUrl --serve` and resolves once it listens. BENCH_NODE_FLAGS / BENCH_CPU_PROFILE tune the child. */
export async function startServerChild(
  scriptUrl: string,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; exited: Promise<void> }> {
  const child = fork(fileURLToPath(scriptUrl), ["--serve"], {
    env: { ...process.env, ...env },
    execArgv: [
      "--import",
      "tsx",
      ...(process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(" ") : []),
      // BENCH_CPU_PROFILE=dir writes a CPU profile of the server (open it in Chrome DevTools).
      ...(process.env.BENCH_CPU_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : []),
    ],
    // The server's request log lines are written (their cost is measured) but not shown; everything else is.
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  readline.createInterface({ input: child.stdout! }).on("line", (line) => {
    if (!line.includes('"msg":"request"')) console.log(line);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, exited };
}

/** The script's entry: the server when started with --serve, else the benchmark itself. */
export function runBench(name: string, port: number, main: () => Promise<void>): void {
  if (process.argv.includes("--serve")) {
    process.on("SIGTERM", () => process.exit(0)); // exit normally, so a CPU profile is written
    serve({ port, host: "127.0.0.1" }).then(
      () => process.send?.("ready"),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
    return;
  }
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}

/** CPU time (user + system, ms) used so far by the server process and by all PostgreSQL processes, from /proc
 * (Linux; null elsewhere): where a request's cost goes. */
export function cpuMs(serverPid: number | undefined): { server: number; postgres: number } | null {
  const of = (pid: string) => {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
    const ms = (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in clock ticks of 10 ms
    return { name: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")), ms };
  };
  try {
    let postgres = 0;
    for (const pid of fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
      try {
        const process = of(pid);
        if (process.name === "postgres") postgres += process.ms;
      } catch {
        // gone meanwhile
      }
    }
    return { server: of(String(serverPid)).ms, postgres };
  } catch {
    return null;
  }
}

/** The benchmark's own database folder under .data/. It keeps every earlier run's rows, so later runs write into
 * larger indexes; BENCH_FRESH=1 starts from an empty database, for steadier comparisons between commits. */
export function benchDataDir(dataDir: string, name: string): string {
  const dir = path.join(dataDir, name);
  if (process.env.BENCH_FRESH === "1") fs.rmSync(dir, { recursive: true, force: true });
  return dir;
}
