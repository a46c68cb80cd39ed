// Security headers of the dashboard in Chromium: a nonce-based Content-Security-Policy that forbids framing, with
// X-Frame-Options, Referrer-Policy and Permissions-Policy — and the dashboard still works under it with no CSP
// violation. The demo shop, /a and the REST API are left as they were.
import type { Page } from "@playwright/test";
import { ACCOUNT_ID, authHeaders } from "../support/api";
import { expect, test } from "../support/fixtures";
import { createProfile, signIn } from "./dashboard-staff";

/** CSP violations the page reports (the listener is installed by the browser driver, outside the page's CSP). */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  const console: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) console.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  return async () => [...console, ...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations))];
}

test("dashboard pages send a strict CSP (a fresh nonce each time), no framing, a referrer and a permissions policy", async ({
  request,
}) => {
  const seen = new Set<string>();
  for (const path of ["/sign-in", "/sign-in", "/profiles", "/admin"]) {
    const response = await request.get(path, { maxRedirects: 0 });
    const headers = response.headers();
    const csp = headers["content-security-policy"] ?? "";
    expect(csp, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["permissions-policy"]).toContain("camera=()");
    seen.add(/'nonce-([^']+)'/.exec(csp)![1]);
  }
  expect(seen.size).toBe(4);
  // Not for the demo shop (it runs the unmodified SDK), /a (a script) or the REST API (JSON).
  expect((await request.get("/demo")).headers()["content-security-policy"]).toBeUndefined();
  const sdk = await request.get("/a");
  expect(sdk.headers()["content-type"]).toContain("application/javascript");
  const api = await request.get("/1/profile.json?identity=nobody-here", { headers: authHeaders });
  expect(api.status()).toBe(404);
  expect(api.headers()["content-type"]).toContain("application/json");
  expect(ACCOUNT_ID).toBeTruthy();
});

test("the dashboard works under the CSP: sign in, list, profile page, an edit, admin — no violation reported", async ({
  page,
  createStaff,
}) => {
  const violations = await watchViolations(page);
  const admin = await createStaff("admin");
  const profile = await createProfile(page.request, { Name: "Csp Person", Plan: "free" });
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === "/profiles");
  await expect(page.getByRole("heading", { name: "Profiles" })).toBeVisible();
  await page.goto(`/profiles/${profile.id}`);
  await expect(page.getByText("Csp Person").first()).toBeVisible();
  await page.goto("/admin");
  await expect(page.getByRole("heading", { name: "Staff", exact: true })).toBeVisible();
  await page.goto("/segments");
  expect(await violations()).toEqual([]);
});

test("a signed-in page cannot be framed by another site", async ({ page, createStaff }) => {
  const viewer = await createStaff("viewer");
  await signIn(page, viewer);
  const target = new URL("/profiles", process.env.TAPESTRY_TEST_URL ?? "http://127.0.0.1:3210").toString();
  // A page of another origin (a data: URL) that frames the dashboard: the browser refuses to render it.
  await page.goto(`data:text/html,<h1>other site</h1><iframe src="${target}"></iframe>`);
  await page.waitForTimeout(1500);
  for (const frame of page.frames().slice(1)) {
    const text = await frame.evaluate(() => document.body?.textContent ?? "").catch(() => "");
    expect(text).not.toContain("Profiles");
  }
});
