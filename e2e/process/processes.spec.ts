// Tapestry as a separate process started with `npm start`: PostgreSQL restarted under a running server. One test at
// a time: tests here share the extra ports (PROCESS_PORT_BASE …+3).
import fs from "node:fs";
import path from "node:path";
import { type APIRequestContext, expect, request as playwrightRequest, test } from "@playwright/test";
import { startEmbeddedPostgres } from "../../lib/db/embedded-postgres";
import { type AppProcess, PROCESS_PORT_BASE, startApp } from "../support/app-process";

test.describe.configure({ mode: "serial" });

const DATA_DIR = path.resolve(process.env.TAPESTRY_DATA_DIR ?? ".data/test", "processes");
const ACCOUNT = { accountId: "PROC-ACC-0001", passcode: "proc-passcode-0001" };
const HEADERS = {
  "X-CleverTap-Account-Id": ACCOUNT.accountId,
  "X-CleverTap-Passcode": ACCOUNT.passcode,
  "Content-Type": "application/json",
};
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const apiOf = (app: AppProcess): Promise<APIRequestContext> =>
  playwrightRequest.newContext({ baseURL: app.url, extraHTTPHeaders: HEADERS });

const batch = (prefix: string, size: number) =>
  Array.from({ length: size }, (_, n) => ({
    type: "profile",
    identity: `${prefix}-${n}`,
    profileData: { Plan: "pro", Visits: { $incr: 1 } },
  }));

test("PostgreSQL restarted under a running server: JSON 503 meanwhile, service resumes by itself", async () => {
  test.setTimeout(240_000);
  const dir = path.join(DATA_DIR, "db-restart");
  fs.rmSync(dir, { recursive: true, force: true });
  const pgOptions = { dataDir: path.join(dir, "pg"), port: Number(process.env.TEST_PG_PORT ?? 54339) + 100 };
  let database = await startEmbeddedPostgres(pgOptions);
  let app: AppProcess | undefined;
  try {
    app = await startApp({ port: PROCESS_PORT_BASE, databaseUrl: database.url, dataDir: path.join(dir, "app"), ...ACCOUNT });
    const api = await apiOf(app);
    expect((await api.post("/1/upload", { data: { d: batch("before", 10) } })).status()).toBe(200);

    // Uploads in flight when the database stops: each ends 200 (done before) or a JSON 503, never a 500.
    const inFlight = Array.from({ length: 6 }, (_, n) => api.post("/1/upload", { data: { d: batch(`inflight-${n}`, 1000) } }));
    await pause(150);
    await database.stop();
    for (const response of await Promise.all(inFlight)) {
      expect([200, 503], await response.text()).toContain(response.status());
      if (response.status() === 503) expect(await response.json()).toMatchObject({ status: "fail", code: 503 });
    }

    // While it is down: REST answers a clear 503 with Retry-After, /health says so, /a still answers its script.
    const down = await api.post("/1/upload", { data: { d: batch("down", 1) } });
    expect(down.status()).toBe(503);
    expect(down.headers()["retry-after"]).toBe("5");
    expect(await down.json()).toEqual({ status: "fail", error: "The database is unavailable; retry in a few seconds", code: 503 });
    expect((await api.get("/1/profile.json?identity=before-1")).status()).toBe(503);
    const health = await api.get("/health");
    expect(health.status()).toBe(503);
    expect(await health.json()).toMatchObject({ status: "fail", database: { ok: false } });
    expect(await (await api.get("/a?t=96&type=page")).text()).toMatch(/^\$WZRK_WR\.s\('[0-9a-f]{32}',\d+,false,0\);$/);

    // Back: the same process serves again within seconds, without a restart.
    database = await startEmbeddedPostgres(pgOptions);
    let status = 0;
    for (const deadline = Date.now() + 20_000; status !== 200 && Date.now() < deadline; await pause(250))
      status = (await api.post("/1/upload", { data: { d: batch("after", 5) } })).status();
    expect(status).toBe(200);
    expect((await api.get("/health")).status()).toBe(200);
    const profile = await api.get("/1/profile.json?identity=before-1");
    expect(await profile.json()).toMatchObject({ status: "success", record: { profileData: { Plan: "pro", Visits: 1 } } });
    expect(app.output().match(/Tapestry is running/g)).toHaveLength(1);
    expect(app.output()).not.toContain('"level":50'); // nothing logged as an error (a 500 would be)
    await api.dispose();
  } finally {
    await app?.kill();
    await database.stop();
  }
});
