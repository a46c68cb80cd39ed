// A benchmark measures a server running in a child process, so that the load generator does not share its event
// loop: the benchmark script is started again with --serve to be that server.
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { serve } from "./serve";

/** Starts `scriptUrl --serve` and resolves once it listens. BENCH_NODE_FLAGS / BENCH_CPU_PROFILE tune the child. */
export async function startServerChild(scriptUrl: string, env: Record<string, string>): Promise<{ child: ChildProcess; exited: Promise<void> }> {
  const child = fork(fileURLToPath(scriptUrl), ["--serve"], {
    env: { ...process.env, ...env },
    execArgv: [
      "--import", "tsx",
      ...(process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(" ") : []),
      // BENCH_CPU_PROFILE=dir writes a CPU profile of the server (open it in Chrome DevTools).
      ...(process.env.BENCH_CPU_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : []),
    ],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
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
