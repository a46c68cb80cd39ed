// CleverTap's query API (/1/profiles.json, /1/events.json, /1/counts/*, /1/now.json) through the official Node
// library, unmodified, against uploaded data whose answers are known. Every test uses its own event name and Plan,
// so the shared test account's other data never enters the answers.

import CleverTap from "clevertap";
import { ACCOUNT_ID, authHeaders, PASSCODE, unique, upload } from "../support/api";
import { expect, test } from "../support/fixtures";

const DAY = 86_400;
const now = Math.floor(Date.now() / 1000);
const ymd = (secondsAgo: number) => Number(new Date((now - secondsAgo) * 1000).toISOString().slice(0, 10).replace(/-/g, ""));

function client(baseURL: string | undefined) {
  const clevertap = CleverTap.init(ACCOUNT_ID, PASSCODE, CleverTap.REGIONS.EUROPE);
  (clevertap as unknown as { api: { apiEndpoint: string } }).api.apiEndpoint = `${baseURL}/1`;
  return clevertap;
}

/** Seven buyers of a test's own event: amounts 10, 20, … 70, plan "gold" for the odd ones, one two days ago. */
async function seed(request: Parameters<typeof upload>[0]) {
  const tag = unique("q");
  const bought = `Bought ${tag}`;
  const people = Array.from({ length: 7 }, (_, i) => ({
    identity: `${tag}-${i + 1}`,
    amount: (i + 1) * 10,
    plan: i % 2 === 0 ? `gold-${tag}` : `tin-${tag}`,
  }));
  const answer = await upload(request, [
    ...people.map((p) => ({ type: "profile", identity: p.identity, profileData: { Name: p.identity, Plan: p.plan } })),
    ...people.map((p, i) => ({
      type: "event",
      identity: p.identity,
      ts: now - (i === 0 ? 2 * DAY : 60),
      evtName: bought,
      evtData: { Amount: p.amount, Shop: i < 3 ? "web" : "app" },
    })),
    { type: "event", identity: people[1].identity, ts: now - 30, evtName: bought, evtData: { Amount: 5, Shop: "web" } },
  ]);
  expect(answer).toMatchObject({ status: "success", unprocessed: [] });
  return { tag, bought, people };
}

test("profiles and events: cursor paging through the library, event property and profile field filters", async ({ baseURL, request }) => {
  const { bought, people, tag } = await seed(request);
  const clevertap = client(baseURL);
  const query = { event_name: bought, from: ymd(7 * DAY), to: ymd(0) };

  const all = await clevertap.profiles(query, { batchSize: 2 });
  expect(all.map((r) => r.identity).sort()).toEqual(people.map((p) => p.identity).sort());
  expect(all[0]).toHaveProperty("profileData.Plan");
  expect(all[0].events[bought].count).toBeGreaterThanOrEqual(1);

  const rich = await clevertap.profiles(
    {
      ...query,
      event_properties: [{ name: "Amount", operator: "greater_than", value: 30 }],
      common_profile_properties: { profile_fields: [{ name: "Plan", operator: "equals", value: `gold-${tag}` }] },
    },
    { batchSize: 3 },
  );
  expect(rich.map((r) => r.identity).sort()).toEqual([`${tag}-5`, `${tag}-7`]);

  const events = await clevertap.events(
    { ...query, event_properties: [{ name: "Shop", operator: "equals", value: "web" }] },
    { batchSize: 2 },
  );
  expect(events.map((e) => e.event_props.Amount).sort((a, b) => a - b)).toEqual([5, 10, 20, 30]);
  expect(events[0].profile.identity).toMatch(new RegExp(`^${tag}-`));
  expect(String(events[0].ts)).toMatch(/^\d{14}$/);

  // A window that leaves out the purchase two days ago.
  const recent = await clevertap.profiles({ event_name: bought, from: ymd(0), to: ymd(0) }, { batchSize: 10 });
  expect(recent.map((r) => r.identity)).not.toContain(`${tag}-1`);
});

test("counts, top values, trends and real-time counts", async ({ baseURL, request }) => {
  const { bought, tag } = await seed(request);
  const clevertap = client(baseURL);
  const query = { event_name: bought, from: ymd(7 * DAY), to: ymd(0) };

  expect(await clevertap.getProfilesCount(query)).toEqual({ status: "success", count: 7 });
  expect(await clevertap.getEventsCount(query)).toEqual({ status: "success", count: 8 });
  expect(await clevertap.getEventsCount({ ...query, event_properties: [{ name: "Amount", operator: "less_than", value: 25 }] })).toEqual({
    status: "success",
    count: 3,
  });
  expect(
    await clevertap.getProfilesCount({
      ...query,
      common_profile_properties: { profile_fields: [{ name: "Plan", operator: "equals", value: `tin-${tag}` }] },
    }),
  ).toEqual({ status: "success", count: 3 });

  const top = await clevertap.topPropertyCounts({
    ...query,
    groups: {
      shops: { property_type: "event_properties", name: "Shop" },
      plans: { property_type: "profile_fields", name: "Plan", top_n: 1 },
    },
  });
  expect(top).toEqual({ status: "success", shops: { web: 4, app: 4 }, plans: { [`gold-${tag}`]: 4, "-1": 3 } });

  const trends = await clevertap.trends({ ...query, sum_event_prop: "Amount", groups: { daily: { trend_type: "daily" } } });
  expect(trends.status).toBe("success");
  expect(Object.keys(trends.daily)).toHaveLength(8);
  expect(trends.daily[String(ymd(2 * DAY))]).toBe(10);
  expect(Object.values(trends.daily as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(285);
  const unique_ = await clevertap.trends({ ...query, unique: true, groups: { m: { trend_type: "monthly" } } });
  expect(Object.values(unique_.m as Record<string, number>).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(7);

  const live = await clevertap.realTimeCounts({ user_type: true });
  expect(live.status).toBe("success");
  expect(live.users["*"]).toBeGreaterThanOrEqual(7);
  expect(live.users.user_type.new + live.users.user_type.existing).toBe(live.users["*"]);
});

test("cursors: signed, bound to their endpoint, and stable while profiles are written between pages", async ({ request }) => {
  const { bought, people, tag } = await seed(request);
  const query = JSON.stringify({ event_name: bought, from: ymd(7 * DAY), to: ymd(0) });
  const first = await (
    await request.get(`/1/profiles.json?batch_size=3&query=${encodeURIComponent(query)}`, { headers: authHeaders })
  ).json();
  expect(first.status).toBe("success");
  const seen: string[] = [];
  let cursor: string | undefined = first.cursor;
  let pages = 0;
  while (cursor) {
    const page = await (await request.get(`/1/profiles.json?cursor=${cursor}`, { headers: authHeaders })).json();
    expect(page.status).toBe("success");
    seen.push(...page.records.map((r: { identity: string }) => r.identity));
    if (pages === 0) {
      // Between pages: a new buyer arrives and an early one buys again; neither is skipped nor repeated.
      await upload(request, [
        { type: "event", identity: `${tag}-late`, ts: now - 10, evtName: bought, evtData: { Amount: 1 } },
        { type: "event", identity: people[0].identity, ts: now - 5, evtName: bought, evtData: { Amount: 1 } },
      ]);
    }
    cursor = page.next_cursor;
    pages += 1;
  }
  expect(seen.sort()).toEqual([...people.map((p) => p.identity), `${tag}-late`].sort());
  expect(new Set(seen).size).toBe(seen.length);

  const tampered = first.cursor.replace(/^./, (c: string) => (c === "A" ? "B" : "A"));
  for (const [path, cursor_] of [
    ["/1/profiles.json", tampered],
    ["/1/events.json", first.cursor],
    ["/1/profiles.json", "not-a-cursor"],
  ]) {
    const answer = await request.get(`${path}?cursor=${cursor_}`, { headers: authHeaders });
    expect(answer.status()).toBe(400);
    expect((await answer.json()).error).toMatch(/cursor/);
  }
});

test("bad queries get a 400 naming the problem; hostile values stay data", async ({ request }) => {
  for (const [path, body, message] of [
    ["/1/counts/events.json", { from: 20260101, to: 20260102 }, /event_name/],
    ["/1/counts/profiles.json", { event_name: "x", from: 20261399, to: 20261400 }, /YYYYMMDD/],
    [
      "/1/counts/profiles.json",
      { event_name: "x", event_properties: [{ name: "Amount", operator: "greater_than", value: "lots" }] },
      /number/,
    ],
    ["/1/counts/top.json", { event_name: "x", groups: { g: { property_type: "sql", name: "a" } } }, /groups/],
    ["/1/counts/trends.json", { event_name: "x", groups: { g: { trend_type: "daily" } } }, /from and to/],
    ["/1/profiles.json?batch_size=0", { event_name: "x" }, /batch_size/],
  ] as const) {
    const answer = await request.post(path, { headers: authHeaders, data: body });
    expect(answer.status(), path).toBe(400);
    expect((await answer.json()).error).toMatch(message);
  }
  const hostile = await request.post("/1/counts/profiles.json", {
    headers: authHeaders,
    data: {
      event_name: "x'); DROP TABLE profile; --",
      common_profile_properties: { profile_fields: [{ name: "'; --", operator: "equals", value: "\u0000" }] },
    },
  });
  expect(hostile.status()).toBe(400);
  const safe = await request.post("/1/counts/profiles.json", { headers: authHeaders, data: { event_name: "x'); DROP TABLE profile; --" } });
  expect(await safe.json()).toEqual({ status: "success", count: 0 });
  const wrong = await request.post("/1/counts/profiles.json", { headers: { ...authHeaders, "X-CleverTap-Passcode": "nope" }, data: {} });
  expect(wrong.status()).toBe(401);
});
