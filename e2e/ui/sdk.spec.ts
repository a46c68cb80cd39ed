// The unmodified official Web SDK (clevertap-web-sdk, served by /demo/sdk.js) in Debian Chromium against the real
// server over HTTPS (the demo page targets 127.0.0.1:<HTTPS port>; the test trusts the local certificate through
// ignoreHTTPSErrors). Every test has its own browser context (clean storage) and checks the database and REST API.
import type { Browser, Page } from "@playwright/test";
import { authHeaders, profileOfDevice as profileOf, sql, unique } from "../support/api";
import { expect, test } from "../support/fixtures";

type Sdk = {
  onUserLogin: { push(login: unknown): void };
  profile: { push(profile: unknown): void };
  event: { push(name: string, data?: unknown): void };
  clear(): void;
  getCleverTapID(): string | null;
};

async function openShop(browser: Browser): Promise<{ page: Page; guid: string }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/demo");
  await expect(page.getByTestId("sdk-status")).toHaveText("ready");
  const guid = await waitForGuid(page);
  return { page, guid };
}

async function waitForGuid(page: Page, not?: string): Promise<string> {
  const handle = await page.waitForFunction(
    (previous) => {
      const id = (window as unknown as { clevertap?: Sdk }).clevertap?.getCleverTapID();
      return id && id !== previous ? id : null;
    },
    not ?? null,
    { timeout: 20_000 },
  );
  return (await handle.jsonValue()) as string;
}

const login = (page: Page, site: Record<string, unknown>) =>
  page.evaluate((s) => (window as unknown as { clevertap: Sdk }).clevertap.onUserLogin.push({ Site: s }), site);
const sendEvent = (page: Page, name: string, data?: Record<string, unknown>) =>
  page.evaluate(([n, d]) => (window as unknown as { clevertap: Sdk }).clevertap.event.push(n as string, d ?? undefined), [
    name,
    data ?? null,
  ] as const);

async function waitForProfileOf(guid: string): Promise<number> {
  await expect.poll(() => profileOf(guid), { timeout: 15_000 }).toBeDefined();
  return (await profileOf(guid))!;
}

async function profileRow(id: number) {
  const rows = await sql<{ identified: boolean; properties: Record<string, unknown>; property_types: Record<string, string> }>(
    "SELECT identified, properties, property_types FROM profile WHERE id = $1",
    [id],
  );
  return rows[0];
}

const eventsOf = (profileId: number, name: string) =>
  sql<{ device_guid: string; properties: Record<string, unknown>; source: string }>(
    "SELECT device_guid, properties, source FROM event WHERE profile_id = $1 AND name = $2 ORDER BY id",
    [profileId, name],
  );

async function profilesWithEvent(name: string): Promise<number[]> {
  const rows = await sql<{ profile_id: number }>("SELECT DISTINCT profile_id FROM event WHERE name = $1", [name]);
  return rows.map((row) => Number(row.profile_id));
}

test("a first visit creates one anonymous profile with a page view; a reload keeps the guid", async ({ browser, request }) => {
  const { page, guid } = await openShop(browser);
  expect(guid).toMatch(/^[0-9a-f]{32}$/);
  const profileId = await waitForProfileOf(guid);
  expect((await profileRow(profileId)).identified).toBe(false);
  await expect.poll(async () => (await eventsOf(profileId, "Page Viewed")).length).toBe(1);
  const [view] = await eventsOf(profileId, "Page Viewed");
  expect(view.properties.URL).toContain("/demo");
  expect(view.source).toBe("sdk");
  expect(view.device_guid).toBe(guid);

  await page.reload();
  await expect(page.getByTestId("sdk-status")).toHaveText("ready");
  expect(await waitForGuid(page)).toBe(guid);
  await expect.poll(async () => (await eventsOf(profileId, "Page Viewed")).length).toBe(2);
  expect(await sql("SELECT 1 FROM device WHERE profile_id = $1", [profileId])).toHaveLength(1);

  const body = await (await request.get(`/1/profile.json?objectId=${guid}`, { headers: authHeaders })).json();
  expect(body.status).toBe("success");
  expect(body.record.platformInfo).toEqual([{ platform: "Web", objectId: guid }]);
  expect(body.record.events["Page Viewed"].count).toBe(2);
});

test("the demo's push, increment, decrement, list and purchase controls reach the profile with the right types", async ({ browser }) => {
  const { page, guid } = await openShop(browser);
  const profileId = await waitForProfileOf(guid);

  const push = page.getByRole("region", { name: "Push profile properties" });
  await push.getByLabel("Name", { exact: true }).fill("Ada Demo");
  await push.getByLabel("Phone (+country code)").fill("+14155551234");
  await push.getByLabel("Date of birth").fill("1990-05-17");
  await push.getByLabel("Custom property name").fill("Score");
  await push.getByLabel("Custom property value").fill("10");
  await push.getByLabel("MSG-email").selectOption("false");
  await push.getByLabel("MSG-sms").selectOption("true");
  await push.getByRole("button", { name: "Push" }).click();
  await expect.poll(async () => (await profileRow(profileId)).properties.Score, { timeout: 15_000 }).toBe(10);
  const pushed = await profileRow(profileId);
  expect(pushed.properties).toMatchObject({
    Name: "Ada Demo",
    Phone: "+14155551234",
    DOB: Date.UTC(1990, 4, 17) / 1000,
    "MSG-email": false,
    "MSG-sms": true,
  });
  expect(pushed.property_types).toMatchObject({ Score: "integer", DOB: "date", "MSG-email": "boolean", Name: "string" });

  const counters = page.getByRole("region", { name: "Increment / decrement" });
  await counters.getByLabel("Increment by").fill("5");
  await counters.getByRole("button", { name: "Increment" }).click();
  await expect.poll(async () => (await profileRow(profileId)).properties.Score).toBe(15);
  await counters.getByLabel("Decrement by").fill("3");
  await counters.getByRole("button", { name: "Decrement" }).click();
  await expect.poll(async () => (await profileRow(profileId)).properties.Score).toBe(12);

  const lists = page.getByRole("region", { name: "List (multi-value) properties" });
  await lists.getByLabel("Values (comma separated)").fill("tea, books, hiking");
  await lists.getByRole("button", { name: "Add values" }).click();
  await expect.poll(async () => (await profileRow(profileId)).properties.Interests).toEqual(["tea", "books", "hiking"]);
  await lists.getByLabel("Values (comma separated)").fill("books");
  await lists.getByRole("button", { name: "Remove values" }).click();
  await expect.poll(async () => (await profileRow(profileId)).properties.Interests).toEqual(["tea", "hiking"]);
  expect((await profileRow(profileId)).property_types.Interests).toBe("list");

  await page.getByRole("button", { name: "Add to cart" }).first().click();
  await page.getByRole("button", { name: "Buy (Charged)" }).click();
  await expect.poll(async () => (await eventsOf(profileId, "Charged")).length).toBe(1);
  const [charged] = await eventsOf(profileId, "Charged");
  expect(charged.properties).toMatchObject({ Amount: 4.5, Items: [{ "Product name": "Green tea", Price: 4.5, Quantity: 1 }] });
  const sources = await sql<{ source: string }>("SELECT DISTINCT source FROM profile_change_set WHERE profile_id = $1", [profileId]);
  expect(sources.map((row) => row.source)).toEqual(["sdk"]);
});

const LOGINS =
  "logins: the first keeps the anonymous history, the same user appends, another user gets a new profile, " +
  "switching back resumes, clear() starts anonymous";
test(LOGINS, async ({ browser }) => {
  const u1 = unique("sdk-u1");
  const u2 = unique("sdk-u2");
  const tag = unique("ev");
  const { page, guid: g1 } = await openShop(browser);
  const p1 = await waitForProfileOf(g1);
  await sendEvent(page, "Browsed", { Section: "home" });
  await expect.poll(async () => (await eventsOf(p1, "Browsed")).length).toBe(1);

  // First login on this anonymous device (a plain push): the same profile becomes identified, its history stays.
  await login(page, { Identity: u1, Email: `${u1}@example.com`, Name: "First" });
  await expect.poll(async () => (await profileRow(p1)).identified, { timeout: 15_000 }).toBe(true);
  expect((await profileRow(p1)).properties).toMatchObject({ Identity: u1, Email: `${u1}@example.com`, Name: "First" });
  expect(await eventsOf(p1, "Page Viewed")).toHaveLength(1);
  expect(await eventsOf(p1, "Browsed")).toHaveLength(1);

  // The same user again: same guid, same profile, values appended.
  await login(page, { Identity: u1, Name: "First Again", Plan: "gold" });
  await expect.poll(async () => (await profileRow(p1)).properties.Plan, { timeout: 15_000 }).toBe("gold");
  expect((await profileRow(p1)).properties.Name).toBe("First Again");
  expect(await page.evaluate(() => (window as unknown as { clevertap: Sdk }).clevertap.getCleverTapID())).toBe(g1);

  // A different user on the same browser (isOUL + rc): a new guid and profile; later events go there.
  await login(page, { Identity: u2, Name: "Second" });
  const g2 = await waitForGuid(page, g1);
  const p2 = await waitForProfileOf(g2);
  expect(p2).not.toBe(p1);
  await expect.poll(async () => (await profileRow(p2)).properties.Identity).toBe(u2);
  await sendEvent(page, `${tag}-u2`, { Step: 1 });
  await expect.poll(() => profilesWithEvent(`${tag}-u2`)).toEqual([p2]);

  // Switching back to the first user (isOUL with the cached guid) resumes their profile and guid.
  await login(page, { Identity: u1 });
  expect(await waitForGuid(page, g2)).toBe(g1);
  await sendEvent(page, `${tag}-back`, { Step: 2 });
  await expect.poll(() => profilesWithEvent(`${tag}-back`)).toEqual([p1]);
  expect(await sql("SELECT 1 FROM profile_identity WHERE value = $1", [u1])).toHaveLength(1);

  // clear(): the next call gets a new anonymous guid and profile.
  await page.evaluate(() => (window as unknown as { clevertap: Sdk }).clevertap.clear());
  await sendEvent(page, `${tag}-cleared`);
  const g3 = await waitForGuid(page, g1);
  const p3 = await waitForProfileOf(g3);
  expect([p1, p2]).not.toContain(p3);
  expect((await profileRow(p3)).identified).toBe(false);
  await expect.poll(() => profilesWithEvent(`${tag}-cleared`)).toEqual([p3]);
});

test("the same user logging in from a second browser: two devices on one profile", async ({ browser, request }) => {
  const id = unique("sdk-two");
  const first = await openShop(browser);
  await login(first.page, { Identity: id });
  const profileId = await waitForProfileOf(first.guid);
  await expect.poll(async () => (await profileRow(profileId)).identified, { timeout: 15_000 }).toBe(true);

  const second = await openShop(browser);
  expect(second.guid).not.toBe(first.guid);
  await login(second.page, { Identity: id });
  await expect.poll(() => profileOf(second.guid), { timeout: 15_000 }).toBe(profileId);
  await sendEvent(second.page, "Second Browser", { Who: id });
  await expect.poll(async () => (await eventsOf(profileId, "Second Browser")).length).toBe(1);

  const body = await (await request.get(`/1/profile.json?identity=${id}`, { headers: authHeaders })).json();
  expect(body.status).toBe("success");
  expect(body.record.platformInfo.map((p: { objectId: string }) => p.objectId).sort()).toEqual([first.guid, second.guid].sort());
});

test("a call still unanswered when the SDK replays its backup queue is written once", async ({ browser }) => {
  // The official SDK fires every unanswered call of its backup queue again 3 s after the page loads (and after each
  // login or new-guid answer). Hold the answer of one event, so the SDK still has it in its queue at that moment.
  const context = await browser.newContext();
  const page = await context.newPage();
  let hold = false;
  let replays = 0;
  const held = new Set<string>();
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(/\/a\?/, async (route) => {
    const number = /[?&]rn=(\d+)/.exec(route.request().url())?.[1] ?? "";
    if (held.has(number)) replays += 1;
    if (!hold || held.has(number)) return route.continue();
    hold = false;
    held.add(number);
    const response = await route.fetch(); // the server has the call …
    await released; // … but the SDK sees no answer yet
    await route.fulfill({ response });
  });
  await page.goto("/demo");
  await expect(page.getByTestId("sdk-status")).toHaveText("ready");
  const guid = await waitForGuid(page);
  const profileId = await waitForProfileOf(guid);
  const name = unique("Held");
  hold = true;
  await sendEvent(page, name, { n: 1 });
  await expect.poll(async () => (await eventsOf(profileId, name)).length).toBe(1);
  // Past the SDK's 3-second backup pass, the held call was fired again …
  await expect.poll(() => replays, { timeout: 10_000 }).toBeGreaterThan(0);
  release();
  await page.waitForTimeout(500);
  // … and the server wrote it once.
  expect(await eventsOf(profileId, name)).toHaveLength(1);
  await context.close();
});
