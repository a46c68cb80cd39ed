// Tapestry as separate processes started with `npm start`: PostgreSQL restarted under a running server, the server
// SIGKILLed mid-write and started again, and two app processes sharing one PostgreSQL. One test at a time: they
// share the extra ports (PROCESS_PORT_BASE …+3).
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { type APIRequestContext, expect, request as playwrightRequest, test } from "@playwright/test";
import { startEmbeddedPostgres } from "../../lib/db/embedded-postgres";
import { sql } from "../support/api";
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

/** A POST /1/upload whose body is held back: the request is in flight (it holds a slot) until `finish` is called. */
function stalledUpload(baseUrl: string, headers: Record<string, string>): { answered: Promise<number>; finish: () => void } {
  const body = JSON.stringify({ d: batch(`stalled-${Math.random()}`, 1) });
  const half = Math.floor(body.length / 2);
  let finish = () => {};
  const answered = new Promise<number>((resolve, reject) => {
    const request = http.request(`${baseUrl}/1/upload`, {
      method: "POST",
      headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
    });
    request.on("response", (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    request.on("error", reject);
    request.write(body.slice(0, half));
    finish = () => request.end(body.slice(half));
  });
  return { answered, finish: () => finish() };
}

test("two app processes on one PostgreSQL: one concurrency limit, one profile per identity, exact increments", async () => {
  test.setTimeout(240_000);
  const dir = path.join(DATA_DIR, "two-processes");
  fs.rmSync(dir, { recursive: true, force: true });
  const account = { accountId: "PROC-ACC-TWO", passcode: "proc-passcode-two" };
  const headers = {
    "X-CleverTap-Account-Id": account.accountId,
    "X-CleverTap-Passcode": account.passcode,
    "Content-Type": "application/json",
  };
  const databaseUrl = process.env.DATABASE_URL!;
  const apps: AppProcess[] = [];
  try {
    apps.push(await startApp({ port: PROCESS_PORT_BASE, databaseUrl, dataDir: path.join(dir, "a"), ...account }));
    apps.push(await startApp({ port: PROCESS_PORT_BASE + 2, databaseUrl, dataDir: path.join(dir, "b"), ...account }));
    const [a, b] = await Promise.all(apps.map((app) => playwrightRequest.newContext({ baseURL: app.url, extraHTTPHeaders: headers })));
    expect((await a.post("/1/upload", { data: { d: batch("warm", 1) } })).status()).toBe(200);

    // 15 requests held in flight, 8 through A and 7 through B: the 16th is refused by either process.
    const held = Array.from({ length: 15 }, (_, n) => stalledUpload(apps[n % 2].url, headers));
    await expect
      .poll(
        async () =>
          (
            await sql<{ n: number }>("SELECT count(*)::int AS n FROM api_slot WHERE account_id = $1 AND holder IS NOT NULL", [
              account.accountId,
            ])
          )[0].n,
        { timeout: 30_000 },
      )
      .toBe(15);
    for (const api of [a, b]) {
      const refused = await api.post("/1/upload", { data: { d: batch("over", 1) } });
      expect(refused.status()).toBe(429);
      expect(await refused.json()).toMatchObject({ status: "fail", code: 429 });
    }
    held[0].finish();
    expect(await held[0].answered).toBe(200);
    expect((await b.post("/1/upload", { data: { d: batch("freed", 1) } })).status()).toBe(200); // a slot came free
    for (const request of held.slice(1)) request.finish();
    expect(await Promise.all(held.slice(1).map((request) => request.answered))).toEqual(Array(14).fill(200));

    // Concurrent logins of one identity from 20 devices, through both processes: one profile owns them all.
    const user = `two-proc-${Date.now()}`;
    const devices = Array.from({ length: 20 }, (_, n) => `${String(n).padStart(2, "0")}${"c".repeat(30)}`);
    const post = async (api: APIRequestContext, records: unknown[]) => {
      for (;;) {
        const response = await api.post("/1/upload", { data: { d: records } });
        if (response.status() !== 429) return response;
        await pause(20 + Math.random() * 50);
      }
    };
    const logins = await Promise.all(
      devices.map((guid, n) => post(n % 2 ? b : a, [{ type: "profile", objectId: guid, profileData: { Identity: user } }])),
    );
    for (const response of logins) expect(await response.json()).toMatchObject({ status: "success" });
    const owners = await sql<{ profile_id: string }>(
      "SELECT DISTINCT profile_id::text FROM profile_identity WHERE account_id = $1 AND value = $2",
      [account.accountId, user],
    );
    expect(owners).toHaveLength(1);
    const pointing = await sql<{ profile_id: string }>(
      "SELECT DISTINCT profile_id::text FROM device WHERE account_id = $1 AND guid = ANY($2)",
      [account.accountId, devices],
    );
    expect(pointing).toEqual(owners);

    // 60 increments through both: they sum exactly.
    await Promise.all(
      Array.from({ length: 60 }, (_, n) =>
        post(n % 2 ? b : a, [{ type: "profile", identity: user, profileData: { Points: { $incr: 1 } } }]),
      ),
    );
    const profile = await (await a.get(`/1/profile.json?identity=${user}`)).json();
    expect(profile.record.profileData.Points).toBe(60);
    await Promise.all([a.dispose(), b.dispose()]);
  } finally {
    await Promise.all(apps.map((app) => app.kill()));
  }
});
