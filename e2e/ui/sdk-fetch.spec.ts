// The official Web SDK in fetch mode (`enableFetchApi: true`): cross-origin GETs with a custom header, so the
// browser sends a CORS preflight and reads the JSON `meta` answer. The shop page (intercepted by
// the test) is http://localhost:<port>/fetch-shop and the API https://127.0.0.1:<https port>: really cross-origin, both
// loopback (Chromium's Private Network Access would block a public origin from calling loopback at all).

import { ACCOUNT_ID, sql, unique } from "../support/api";
import { expect, test } from "../support/fixtures";

type Sdk = {
  onUserLogin: { push(login: unknown): void };
  event: { push(name: string, data?: unknown): void };
  getCleverTapID(): string | null;
};

test("fetch mode: the SDK gets its guid from the JSON answer, events and a user switch land in Tapestry", async ({ browser, baseURL }) => {
  const httpsPort = new URL(process.env.TAPESTRY_TEST_HTTPS_URL ?? "https://127.0.0.1:3443").port;
  // The intercepted page has no network address, so Chromium treats it as public: allow it to call loopback.
  const context = await browser.newContext({ permissions: ["local-network-access"] });
  const shop = `${baseURL!.replace("127.0.0.1", "localhost")}/fetch-shop`;
  await context.route(shop, (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><html><head><title>shop</title><script src="/demo/sdk.js"></script>
        <script>clevertap.init(${JSON.stringify(ACCOUNT_ID)}, '', '127.0.0.1:${httpsPort}', '', { enableFetchApi: true });</script></head>
        <body>shop</body></html>`,
    }),
  );
  const page = await context.newPage();
  const fetchCalls: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("/a?") && request.headers().accept === "application/json") fetchCalls.push(request.method());
  });
  await page.goto(shop);
  const guidOf = () => page.evaluate(() => (window as unknown as { clevertap?: Partial<Sdk> }).clevertap?.getCleverTapID?.() ?? null);
  await expect.poll(guidOf, { timeout: 20_000 }).toMatch(/^[0-9a-f]{32}$/);
  const guid = (await guidOf())!;
  expect(fetchCalls).toContain("GET");

  const tag = unique("fetch");
  await page.evaluate((name) => (window as unknown as { clevertap: Sdk }).clevertap.event.push(name, { Via: "fetch" }), tag);
  await expect
    .poll(async () =>
      (await sql<{ device_guid: string }>("SELECT device_guid FROM event WHERE name = $1", [tag])).map((r) => r.device_guid),
    )
    .toEqual([guid]);

  // Two logins: the first identifies this device, the second (another user) arrives as isOUL and switches guid.
  await page.evaluate((id) => (window as unknown as { clevertap: Sdk }).clevertap.onUserLogin.push({ Site: { Identity: id } }), `${tag}-a`);
  await expect.poll(async () => (await sql("SELECT 1 FROM profile_identity WHERE value = $1", [`${tag}-a`])).length).toBe(1);
  await page.evaluate((id) => (window as unknown as { clevertap: Sdk }).clevertap.onUserLogin.push({ Site: { Identity: id } }), `${tag}-b`);
  // clear() empties the guid first; wait for the new one from the server.
  await expect
    .poll(
      async () => {
        const id = await guidOf();
        return id !== null && id !== guid;
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  const second = (await guidOf())!;
  const owner = await sql<{ value: string }>(
    "SELECT i.value FROM device d JOIN profile_identity i ON i.profile_id = d.profile_id WHERE d.guid = $1",
    [second],
  );
  expect(owner.map((row) => row.value)).toEqual([`${tag}-b`]);
});
