// The demo shop with the unmodified official Web SDK, for browser tests that act as a visitor: each call opens a
// browser context of its own (clean storage: a new visitor).
import { type Browser, expect, type Page } from "@playwright/test";

type Sdk = {
  onUserLogin: { push(login: unknown): void };
  profile: { push(profile: unknown): void };
  event: { push(name: string, data?: unknown): void };
  getCleverTapID(): string | null;
};

export async function openShop(browser: Browser): Promise<{ page: Page; guid: string }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/demo");
  await expect(page.getByTestId("sdk-status")).toHaveText("ready");
  const handle = await page.waitForFunction(() => (window as unknown as { clevertap?: Sdk }).clevertap?.getCleverTapID() || null, null, {
    timeout: 20_000,
  });
  return { page, guid: (await handle.jsonValue()) as string };
}

export const sdkLogin = (page: Page, site: Record<string, unknown>) =>
  page.evaluate((s) => (window as unknown as { clevertap: Sdk }).clevertap.onUserLogin.push({ Site: s }), site);
export const sdkPushProfile = (page: Page, site: Record<string, unknown>) =>
  page.evaluate((s) => (window as unknown as { clevertap: Sdk }).clevertap.profile.push({ Site: s }), site);
