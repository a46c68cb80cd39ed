// The dashboard's profile page: sign-in, reading a profile, editing a property and a consent (with its reason),
// the conflict case, viewers, direct server-action calls, and hostile values. The database is checked after each
// UI action.
import http from "node:http";
import type { Request } from "@playwright/test";
import { upload } from "../support/api";
import { expect, test } from "../support/fixtures";
import { changesOf, clientAddress, createProfile, profileRow, signIn, signInWith } from "./dashboard-staff";

test.describe.configure({ mode: "parallel" });

test("sign in with the keyboard, see the signed-in user, sign out", async ({ page, createStaff }) => {
  const editor = await createStaff("editor");
  await page.goto("/profiles");
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.locator("form[data-ready]").waitFor();
  await page.getByLabel("Email").fill(editor.email);
  await page.getByLabel("Password").fill("wrong-password");
  await page.keyboard.press("Enter");
  await expect(page.getByText("Wrong email or password")).toBeVisible();
  await page.getByLabel("Password").fill(editor.password);
  await page.getByRole("button", { name: "Sign in" }).focus();
  await page.keyboard.press("Enter");
  // Sign-in checks a scrypt hash, then renders the list: seconds when the machine is busy.
  await expect(page).toHaveURL(/\/profiles/, { timeout: 15_000 });
  await expect(page.getByTestId("signed-in-as")).toContainText(editor.email);
  const { sql } = await import("../support/api");
  expect((await sql("SELECT 1 FROM staff_session WHERE user_id = $1", [editor.id])).length).toBe(1);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  expect((await sql("SELECT 1 FROM staff_session WHERE user_id = $1", [editor.id])).length).toBe(0);
  await page.goto("/profiles/1");
  await expect(page).toHaveURL(/\/sign-in$/);

  // An expired session is refused on the server.
  await signIn(page, editor);
  await page.goto("/profiles");
  await expect(page.getByTestId("signed-in-as")).toContainText(editor.email);
  await sql("UPDATE staff_session SET expires_at = now() - interval '1 minute' WHERE user_id = $1", [editor.id]);
  await page.goto("/profiles");
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("sign-in attempts are rate limited per client address", async ({ request, createStaff }) => {
  test.setTimeout(180_000); // 60+ password checks (scrypt) on a shared two-core machine
  const viewer = await createStaff("viewer");
  const address = clientAddress();
  const statuses: number[] = [];
  const limit = Number(process.env.TAPESTRY_SIGNIN_LIMIT ?? 10);
  for (let attempt = 0; attempt < limit + 2; attempt++) {
    const response = await request.post("/api/auth/sign-in/email", {
      headers: { "x-forwarded-for": address },
      data: { email: viewer.email, password: "not-it" },
    });
    statuses.push(response.status());
  }
  expect(statuses.slice(0, limit).every((status) => status === 401)).toBe(true);
  expect(statuses.slice(limit)).toEqual([429, 429]);
  // The right password from that address is refused too until the window passes.
  const blocked = await request.post("/api/auth/sign-in/email", {
    headers: { "x-forwarded-for": address },
    data: { email: viewer.email, password: viewer.password },
  });
  expect(blocked.status()).toBe(429);
});

test("a client that is not a trusted proxy cannot escape the sign-in limit with a new X-Forwarded-For per attempt", async ({
  createStaff,
}) => {
  test.setTimeout(180_000);
  const viewer = await createStaff("viewer");
  const base = new URL(process.env.TAPESTRY_TEST_URL ?? "http://127.0.0.1:3210");
  // From 127.0.0.2: a loopback address of its own, not in TAPESTRY_TRUSTED_PROXIES (the test server trusts 127.0.0.1).
  const attempt = (forwardedFor: string) =>
    new Promise<number>((resolve, reject) => {
      const body = JSON.stringify({ email: viewer.email, password: "not-it" });
      const request = http.request(
        {
          host: base.hostname,
          port: base.port,
          path: "/api/auth/sign-in/email",
          method: "POST",
          localAddress: "127.0.0.2",
          headers: { "content-type": "application/json", "x-forwarded-for": forwardedFor, origin: base.origin },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on("error", reject);
      request.end(body);
    });
  const limit = Number(process.env.TAPESTRY_SIGNIN_LIMIT ?? 10);
  const statuses: number[] = [];
  for (let n = 0; n < limit + 2; n++) statuses.push(await attempt(clientAddress()));
  expect(statuses.slice(0, limit).every((status) => status === 401)).toBe(true);
  expect(statuses.slice(limit)).toEqual([429, 429]);
});

test("an editor changes a property and a consent with a reason; both show in the history and the change log", async ({
  page,
  createStaff,
}) => {
  const editor = await createStaff("editor");
  const profile = await createProfile(page.request, {
    Name: "Ada Lovelace",
    Email: "ada@example.com",
    Phone: "+4915112345678",
    DOB: "1990-05-17",
    Plan: "free",
    Points: 10,
    "MSG-email": true,
  });
  await signIn(page, editor);
  await page.goto(`/profiles/${profile.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Ada Lovelace");
  await expect(page.getByTestId("identified-badge")).toHaveText("Identified");
  await expect(page.getByTestId("age")).toHaveText(/^\d+$/);
  // Keys read exactly as stored (Plan and PLAN are different keys): no upper-casing by the table's header style.
  await expect(page.locator('tr[data-key="Plan"] th')).toHaveCSS("text-transform", "none");
  await expect(page.getByTestId("consent-MSG-email").getByTestId("consent-state")).toHaveText("on");
  await expect(page.getByTestId("consent-MSG-sms").getByTestId("consent-state")).toHaveText("not set");
  await expect(page.locator('tr[data-key="Plan"]')).toContainText("api");

  // A property, with an input that fits its type.
  const before = await profileRow(profile.id);
  await page.getByRole("button", { name: "Edit Points" }).click();
  const points = page.getByLabel("Value of Points");
  await expect(points).toHaveAttribute("type", "number");
  await points.fill("42");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.locator('tr[data-key="Points"] [data-testid="property-value"]')).toHaveText("42");
  await expect(page.locator('tr[data-key="Points"]')).toContainText(`staff (${editor.email})`);
  const afterProperty = await profileRow(profile.id);
  expect(afterProperty.properties.Points).toBe(42);
  expect(afterProperty.property_types.Points).toBe("integer");
  expect(afterProperty.version).toBe(before.version + 1);

  // The same rule and message as the API, beside the field.
  await page.getByRole("button", { name: "Edit Email" }).click();
  await page.getByLabel("Value of Email").fill("not-an-email");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("field-error")).toContainText("is not an e-mail address");
  expect((await profileRow(profile.id)).properties.Email).toBe("ada@example.com");
  await page.getByRole("button", { name: "Cancel" }).click();

  // A consent, which needs a reason.
  await page.getByRole("button", { name: "Change MSG-email" }).click();
  await page.getByLabel("Off").check();
  await page.getByRole("button", { name: "Save consent" }).click();
  await expect(page.getByText("Say why the consent changes")).toBeVisible();
  expect((await profileRow(profile.id)).properties["MSG-email"]).toBe(true);
  await page.getByLabel("Reason for the change").fill("Customer asked by phone, ticket #123");
  await page.getByRole("button", { name: "Save consent" }).click();
  await expect(page.getByTestId("consent-MSG-email").getByTestId("consent-state")).toHaveText("off");
  expect((await profileRow(profile.id)).properties["MSG-email"]).toBe(false);

  const log = await changesOf(profile.id);
  expect(log.filter((row) => row.source === "staff")).toEqual([
    { key: "Points", old_value: 10, new_value: 42, source: "staff", actor: editor.email, reason: null },
    {
      key: "MSG-email",
      old_value: true,
      new_value: false,
      source: "staff",
      actor: editor.email,
      reason: "Customer asked by phone, ticket #123",
    },
  ]);

  // Both are in the history at once, newest first.
  await page.getByRole("link", { name: "Property changes" }).click();
  const history = page.getByTestId("history");
  await expect(history.locator("li[data-kind=change]").first()).toContainText("MSG-email set: true → false");
  await expect(history.locator("li[data-kind=change]").first()).toContainText("Customer asked by phone, ticket #123");
  await expect(history.locator("li[data-kind=change]").nth(1)).toContainText("Points set: 10 → 42");
  await expect(history.locator("li[data-kind=event]")).toHaveCount(0);

  // Delete a property. (The history filter is a client navigation: a click landing while it settles can be lost
  // to the re-render, so the test waits for the URL and clicks again if the confirmation did not open.)
  await expect(page).toHaveURL(/kinds=change/);
  await expect(async () => {
    await page.getByRole("button", { name: "Delete Plan" }).click();
    await expect(page.getByRole("button", { name: "Confirm deleting Plan" })).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 15_000 });
  await page.getByRole("button", { name: "Confirm deleting Plan" }).click();
  await expect(page.locator('tr[data-key="Plan"]')).toHaveCount(0);
  expect((await profileRow(profile.id)).properties.Plan).toBeUndefined();
});

test("conflict: the SDK/API changed the profile after the form opened; nothing is overwritten", async ({ page, createStaff }) => {
  const editor = await createStaff("editor");
  const profile = await createProfile(page.request, { Name: "Grace", City: "Arlington" });
  await signIn(page, editor);
  await page.goto(`/profiles/${profile.id}`);
  await page.getByRole("button", { name: "Edit City" }).click();
  await page.getByLabel("Value of City").fill("Boston");

  await upload(page.request, [{ type: "profile", identity: profile.identity, profileData: { City: "New York" } }]);
  const moved = await profileRow(profile.id);

  await page.getByRole("button", { name: "Save", exact: true }).click();
  const conflict = page.getByTestId("conflict");
  await expect(conflict).toContainText("changed since you opened it");
  await expect(conflict).toContainText("City: Arlington → New York");
  await expect(conflict).toContainText("api");
  const after = await profileRow(profile.id);
  expect(after.properties.City).toBe("New York");
  expect(after.version).toBe(moved.version);

  // Reload, then the retry applies on top of the new version.
  await conflict.getByRole("button", { name: "Load the latest version" }).click();
  await expect(page.locator('tr[data-key="City"] [data-testid="property-value"]')).toHaveText("New York");
  await page.getByRole("button", { name: "Edit City" }).click();
  await page.getByLabel("Value of City").fill("Boston");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.locator('tr[data-key="City"] [data-testid="property-value"]')).toHaveText("Boston");
  expect((await profileRow(profile.id)).properties.City).toBe("Boston");
});

test("a viewer sees no edit controls, and a direct server-action call as a viewer changes nothing", async ({
  page,
  browser,
  createStaff,
}) => {
  const editor = await createStaff("editor");
  const viewer = await createStaff("viewer");
  const profile = await createProfile(page.request, { Name: "Linus", Plan: "free" });

  // Capture a real edit action request as the editor, without letting it reach the server.
  await signIn(page, editor);
  await page.goto(`/profiles/${profile.id}`);
  let captured: Request | undefined;
  await page.route(`**/profiles/${profile.id}`, async (route) => {
    if (route.request().method() === "POST" && route.request().headers()["next-action"]) {
      captured = route.request();
      await route.abort();
    } else await route.continue();
  });
  await page.getByRole("button", { name: "Edit Plan" }).click();
  await page.getByLabel("Value of Plan").fill("pro");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect.poll(() => captured).toBeTruthy();
  expect((await profileRow(profile.id)).properties.Plan).toBe("free");

  const viewerContext = await browser.newContext({ baseURL: process.env.TAPESTRY_TEST_URL });
  const viewerPage = await viewerContext.newPage();
  await signInWith(viewerPage.request, viewer, clientAddress());
  await viewerPage.goto(`/profiles/${profile.id}`);
  await expect(viewerPage.getByText("read only")).toBeVisible();
  await expect(viewerPage.getByRole("button", { name: /^(Edit|Delete|Change)/ })).toHaveCount(0);
  await expect(viewerPage.getByText("Add a property")).toHaveCount(0);

  const headers = { ...captured!.headers() };
  delete headers.cookie;
  const asViewer = await viewerPage.request.post(captured!.url(), { headers, data: captured!.postData() ?? "" });
  const viewerAnswer = await asViewer.text();
  expect(asViewer.status(), viewerAnswer).toBeLessThan(500);
  expect(
    viewerAnswer,
    JSON.stringify({ status: asViewer.status(), response: asViewer.headers(), sent: headers, body: captured!.postData() }),
  ).toContain("Only editors and admins can change profiles");
  const anonymous = await browser.newContext({ baseURL: process.env.TAPESTRY_TEST_URL });
  const asNobody = await anonymous.request.post(captured!.url(), { headers, data: captured!.postData() ?? "", maxRedirects: 0 });
  const nobodyAnswer = await asNobody.text();
  expect(asNobody.status() === 307 ? asNobody.headers().location : nobodyAnswer, nobodyAnswer).toMatch(
    /\/sign-in$|Only editors and admins/,
  );
  await anonymous.close();
  const row = await profileRow(profile.id);
  expect(row.properties.Plan).toBe("free");
  expect((await changesOf(profile.id)).filter((change) => change.source === "staff")).toHaveLength(0);
  await viewerContext.close();
});

test("script payloads in property keys and values render as text", async ({ page, createStaff }) => {
  const editor = await createStaff("editor");
  const key = `<img src=x onerror=alert('key')>`;
  const value = `<script>alert('value')</script><img src=x onerror=alert(1)>`;
  const profile = await createProfile(page.request, { Name: `<b onmouseover=alert(2)>Mallory</b>`, [key]: value });
  const dialogs: string[] = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  await signIn(page, editor);
  await page.goto(`/profiles/${profile.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("<b onmouseover=alert(2)>Mallory</b>");
  await expect(page.locator("tr", { hasText: key }).getByTestId("property-value")).toHaveText(value);
  await page.getByText("Raw JSON").click();
  await expect(page.getByTestId("raw-json")).toContainText("onerror=alert(1)");
  await page.getByRole("button", { name: `Edit ${key}` }).click();
  await expect(page.getByLabel(`Value of ${key}`)).toHaveValue(value);
  expect(await page.locator("img[src=x]").count()).toBe(0);
  expect(await page.locator("script", { hasText: "alert('value')" }).count()).toBe(0);
  expect(dialogs).toEqual([]);
});

test("the profile page shows merges, events with purchase items, paging and empty states; screenshot", async ({ page, createStaff }) => {
  const editor = await createStaff("editor");
  const profile = await createProfile(page.request, { Name: "Merged Mia", "MSG-push": false });
  const { newGuid } = await import("../support/api");
  const guid = newGuid();
  await upload(page.request, [
    { type: "event", objectId: guid, evtName: "Page Viewed", evtData: { URL: "https://shop.example/sale" } },
    { type: "profile", objectId: guid, profileData: { Identity: profile.identity } },
    {
      type: "event",
      identity: profile.identity,
      evtName: "Charged",
      evtData: { Amount: 59.9, Items: [{ Product: "Rain Jacket", Quantity: 1, Price: 59.9 }] },
    },
  ]);
  await signIn(page, editor);
  await page.goto(`/profiles/${profile.id}`);
  const history = page.getByTestId("history");
  await expect(history.locator("li[data-kind=merge]").first()).toContainText(guid);
  await expect(history.locator("li[data-kind=event]", { hasText: "Charged" })).toContainText("Product: Rain Jacket");
  await expect(history.locator("li[data-kind=event]", { hasText: "Page Viewed" })).toContainText("before sign-in on this device");
  await page.screenshot({ path: "test-results/dashboard-profile.png", fullPage: true });

  await page.getByRole("link", { name: "Merges" }).click();
  await expect(history.locator("li[data-kind=event]")).toHaveCount(0);
  await page.goto(`/profiles/${profile.id}?page=50`);
  await expect(page.getByText("No more entries.")).toBeVisible();
  await page.goto("/profiles/999999999999");
  await expect(page.getByRole("heading", { name: "Profile not found" })).toBeVisible();
});

test("keyboard only: skip link, open an editor, change a value and save", async ({ page, createStaff }) => {
  const editor = await createStaff("editor");
  const profile = await createProfile(page.request, { Name: "Kay Board", Plan: "free" });
  await signIn(page, editor);
  await page.goto(`/profiles/${profile.id}`);
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();

  const edit = page.getByRole("button", { name: "Edit Plan" });
  const input = page.getByLabel("Value of Plan");
  await expect(async () => {
    await edit.focus();
    await page.keyboard.press("Enter");
    await expect(input).toBeFocused({ timeout: 500 });
  }).toPass();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("pro");
  await page.keyboard.press("Enter");
  await expect(page.locator('tr[data-key="Plan"] [data-testid="property-value"]')).toHaveText("pro");
  expect((await profileRow(profile.id)).properties.Plan).toBe("pro");
});
