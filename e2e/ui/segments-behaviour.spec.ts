// A behavioural segment built in the browser ("Charged at least 2 times in the last 30 days" and Country = Portugal),
// checked against the database, saved, counted on the segments page and exported; the overview with data, its
// totals and a chart link into the list. Each run makes its own profiles (a unique Marker).
import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { ACCOUNT_ID, sql, unique, upload } from "../support/api";
import { expect, test } from "../support/fixtures";
import { signIn } from "./dashboard-staff";

const DAY = 86_400;
const now = Math.floor(Date.now() / 1000);

async function seedBuyers(request: Parameters<typeof upload>[0], marker: string) {
  const people = [
    { country: "Portugal", charges: [1, 3] },
    { country: "Portugal", charges: [2, 5, 9] },
    { country: "Portugal", charges: [4] },
    { country: "Spain", charges: [1, 2] },
    { country: "Portugal", charges: [3, 40] },
  ].map((p, i) => ({ ...p, identity: `${marker}-${i + 1}` }));
  const answer = await upload(request, [
    ...people.map((p) => ({
      type: "profile",
      identity: p.identity,
      profileData: { Name: p.identity, Marker: marker, Country: p.country },
    })),
    ...people.flatMap((p) =>
      p.charges.map((days) => ({
        type: "event",
        identity: p.identity,
        ts: now - days * DAY,
        evtName: "Charged",
        evtData: { Amount: 20, Items: [{ Name: "Tee" }] },
      })),
    ),
  ]);
  expect(answer.unprocessed).toEqual([]);
  return people;
}

const shownIds = async (page: Page) =>
  (await page.locator("tbody tr").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-profile-id"))))
    .map(Number)
    .sort((a, b) => a - b);

test("a behavioural segment: built, checked against the database, saved, counted and exported", async ({ page, request, createStaff }) => {
  const marker = unique("seg");
  await seedBuyers(request, marker);
  const staff = await createStaff("viewer");
  await signIn(page, staff);

  const f = (...parts: string[]) => encodeURIComponent(JSON.stringify(parts));
  await page.goto(`/profiles?f=${f("Marker", "eq", marker)}&f=${f("Country", "eq", "Portugal")}`);
  const form = page.getByRole("form", { name: "Add a condition" });
  await form.getByLabel("Condition on").selectOption("event");
  await form.getByLabel("Event", { exact: true }).fill("Charged");
  await form.getByLabel("How often").selectOption("atLeast");
  await form.getByLabel("N", { exact: true }).fill("2");
  await form.getByLabel("When").selectOption("last");
  await form.getByRole("spinbutton", { name: "Days" }).fill("30");
  await form.getByRole("button", { name: "Add condition" }).click();
  await expect(page.getByTestId("condition-chip")).toHaveText(/Charged at least 2 times in the last 30 days/);

  const expected = await sql<{ id: string }>(
    `SELECT p.id::text FROM profile p WHERE p.account_id = $1 AND p.properties @> $2::jsonb AND p.properties ->> 'Country' = 'Portugal'
       AND (SELECT count(*) FROM event e WHERE e.profile_id = p.id AND e.name = 'Charged'
              AND e.ts >= now() AT TIME ZONE 'UTC' - interval '30 days') >= 2
     ORDER BY p.id`,
    [ACCOUNT_ID, JSON.stringify({ Marker: marker })],
  );
  expect(expected.map((r) => r.id)).toHaveLength(2);
  await expect.poll(() => shownIds(page)).toEqual(expected.map((r) => Number(r.id)));
  await expect(page.getByTestId("profile-type").first()).toHaveText("Customer");

  const name = `Repeat buyers ${marker}`;
  await page.getByText("Save as segment").click();
  await page.getByLabel("Segment name").fill(name);
  await page.getByRole("button", { name: "Save segment" }).click();
  await expect(page.getByText(`Saved “${name}”`)).toBeVisible();

  await page.goto("/segments");
  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row.getByTestId("segment-members")).toHaveText("2");
  await expect(row).toContainText("Charged at least 2 times in the last 30 days");
  const downloaded = page.waitForEvent("download");
  await row.getByRole("link", { name: "CSV" }).click();
  const csv = fs.readFileSync(await (await downloaded).path(), "utf8").replace(/^\uFEFF/, "");
  const ids = csv
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => line.split(",")[0])
    .sort();
  expect(ids).toEqual(expected.map((r) => r.id).sort());

  await row.getByRole("link", { name }).click();
  await expect.poll(() => shownIds(page)).toEqual(expected.map((r) => Number(r.id)));
});

test("the overview: totals and charts from the database, links into the list", async ({ page, request, createStaff }) => {
  const marker = unique("ov");
  await seedBuyers(request, marker);
  const staff = await createStaff("viewer");
  await signIn(page, staff);
  // Other tests write purchases meanwhile: the page's figure lies between the database's before and after it.
  const customers = async () =>
    Number(
      (
        await sql<{ n: string }>(
          `SELECT count(DISTINCT profile_id)::text AS n FROM event WHERE account_id = $1 AND name = 'Charged'
             AND ts >= date_trunc('day', now() AT TIME ZONE 'UTC') - interval '29 days'`,
          [ACCOUNT_ID],
        )
      )[0].n,
    );
  const before = await customers();
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  const after = await customers();
  const shown = Number((await page.getByTestId("overview-customers").textContent())?.replace(/,/g, ""));
  expect(shown).toBeGreaterThanOrEqual(before);
  expect(shown).toBeLessThanOrEqual(after);
  expect(before).toBeGreaterThanOrEqual(4);
  await expect(page.locator(".recharts-surface").first()).toBeVisible();
  await expect(page.locator(".recharts-bar-rectangle").first()).toBeVisible();
  const shot = path.join(process.env.TAPESTRY_DATA_DIR ?? ".data/test", "overview.png");
  await page.screenshot({ path: shot, fullPage: true });

  await page.getByRole("link", { name: "Customers and revenue per day" }).click();
  await expect(page).toHaveURL(/\/profiles\?c=/);
  await expect(page.getByTestId("condition-chip")).toContainText("did Charged between");
});
