// Issue 12 §5, where a user trips: the list names each profile (its Name, else its identity, else "Anonymous · device
// …") as the link to its page; an anonymous row says where, which page and when instead of blank cells; date-time
// values keep their time on the profile page, in a staff edit, in the history and in the merge preview, while a DOB
// stays a day.
import type { APIRequestContext } from "@playwright/test";
import LZString from "lz-string";
import { lookupLocation } from "../../lib/location/lookup-location";
import { ACCOUNT_ID, sql, unique } from "../support/api";
import { expect, test } from "../support/fixtures";
import { createProfile, profileRow, signIn } from "./dashboard-staff";

const UK_ADDRESS = "81.2.69.142";

/** A page view through the Web SDK's wire from a UK address: a new visitor, or the device `gc`. Returns its guid. */
async function pageView(request: APIRequestContext, url: string, gc?: string): Promise<string> {
  const d = encodeURIComponent(LZString.compressToBase64(JSON.stringify({ id: ACCOUNT_ID, cpg: url, pg: 1 })));
  const response = await request.get(`/a?t=96&type=page&d=${d}&rn=1${gc ? `&gc=${gc}` : ""}`, {
    headers: { "x-forwarded-for": UK_ADDRESS },
  });
  expect(response.status()).toBe(200);
  return /^\$WZRK_WR\.s\('([0-9a-f]{32})'/.exec(await response.text())![1];
}

const profileOfGuid = async (guid: string) =>
  Number((await sql<{ profile_id: string }>("SELECT profile_id::text FROM device WHERE guid = $1", [guid]))[0].profile_id);

test("list rows are named by Name, identity or device, and an anonymous row shows its place, last page and last seen", async ({
  page,
  createStaff,
}) => {
  const marker = unique("names");
  const named = await createProfile(page.request, { Name: `Ada ${marker}`, Marker: marker });
  const unnamed = await createProfile(page.request, { Marker: marker });
  const lastUrl = `https://shop.test/sale/${marker}?q=<img src=x onerror="window.__xss=1">`;
  const guid = await pageView(page.request, "https://shop.test/");
  await pageView(page.request, lastUrl, guid);
  const anonymous = await profileOfGuid(guid);
  const uk = await lookupLocation(UK_ADDRESS);
  expect(uk?.country).toBe("United Kingdom");

  await signIn(page, await createStaff("viewer"));
  await page.goto(`/profiles?f=${encodeURIComponent(JSON.stringify(["Marker", "eq", marker]))}`);
  const row = (id: number) => page.locator(`tbody tr[data-profile-id="${id}"]`);
  await expect(row(named.id).getByRole("link", { name: `Ada ${marker}`, exact: true })).toHaveAttribute("href", `/profiles/${named.id}`);
  await expect(row(unnamed.id).getByRole("link", { name: unnamed.identity, exact: true })).toHaveAttribute(
    "href",
    `/profiles/${unnamed.id}`,
  );

  // The anonymous visitor, found by its device guid.
  await page.goto(`/profiles?tab=anonymous&q=${guid.slice(0, 12)}`);
  const visitor = row(anonymous);
  const link = visitor.getByRole("link", { name: `Anonymous · device ${guid.slice(0, 8)}`, exact: true });
  await expect(link).toHaveAttribute("href", `/profiles/${anonymous}`);
  const headers = await page.locator("thead th").allTextContents();
  const cell = (label: string) => visitor.locator("td").nth(headers.findIndex((h) => h.startsWith(label)));
  await expect(cell("Location")).toHaveText([...new Set([uk!.city, uk!.region, uk!.country].filter(Boolean))].join(", "));
  // The last page view's URL, hostile text kept as text; cut by the cell's width, whole in its title.
  await expect(cell("Last page")).toHaveText(lastUrl);
  await expect(cell("Last page").locator("span")).toHaveAttribute("title", lastUrl);
  const [{ last_seen }] = await sql<{ last_seen: string }>(
    `SELECT to_char(last_seen, 'YYYY-MM-DD HH24:MI:SS') AS last_seen FROM profile WHERE id = $1`,
    [anonymous],
  );
  await expect(cell("Last seen")).toHaveText(`${last_seen} UTC`);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/profiles/${anonymous}$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`Anonymous · device ${guid.slice(0, 8)}`);
});

test("date-times keep their time (shown, edited, in the history and the merge preview); a DOB stays a day", async ({
  page,
  createStaff,
}) => {
  const lastOrder = Date.UTC(2026, 10, 4, 13, 5, 9) / 1000; // 2026-11-04 13:05:09 UTC
  const person = await createProfile(page.request, { Name: "Dora", DOB: "$D_1155168000", "Last Order": `$D_${lastOrder}` });
  const other = await createProfile(page.request, { Name: "Dora B", DOB: "$D_631152000", "Last Order": `$D_${lastOrder + 61}` });
  const editor = await createStaff("editor");
  await signIn(page, editor);
  await page.goto(`/profiles/${person.id}`);
  const value = (key: string) => page.locator(`tr[data-key="${key}"] [data-testid="property-value"]`);
  await expect(value("Last Order")).toHaveText("2026-11-04 13:05:09 UTC");
  await expect(value("DOB")).toHaveText("2006-08-10");

  // A staff edit of a date-time keeps the time, to the second.
  await page.getByRole("button", { name: "Edit Last Order" }).click();
  const input = page.getByLabel("Value of Last Order");
  await expect(input).toHaveAttribute("type", "datetime-local");
  await expect(input).toHaveValue("2026-11-04T13:05:09");
  await expect(page.locator("label", { hasText: "Value of Last Order" })).toContainText("UTC");
  await input.fill("2026-11-05T08:09:10");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(value("Last Order")).toHaveText("2026-11-05 08:09:10 UTC");
  expect((await profileRow(person.id)).properties["Last Order"]).toBe(Date.UTC(2026, 10, 5, 8, 9, 10) / 1000);

  // DOB is a calendar day: a date input, and the history reads as days, not epoch seconds.
  await page.getByRole("button", { name: "Edit DOB" }).click();
  const dob = page.getByLabel("Value of DOB");
  await expect(dob).toHaveAttribute("type", "date");
  await dob.fill("2006-08-11");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(value("DOB")).toHaveText("2006-08-11");
  const history = page.getByTestId("history");
  await expect(history).toContainText("DOB set: 2006-08-10 → 2006-08-11");
  await expect(history).toContainText("Last Order set: 2026-11-04 13:05:09 UTC → 2026-11-05 08:09:10 UTC");
  await expect(history).not.toContainText("1155168000");

  // The merge preview's conflicts are typed too.
  await page.getByLabel("Profile number to merge into this one").fill(String(other.id));
  await page.getByRole("button", { name: "Preview merge" }).click();
  const conflicts = page.getByTestId("merge-conflicts");
  await expect(conflicts.locator('tr[data-key="DOB"] td').nth(0)).toHaveText("2006-08-11");
  await expect(conflicts.locator('tr[data-key="DOB"] td').nth(1)).toHaveText("1990-01-01");
  await expect(conflicts.locator('tr[data-key="Last Order"] td').nth(1)).toHaveText("2026-11-04 13:06:10 UTC");
});
