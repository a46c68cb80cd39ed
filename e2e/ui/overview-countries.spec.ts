// The overview's top countries: the Country of profiles active in the range, counted from the database, each a link
// to the profile list filtered by that Country (and the range's last seen). Each run makes its own country name.
import type { Page } from "@playwright/test";
import { ACCOUNT_ID, sql, unique, upload } from "../support/api";
import { expect, test } from "../support/fixtures";
import { signIn } from "./dashboard-staff";

const shownIds = async (page: Page) =>
  (await page.locator("tbody tr").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-profile-id"))))
    .map(Number)
    .sort((a, b) => a - b);

test("top countries on the overview lead to the list filtered by that Country", async ({ page, request, createStaff }) => {
  const marker = unique("geo");
  // A country of this run's own, with more profiles than any other test makes of one country (it is in the top ten),
  // fewer than a page of the list.
  const country = `Testland ${marker}`;
  const answer = await upload(
    request,
    Array.from({ length: 12 }, (_, i) => ({
      type: "profile",
      identity: `${marker}-${i}`,
      profileData: { Name: `${marker}-${i}`, Country: country },
    })),
  );
  expect(answer.status).toBe("success");
  const expected = (
    await sql<{ id: string }>("SELECT id::text FROM profile WHERE account_id = $1 AND properties ->> 'Country' = $2 ORDER BY id", [
      ACCOUNT_ID,
      country,
    ])
  ).map((r) => Number(r.id));
  expect(expected).toHaveLength(12);

  await signIn(page, await createStaff("viewer"));
  await page.goto("/");
  const section = page.getByTestId("overview-countries");
  await expect(section.getByRole("heading", { name: "Top countries (active profiles)" })).toBeVisible();
  await expect(section.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await section.getByRole("link", { name: `${country} 12` }).click();
  await expect(page).toHaveURL(/\/profiles\?/);
  await expect.poll(() => shownIds(page)).toEqual(expected);
});
