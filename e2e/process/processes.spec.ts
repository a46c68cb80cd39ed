// Tapestry as separate processes started with `npm start`: PostgreSQL restarted under a running server, the server
// SIGKILLed mid-write and started again, and two app processes sharing one PostgreSQL. One test at a time: they
// share the extra ports (PROCESS_PORT_BASE …+3).
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { type APIRequestContext, expect, request as playwrightRequest, test } from "@playwright/test";
import LZString from "lz-string";
import { startEmbeddedPostgres } from "../../lib/db/embedded-postgres";
import { checkAccountReplay, checkTables } from "../fuzz/invariants";
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

const headersOf = (account: { accountId: string; passcode: string }) => ({
  "X-CleverTap-Account-Id": account.accountId,
  "X-CleverTap-Passcode": account.passcode,
  "Content-Type": "application/json",
});

/** POST /1/upload through fetch (a request cut by a killed server rejects): status and answer. */
async function postUpload(
  baseUrl: string,
  headers: Record<string, string>,
  records: unknown[],
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${baseUrl}/1/upload`, { method: "POST", headers, body: JSON.stringify({ d: records }) });
  return { status: response.status, body: await response.json() };
}

/** One Web SDK profile push from device `guid` (a guid the server has not seen gets its device and profile). */
const sdkPushUrl = (baseUrl: string, accountId: string, guid: string, profile: Record<string, unknown>) =>
  `${baseUrl}/a?t=96&type=push&rn=1&gc=${guid}&d=${encodeURIComponent(
    LZString.compressToBase64(JSON.stringify({ type: "profile", profile, id: accountId })),
  )}`;

test("SIGKILL in the middle of 1000-record uploads and an SDK burst: each request whole or not at all; retries converge", async () => {
  test.setTimeout(300_000);
  const dir = path.join(DATA_DIR, "sigkill");
  fs.rmSync(dir, { recursive: true, force: true });
  const account = { accountId: `PROC-KILL-${Date.now()}`, passcode: "proc-passcode-kill" };
  const headers = headersOf(account);
  const start = () => startApp({ port: PROCESS_PORT_BASE, databaseUrl: process.env.DATABASE_URL!, dataDir: dir, ...account });

  // Ten keyed uploads of 1000 records (500 profiles: an increment and a value; 500 events), and one without a key of
  // increment-free data; an SDK burst of profile pushes from new devices, 20 at a time, until the server dies.
  const keyed = Array.from({ length: 10 }, (_, u) => ({
    key: `kill-${account.accountId}-${u}`,
    records: Array.from({ length: 500 }, (_, n) => [
      { type: "profile", identity: `k${u}-${n}`, profileData: { Batch: u, Visits: { $incr: 1 } } },
      { type: "event", identity: `k${u}-${n}`, evtName: "Bought", evtData: { Batch: u } },
    ]).flat(),
  }));
  const plain = Array.from({ length: 1000 }, (_, n) => ({ type: "profile", identity: `plain-${n}`, profileData: { Plan: "pro", N: n } }));
  const guidOf = (n: number) => `${n.toString(16).padStart(8, "0")}${"e".repeat(24)}`;
  let sent = 0;

  let app = await start();
  try {
    // The first upload applied on its own; then the other nine, the plain upload and an SDK burst, killed 100 ms later
    // with them in flight. Nine uploads of 1000 records take the server about a second, so the kill always cuts some;
    // sent with the first, group commit could apply all ten before the first answer and the kill would cut none.
    const [first, ...rest] = keyed;
    expect((await postUpload(app.url, { ...headers, "Idempotency-Key": first.key }, first.records)).status).toBe(200);
    const uploads = rest.map(({ key, records }) => postUpload(app.url, { ...headers, "Idempotency-Key": key }, records).catch(() => null));
    const plainUpload = postUpload(app.url, headers, plain).catch(() => null);
    let killed = false;
    const burst = (async () => {
      while (!killed) {
        const wave = Array.from({ length: 20 }, () => sent++);
        await Promise.all(
          wave.map((n) => fetch(sdkPushUrl(app.url, account.accountId, guidOf(n), { Plan: "sdk", N: n })).catch(() => null)),
        );
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 100));
    killed = true; // the burst's wave in flight is the last one
    await app.kill("SIGKILL");
    await Promise.all([...uploads, plainUpload, burst]);

    // Each upload is there whole (its 500 profiles, each with its event) or not at all; so is each SDK push.
    const perUpload = await sql<{ batch: number; profiles: number; complete: number }>(
      `SELECT (p.properties->>'Batch')::int AS batch, count(*)::int AS profiles,
              count(*) FILTER (WHERE p.properties->'Visits' = '1'
                               AND (SELECT count(*) FROM event e WHERE e.profile_id = p.id AND e.name = 'Bought') = 1)::int AS complete
         FROM profile p WHERE p.account_id = $1 AND p.properties ? 'Batch' GROUP BY 1`,
      [account.accountId],
    );
    for (const row of perUpload) expect(row, `upload ${row.batch}`).toEqual({ batch: row.batch, profiles: 500, complete: 500 });
    expect(perUpload.length, "uploads applied before the kill").toBeGreaterThanOrEqual(1);
    expect(perUpload.length, "uploads cut by the kill").toBeLessThan(keyed.length);
    const [plainRows] = await sql<{ n: number }>(
      "SELECT count(*)::int AS n FROM profile WHERE account_id = $1 AND properties->>'Plan' = 'pro'",
      [account.accountId],
    );
    expect([0, 1000]).toContain(plainRows.n);
    const halfPushed = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM device d JOIN profile p ON p.id = d.profile_id
        WHERE d.account_id = $1 AND NOT (p.properties ? 'Plan' AND p.properties ? 'N')`,
      [account.accountId],
    );
    expect(halfPushed[0].n).toBe(0);
    expect(await checkAccountReplay(account.accountId)).toEqual([]);
    expect(await checkTables()).toEqual([]);

    // Started again, every request retried (the keyed uploads with their keys): each applied exactly once.
    app = await start();
    for (const { key, records } of keyed) {
      const retried = await postUpload(app.url, { ...headers, "Idempotency-Key": key }, records);
      expect(retried).toEqual({ status: 200, body: { status: "success", processed: 1000, unprocessed: [] } });
    }
    expect((await postUpload(app.url, headers, plain)).status).toBe(200);
    for (let n = 0; n < sent; n += 20)
      await Promise.all(
        Array.from({ length: Math.min(20, sent - n) }, (_, i) =>
          fetch(sdkPushUrl(app.url, account.accountId, guidOf(n + i), { Plan: "sdk", N: n + i })).then((r) => r.text()),
        ),
      );
    const [totals] = await sql<Record<string, number>>(
      `SELECT count(*) FILTER (WHERE properties ? 'Batch')::int AS keyed,
              count(*) FILTER (WHERE properties ? 'Batch' AND properties->'Visits' <> '1')::int AS doubled,
              (SELECT count(*) FROM event WHERE account_id = $1 AND name = 'Bought')::int AS events,
              count(*) FILTER (WHERE properties->>'Plan' = 'pro')::int AS plain,
              (SELECT count(*) FROM device d JOIN profile p ON p.id = d.profile_id
                WHERE d.account_id = $1 AND p.properties->>'Plan' = 'sdk' AND p.properties ? 'N')::int AS pushed
         FROM profile WHERE account_id = $1`,
      [account.accountId],
    );
    expect(totals).toEqual({ keyed: 5000, doubled: 0, events: 5000, plain: 1000, pushed: sent });
    expect(await checkAccountReplay(account.accountId)).toEqual([]);
    expect(await checkTables()).toEqual([]);
  } finally {
    await app.kill();
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
      agent: false, // a connection of its own: held requests must not queue behind each other
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
  test.setTimeout(300_000);
  const dir = path.join(DATA_DIR, "two-processes");
  fs.rmSync(dir, { recursive: true, force: true });
  const account = { accountId: `PROC-TWO-${Date.now()}`, passcode: "proc-passcode-two" };
  const headers = headersOf(account);
  const databaseUrl = process.env.DATABASE_URL!;
  const apps: AppProcess[] = [];
  try {
    apps.push(await startApp({ port: PROCESS_PORT_BASE, databaseUrl, dataDir: path.join(dir, "a"), ...account }));
    apps.push(await startApp({ port: PROCESS_PORT_BASE + 2, databaseUrl, dataDir: path.join(dir, "b"), ...account }));
    const [a, b] = await Promise.all(apps.map((app) => playwrightRequest.newContext({ baseURL: app.url, extraHTTPHeaders: headers })));
    expect((await a.post("/1/upload", { data: { d: batch("warm", 1) } })).status()).toBe(200);

    // 15 requests held in flight, 8 through A and 7 through B: the 16th is refused by either process.
    const held = Array.from({ length: 15 }, (_, n) => stalledUpload(apps[n % 2].url, headers));
    const heldSlots = async () =>
      (
        await sql<{ n: number }>("SELECT count(*)::int AS n FROM api_slot WHERE account_id = $1 AND holder IS NOT NULL", [
          account.accountId,
        ])
      )[0].n;
    await expect.poll(heldSlots, { timeout: 30_000 }).toBe(15);
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
    expect(await heldSlots()).toBe(0);

    // Through both at once: 20 devices pushing one identity, 20 logins by identity, 60 increments.
    const post = async (api: APIRequestContext, records: unknown[]) => {
      for (;;) {
        const response = await api.post("/1/upload", { data: { d: records } });
        if (response.status() !== 429) return response;
        await pause(20 + Math.random() * 50);
      }
    };
    const user = `two-proc-${Date.now()}`;
    const devices = Array.from({ length: 20 }, (_, n) => `${String(n).padStart(2, "0")}${"c".repeat(30)}`);
    const answers = await Promise.all([
      ...devices.map((guid, n) => post(n % 2 ? b : a, [{ type: "profile", objectId: guid, profileData: { Identity: user } }])),
      ...devices.map((_, n) => post(n % 2 ? a : b, [{ type: "profile", identity: user, profileData: { Points: { $incr: 1 } } }])),
      ...Array.from({ length: 40 }, (_, n) =>
        post(n % 2 ? b : a, [{ type: "profile", identity: user, profileData: { Points: { $incr: 1 } } }]),
      ),
    ]);
    for (const response of answers) expect(await response.json()).toMatchObject({ status: "success" });
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
    const profile = await (await a.get(`/1/profile.json?identity=${user}`)).json();
    expect(profile.record.profileData.Points).toBe(60);
    expect(await checkAccountReplay(account.accountId)).toEqual([]);
    await Promise.all([a.dispose(), b.dispose()]);
  } finally {
    await Promise.all(apps.map((app) => app.kill()));
  }
});

test("a process killed while holding slots: they free themselves within the lease", async () => {
  test.setTimeout(180_000);
  const dir = path.join(DATA_DIR, "dead-slots");
  fs.rmSync(dir, { recursive: true, force: true });
  const account = { accountId: `PROC-DEAD-${Date.now()}`, passcode: "proc-passcode-dead" };
  const headers = headersOf(account);
  const databaseUrl = process.env.DATABASE_URL!;
  const doomed = await startApp({ port: PROCESS_PORT_BASE, databaseUrl, dataDir: path.join(dir, "a"), ...account });
  const survivor = await startApp({ port: PROCESS_PORT_BASE + 2, databaseUrl, dataDir: path.join(dir, "b"), ...account });
  try {
    const held = Array.from({ length: 15 }, () => stalledUpload(doomed.url, headers));
    for (const request of held) request.answered.catch(() => 0);
    await expect
      .poll(
        async () =>
          (
            await sql<{ n: number }>("SELECT count(*)::int AS n FROM api_slot WHERE account_id = $1 AND holder IS NOT NULL", [
              account.accountId,
            ])
          )[0].n,
        {
          timeout: 30_000,
        },
      )
      .toBe(15);
    await doomed.kill("SIGKILL");
    const api = await playwrightRequest.newContext({ baseURL: survivor.url, extraHTTPHeaders: headers });
    expect((await api.post("/1/upload", { data: { d: batch("dead", 1) } })).status()).toBe(429);
    const killedAt = Date.now();
    let status = 429;
    while (status === 429 && Date.now() - killedAt < 45_000) {
      await pause(1000);
      status = (await api.post("/1/upload", { data: { d: batch("dead", 1) } })).status();
    }
    expect(status).toBe(200);
    expect(Date.now() - killedAt).toBeLessThan(40_000); // the lease is 30 s
    await api.dispose();
  } finally {
    await Promise.all([doomed.kill(), survivor.kill()]);
  }
});
