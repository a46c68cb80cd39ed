// GET /health, for load balancers and process supervisors: the process answers, and PostgreSQL answers a trivial
// query within a second. Cheap: concurrent checks share one query, and no credentials are read.
import { pool } from "../db/pool";

export type Health = {
  status: 200 | 503;
  body: { status: "ok" | "fail"; uptimeSeconds: number; database: { ok: boolean; ms?: number; error?: string } };
};

const TIMEOUT_MS = 1000;
let running: Promise<Health["body"]["database"]> | undefined;

async function checkDatabase(): Promise<Health["body"]["database"]> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
  });
  try {
    await Promise.race([pool().query("SELECT 1"), timeout]);
    return { ok: true, ms: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { ok: false, error: typeof code === "string" ? code : error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkHealth(): Promise<Health> {
  running ??= checkDatabase().finally(() => {
    running = undefined;
  });
  const database = await running;
  return {
    status: database.ok ? 200 : 503,
    body: { status: database.ok ? "ok" : "fail", uptimeSeconds: Math.round(process.uptime()), database },
  };
}
