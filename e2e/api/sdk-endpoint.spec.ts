// /a as the SDK's transports see it, and what it does with bad input: every call gets a valid answer (JSONP or JSON),
// and bad input writes nothing. Payloads are built the way the SDK builds them (LZ-String base64, URL-encoded).
import type { APIRequestContext } from "@playwright/test";
import LZString from "lz-string";
import { lzBomb } from "../../lib/clevertap/sdk/lz-bomb";
import { ACCOUNT_ID, newGuid, sql, unique } from "../support/api";
import { expect, test } from "../support/fixtures";

const HTTPS = process.env.TAPESTRY_TEST_HTTPS_URL ?? "https://127.0.0.1:3443";
const JSONP = /^\$WZRK_WR\.s\('([0-9a-f]{32}(?::OO)?)',(\d+),(true|false),(\d+)(?:,(true|false))?\);$/;

const encode = (payload: unknown) => encodeURIComponent(LZString.compressToBase64(JSON.stringify(payload)));

function sdkUrl(query: { type: string; d?: string; rn?: number; gc?: string; extra?: string; createdAt?: number }): string {
  const parts = [`t=96`, `type=${query.type}`];
  if (query.d !== undefined) parts.push(`d=${query.d}`);
  parts.push(`rn=${query.rn ?? 1}`, `i=${query.createdAt ?? Math.floor(Date.now() / 1000)}`, `sn=0`);
  if (query.gc) parts.push(`gc=${query.gc}`);
  parts.push(`tries=1`, `origin=http%3A%2F%2Fshop.test`, `useIP=false`, `r=${Date.now()}`);
  if (query.extra) parts.push(query.extra);
  return `/a?${parts.join("&")}`;
}

async function callJsonp(request: APIRequestContext, url: string, base = "") {
  const response = await request.get(base + url);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/javascript");
  const body = await response.text();
  const match = JSONP.exec(body);
  expect(match, body.slice(0, 200)).not.toBeNull();
  return {
    guid: match![1],
    sid: Number(match![2]),
    resume: match![3] === "true",
    rn: Number(match![4]),
    optOut: match![5] === undefined ? null : match![5] === "true",
  };
}

const devicesWith = (guid: string) => sql("SELECT 1 FROM device WHERE guid = $1", [guid]);
const eventsWith = (guid: string) => sql("SELECT 1 FROM event WHERE device_guid = $1", [guid]);

async function newDevice(request: APIRequestContext): Promise<{ guid: string; profileId: number }> {
  const answer = await callJsonp(request, sdkUrl({ type: "page", d: encode({ id: ACCOUNT_ID, cpg: "http://shop.test/", pg: 1 }) }));
  const rows = await sql<{ profile_id: number }>("SELECT profile_id FROM device WHERE guid = $1", [answer.guid]);
  expect(rows).toHaveLength(1);
  return { guid: answer.guid, profileId: Number(rows[0].profile_id) };
}

const propertiesOf = async (profileId: number) =>
  (await sql<{ properties: Record<string, unknown> }>("SELECT properties FROM profile WHERE id = $1", [profileId]))[0].properties;

test("JSONP answer: a new 32-hex guid, the session echoed, rn echoed as a number, a page view stored", async ({ request }) => {
  const answer = await callJsonp(
    request,
    sdkUrl({
      type: "page",
      rn: 7,
      d: encode({ id: ACCOUNT_ID, s: 1795885467, cpg: "http://shop.test/?utm_source=x", referrer: "news.test", us: "x", pg: 1 }),
    }),
  );
  expect(answer).toMatchObject({ sid: 1795885467, resume: false, rn: 7, optOut: null });
  const events = await sql<{ name: string; properties: Record<string, unknown> }>(
    "SELECT name, properties FROM event WHERE device_guid = $1",
    [answer.guid],
  );
  expect(events).toEqual([
    { name: "Page Viewed", properties: { URL: "http://shop.test/?utm_source=x", Referrer: "news.test", "UTM Source": "x" } },
  ]);
});

test("without a session the sid is now; a known gc is answered as itself; isOUL answers resume", async ({ request }) => {
  const before = Math.floor(Date.now() / 1000);
  const { guid } = await newDevice(request);
  const ping = await callJsonp(request, sdkUrl({ type: "ping", gc: guid, d: encode({ id: ACCOUNT_ID }) }));
  expect(ping.guid).toBe(guid);
  expect(ping.sid).toBeGreaterThanOrEqual(before);
  const oul = await callJsonp(
    request,
    sdkUrl({ type: "push", d: encode({ type: "profile", profile: { Name: "Kept" }, id: ACCOUNT_ID, g: guid, isOUL: true }) }),
  );
  expect(oul).toMatchObject({ guid, resume: true });
  const rows = await sql<{ properties: Record<string, unknown> }>(
    "SELECT p.properties FROM profile p JOIN device d ON d.profile_id = p.id WHERE d.guid = $1",
    [guid],
  );
  expect(rows[0].properties.Name).toBe("Kept");
});

test("fetch mode: JSON meta with CORS, and the preflight the custom header needs", async ({ request }) => {
  const preflight = await request.fetch("/a?t=96", {
    method: "OPTIONS",
    headers: {
      Origin: "http://shop.test",
      "Access-Control-Request-Method": "GET",
      "Access-Control-Request-Headers": "x-clevertap-encryption-enabled",
    },
  });
  expect(preflight.status()).toBe(204);
  expect(preflight.headers()["access-control-allow-origin"]).toBe("http://shop.test");
  expect(preflight.headers()["access-control-allow-headers"]).toContain("x-clevertap-encryption-enabled");

  const response = await request.get(
    sdkUrl({ type: "page", rn: 3, d: encode({ id: ACCOUNT_ID, cpg: "http://shop.test/", s: 1795885500 }) }),
    {
      headers: { Accept: "application/json", "X-CleverTap-Encryption-Enabled": "true", Origin: "http://shop.test" },
    },
  );
  expect(response.status()).toBe(200);
  expect(response.headers()["access-control-allow-origin"]).toBe("http://shop.test");
  const body = await response.json();
  expect(body.meta).toMatchObject({ sid: 1795885500, rf: false, rn: 3 });
  expect(body.meta.g).toMatch(/^[0-9a-f]{32}$/);
  expect(await devicesWith(body.meta.g)).toHaveLength(1);
});

test("a corrupt d still gets a valid answer and writes nothing", async ({ request }) => {
  for (const d of ["%25%25not-lz%25", "AAAAAAAA", encodeURIComponent(LZString.compressToBase64("[1,2,3]")), ""]) {
    const answer = await callJsonp(request, sdkUrl({ type: "push", d, rn: 4 }));
    expect(answer.rn).toBe(4);
    expect(await devicesWith(answer.guid)).toHaveLength(0);
  }
  const noD = await callJsonp(request, "/a");
  expect(noD.rn).toBe(0);
});

test("an unknown account gets a fresh guid and records nothing", async ({ request }) => {
  const gc = newGuid();
  const answer = await callJsonp(
    request,
    sdkUrl({ type: "push", gc, d: encode({ type: "event", evtName: "Nope", evtData: {}, id: unique("NO-SUCH-ACCOUNT") }) }),
  );
  expect(answer.guid).not.toBe(gc);
  expect(await devicesWith(gc)).toHaveLength(0);
  expect(await devicesWith(answer.guid)).toHaveLength(0);
  expect(await eventsWith(gc)).toHaveLength(0);
});

test("an oversize payload is answered and changes nothing", async ({ request }) => {
  const { guid, profileId } = await newDevice(request);
  const before = await propertiesOf(profileId);
  const huge = "x".repeat(20_000);
  const tooBig = await callJsonp(
    request,
    sdkUrl({ type: "push", gc: guid, d: encode({ type: "profile", profile: { Note: huge, Other: 1 }, id: ACCOUNT_ID }) }),
  );
  expect(tooBig.guid).toBe(guid);
  const tooMany = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, i]));
  await callJsonp(request, sdkUrl({ type: "push", gc: guid, d: encode({ type: "profile", profile: tooMany, id: ACCOUNT_ID }) }));
  expect(await propertiesOf(profileId)).toEqual(before);
  expect(await sql("SELECT 1 FROM event WHERE device_guid = $1 AND name <> 'Page Viewed'", [guid])).toHaveLength(0);
});

test("a 1 MB query string over HTTPS gets a valid answer and writes nothing", async ({ request }) => {
  const junk = "A".repeat(1024 * 1024);
  const answer = await callJsonp(request, sdkUrl({ type: "push", rn: 9, d: junk }), HTTPS);
  expect(answer.rn).toBe(9);
  expect(await devicesWith(answer.guid)).toHaveLength(0);
  const bigValid = await callJsonp(
    request,
    sdkUrl({ type: "push", rn: 10, d: encode({ type: "event", evtName: "Big", evtData: { a: "y".repeat(1024 * 1024) }, id: ACCOUNT_ID }) }),
    HTTPS,
  );
  expect(await devicesWith(bigValid.guid)).toHaveLength(0);
});

test("poison records through /a: a prototype-named key is stored, an unpaired surrogate is refused, the script still answers", async ({
  request,
}) => {
  const { guid, profileId } = await newDevice(request);
  const push = (profile: string) =>
    callJsonp(
      request,
      sdkUrl({
        type: "push",
        gc: guid,
        d: encodeURIComponent(LZString.compressToBase64(`{"type":"profile","profile":${profile},"id":"${ACCOUNT_ID}"}`)),
      }),
    );
  expect((await push('{"toString":"x","__proto__":"p","Plan":"ok"}')).guid).toBe(guid);
  expect((await push('{"Plan":"bad\\ud800"}')).guid).toBe(guid);
  expect((await push('{"k\\udc00":1}')).guid).toBe(guid);
  const event = await callJsonp(
    request,
    sdkUrl({ type: "push", gc: guid, d: encode({ type: "event", evtName: "Paid\ud800", evtData: {}, id: ACCOUNT_ID }) }),
  );
  expect(event.guid).toBe(guid);
  const properties = await propertiesOf(profileId);
  expect(properties).toMatchObject({ toString: "x", Plan: "ok" });
  expect(Object.getOwnPropertyDescriptor(properties, "__proto__")?.value).toBe("p");
  expect(await sql("SELECT 1 FROM event WHERE device_guid = $1 AND name LIKE 'Paid%'", [guid])).toHaveLength(0);
});

test("a decompression bomb in d is answered with the script in well under a second, and the server stays up", async ({ request }) => {
  // ≈ 250 KB of back-to-back "new dictionary entry" codes: lz-string itself would build gigabytes of text from it.
  for (const d of [lzBomb(250_000), lzBomb(48_000)]) {
    const started = Date.now();
    const answer = await callJsonp(request, sdkUrl({ type: "page", rn: 5, d: encodeURIComponent(d) }), HTTPS);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(answer.rn).toBe(5);
    expect(await devicesWith(answer.guid)).toHaveLength(0);
  }
  await newDevice(request); // still serving
});

test("a hostile gc is never echoed into the script", async ({ request }) => {
  const response = await request.get(sdkUrl({ type: "ping", gc: encodeURIComponent("');alert(1);//"), d: encode({ id: ACCOUNT_ID }) }));
  const body = await response.text();
  expect(body).toMatch(JSONP);
  expect(body).not.toContain("alert");
});

test("privacy opt-out: the :OO guid contract, nothing recorded until opt-in", async ({ request }) => {
  const { guid, profileId } = await newDevice(request);
  const out = await callJsonp(
    request,
    sdkUrl({ type: "push", gc: guid, extra: "optOut=true", d: encode({ type: "profile", profile: { ct_optout: true }, id: ACCOUNT_ID }) }),
  );
  expect(out).toMatchObject({ guid: `${guid}:OO`, optOut: true });
  expect((await sql<{ opted_out: boolean }>("SELECT opted_out FROM device WHERE guid = $1", [guid]))[0].opted_out).toBe(true);
  expect(Object.keys(await propertiesOf(profileId))).not.toContain("ct_optout");

  const ignored = await callJsonp(
    request,
    sdkUrl({ type: "push", gc: `${guid}:OO`, d: encode({ type: "event", evtName: "While Out", id: ACCOUNT_ID }) }),
  );
  expect(ignored.guid).toBe(`${guid}:OO`);
  await callJsonp(request, sdkUrl({ type: "push", gc: guid, d: encode({ type: "profile", profile: { Secret: 1 }, id: ACCOUNT_ID }) }));
  expect(await sql("SELECT 1 FROM event WHERE device_guid = $1 AND name = 'While Out'", [guid])).toHaveLength(0);
  expect((await propertiesOf(profileId)).Secret).toBeUndefined();

  const back = await callJsonp(
    request,
    sdkUrl({
      type: "push",
      gc: `${guid}:OO`,
      extra: "optOut=false",
      d: encode({ type: "profile", profile: { ct_optout: false }, id: ACCOUNT_ID }),
    }),
  );
  expect(back).toMatchObject({ guid, optOut: false });
  await callJsonp(request, sdkUrl({ type: "push", gc: guid, d: encode({ type: "event", evtName: "Back In", id: ACCOUNT_ID }) }));
  expect(await sql("SELECT 1 FROM event WHERE device_guid = $1 AND name = 'Back In'", [guid])).toHaveLength(1);
});

test("events and pings of a known device: stored on its profile; last seen moves when a minute has passed", async ({ request }) => {
  const { guid, profileId } = await newDevice(request);
  const seen = async () => {
    const [row] = await sql<{ device: Date; profile: Date }>(
      "SELECT d.last_seen AS device, p.last_seen AS profile FROM device d JOIN profile p ON p.id = d.profile_id WHERE d.guid = $1",
      [guid],
    );
    return { device: new Date(row.device).getTime(), profile: new Date(row.profile).getTime() };
  };
  const first = await seen();
  const now = Math.floor(Date.now() / 1000);
  const event = (name: string, createdAt: number) =>
    callJsonp(
      request,
      sdkUrl({ type: "push", gc: guid, createdAt, d: encode({ type: "event", evtName: name, evtData: { n: 1 }, id: ACCOUNT_ID }) }),
    );

  await event("Soon After", now + 20);
  const events = await sql<{ profile_id: string; ts: Date }>(
    "SELECT profile_id, ts FROM event WHERE device_guid = $1 AND name = 'Soon After'",
    [guid],
  );
  expect(events.map((row) => [Number(row.profile_id), new Date(row.ts).getTime()])).toEqual([[profileId, (now + 20) * 1000]]);
  expect(await seen()).toEqual(first); // within the minute: no row rewritten

  await event("Later", now + 120);
  expect(await seen()).toEqual({ device: (now + 120) * 1000, profile: (now + 120) * 1000 });
  await callJsonp(request, sdkUrl({ type: "ping", gc: guid, createdAt: now + 240, d: encode({ id: ACCOUNT_ID }) }));
  expect(await seen()).toEqual({ device: (now + 240) * 1000, profile: (now + 240) * 1000 });
});

test("concurrent calls from many devices are written together: each lands on its own profile with its own request id", async ({
  request,
}) => {
  const devices = await Promise.all(Array.from({ length: 8 }, () => newDevice(request)));
  const calls = devices.flatMap(({ guid }) => [
    ...Array.from({ length: 5 }, (_, n) =>
      sdkUrl({ type: "push", gc: guid, rn: 2 + n, d: encode({ type: "event", evtName: "Burst", evtData: { n }, id: ACCOUNT_ID }) }),
    ),
    // Each call its own request number, as the SDK numbers them (the same call twice is a replay, written once).
    ...Array.from({ length: 3 }, (_, n) =>
      sdkUrl({ type: "push", gc: guid, rn: 7 + n, d: encode({ type: "profile", profile: { Visits: { $incr: 1 } }, id: ACCOUNT_ID }) }),
    ),
  ]);
  const answers = await Promise.all(calls.map((url) => callJsonp(request, url)));
  expect(answers.map((answer) => answer.guid)).toEqual(devices.flatMap(({ guid }) => Array(8).fill(guid)));

  for (const { guid, profileId } of devices) {
    const events = await sql<{ profile_id: string; n: number; request_id: string }>(
      "SELECT profile_id, (properties ->> 'n')::int AS n, request_id FROM event WHERE device_guid = $1 AND name = 'Burst' ORDER BY n",
      [guid],
    );
    expect(events.map((e) => [Number(e.profile_id), e.n])).toEqual([0, 1, 2, 3, 4].map((n) => [profileId, n]));
    expect(new Set(events.map((e) => e.request_id)).size).toBe(5);
    expect((await propertiesOf(profileId)).Visits).toBe(3);
    const sets = await sql<{ actor: string; request_id: string }>(
      'SELECT actor, request_id FROM profile_change_set WHERE profile_id = $1 AND changes::jsonb @> \'[{"key":"Visits"}]\'',
      [profileId],
    );
    expect(sets).toHaveLength(3);
    expect(sets.every((set) => set.actor === `sdk:${guid}`)).toBe(true);
    expect(new Set(sets.map((set) => set.request_id)).size).toBe(3);
  }

  // Written together: rows inserted by one transaction carry its id (xmin), so fewer transactions than calls means
  // calls shared them. Written call by call, each call's event and change set would have a transaction of its own.
  const guids = devices.map((device) => device.guid);
  const profileIds = devices.map((device) => device.profileId);
  const [events] = await sql<{ calls: number; transactions: number }>(
    `SELECT count(DISTINCT request_id)::int AS calls, count(DISTINCT xmin::text)::int AS transactions
       FROM event WHERE device_guid = ANY($1) AND name = 'Burst'`,
    [guids],
  );
  expect(events!.calls).toBe(40);
  expect(events!.transactions).toBeLessThan(events!.calls);
  const [sets] = await sql<{ calls: number; transactions: number }>(
    `SELECT count(DISTINCT request_id)::int AS calls, count(DISTINCT xmin::text)::int AS transactions
       FROM profile_change_set WHERE profile_id = ANY($1) AND changes::jsonb @> '[{"key":"Visits"}]'`,
    [profileIds],
  );
  expect(sets!.calls).toBe(24);
  expect(sets!.transactions).toBeLessThan(sets!.calls);
});

test("a call the SDK fires again from its backup queue is written once; another call with the same payload is not a replay", async ({
  request,
}) => {
  const createdAt = Math.floor(Date.now() / 1000);
  const first = encode({ type: "page", id: ACCOUNT_ID, pg: 1 });
  // A first call: no guid yet. Its replay (fired again with the guid it was given) must not add a second page view.
  const { guid } = await callJsonp(request, sdkUrl({ type: "page", d: first, rn: 1, createdAt }));
  await callJsonp(request, `${sdkUrl({ type: "page", d: first, rn: 1, createdAt, gc: guid })}&s=${createdAt}`);
  const pageViews = () => sql("SELECT 1 FROM event WHERE device_guid = $1 AND name = 'Page Viewed'", [guid]);
  expect(await pageViews()).toHaveLength(1);

  // An increment and an event in flight twice (same i, sn, rn and d): applied once, answered the same both times.
  const push = (payload: Record<string, unknown>, rn: number) =>
    callJsonp(request, sdkUrl({ type: "push", gc: guid, rn, createdAt, d: encode({ ...payload, id: ACCOUNT_ID }) }));
  await push({ type: "profile", profile: { Points: 10 } }, 2);
  const increment = { type: "profile", profile: { Points: { $incr: 5 } } };
  const answers = await Promise.all([push(increment, 3), push(increment, 3), push(increment, 3)]);
  expect(answers.map((answer) => answer.guid)).toEqual([guid, guid, guid]);
  await push({ type: "event", evtName: "Replayed", evtData: { n: 1 } }, 4);
  await push({ type: "event", evtName: "Replayed", evtData: { n: 1 } }, 4);
  const [profile] = await sql<{ properties: { Points: number } }>(
    "SELECT p.properties FROM profile p JOIN device d ON d.profile_id = p.id WHERE d.guid = $1",
    [guid],
  );
  expect(profile.properties.Points).toBe(15);
  expect(await sql("SELECT 1 FROM event WHERE device_guid = $1 AND name = 'Replayed'", [guid])).toHaveLength(1);

  // The same payload in a call of its own (another rn) is a second event; a call without the SDK's stamp is never a replay.
  await push({ type: "event", evtName: "Replayed", evtData: { n: 1 } }, 5);
  const d = encode({ type: "event", evtName: "Replayed", evtData: { n: 1 }, id: ACCOUNT_ID });
  await callJsonp(request, `/a?t=96&type=push&d=${d}&gc=${guid}`);
  await callJsonp(request, `/a?t=96&type=push&d=${d}&gc=${guid}`);
  expect(await sql("SELECT 1 FROM event WHERE device_guid = $1 AND name = 'Replayed'", [guid])).toHaveLength(4);
});
