// Every page of the app under axe (@axe-core/playwright) with realistic data: no `serious` or `critical` violation.
// The pages as a user meets them: signed out (sign-in, the demo shop), a viewer sent to /forbidden, an admin on the
// overview, the list (with filters and conditions, its panels open), an identified and an anonymous profile (edit
// forms open, a merge preview shown), segments, audit, staff and suppressions. No rule is disabled.
import AxeBuilder from "@axe-core/playwright";
import type { APIRequestContext, Page } from "@playwright/test";
import LZString from "lz-string";
import { DEFAULT_STATE, firstPage, listStateToQuery } from "../../lib/queries/list-state";
import { saveSegment } from "../../lib/segments/save-segment";
import { ACCOUNT_ID, authHeaders, sql, unique, upload } from "../support/api";
import { expect, test } from "../support/fixtures";
import { createProfile, signIn } from "./dashboard-staff";

/** Runs axe on the page as it stands and fails with each serious / critical violation's rule and targets. */
async function expectAccessible(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const report = violations.map((v) => `${v.id} [${v.impact}] ${v.help}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
  if (report.length) console.log(`axe on ${what}:\n  ${report.join("\n  ")}`);
  const blocking = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  // Soft: one run reports every page's violations, not only the first page's.
  expect
    .soft(
      blocking.map((v) => `${v.id} [${v.impact}]: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`),
      `serious or critical axe violations on ${what}`,
    )
    .toEqual([]);
}

/** An anonymous visitor: one page view through the Web SDK's wire from a UK address (located), returns its guid. */
async function anonymousVisitor(request: APIRequestContext): Promise<string> {
  const payload = { id: ACCOUNT_ID, cpg: "https://shop.test/sale?ref=<b>x</b>", pg: 1 };
  const d = encodeURIComponent(LZString.compressToBase64(JSON.stringify(payload)));
  const response = await request.get(`/a?t=96&type=page&d=${d}&rn=1`, { headers: { "x-forwarded-for": "81.2.69.142" } });
  expect(response.status()).toBe(200);
  return /^\$WZRK_WR\.s\('([0-9a-f]{32})'/.exec(await response.text())![1];
}

type Seeded = { marker: string; person: number; other: number; anonymous: number; filtered: string };

test.describe("accessibility (axe: no serious or critical violations)", () => {
  test.describe.configure({ timeout: 180_000 });
  let data: Seeded;

  test.beforeAll(async ({ request }) => {
    const marker = unique("a11y");
    const now = Math.floor(Date.now() / 1000);
    const person = await createProfile(request, {
      Name: "Ada Lovelace",
      Email: `${marker}@example.com`,
      DOB: "$D_1155168000",
      "Last Order": `$D_${now - 3600}`,
      Plan: "pro",
      Interests: ["hiking", "<script>alert(1)</script>"],
      Marker: marker,
      "MSG-email": true,
    });
    const other = await createProfile(request, { Name: "Ada L.", Plan: "free", Marker: marker });
    await upload(request, [
      { type: "event", identity: person.identity, evtName: "Charged", evtData: { Amount: 40, Items: [{ Name: "Tee" }] } },
      { type: "profile", identity: person.identity, profileData: { DOB: "$D_1155254400" } },
    ]);
    const guid = await anonymousVisitor(request);
    const [{ profile_id }] = await sql<{ profile_id: string }>("SELECT profile_id::text FROM device WHERE guid = $1", [guid]);
    // Something to suppress: an erased person.
    const erased = unique("a11y-erased");
    await upload(request, [{ type: "profile", identity: erased, profileData: { Name: "Gone" } }]);
    expect((await request.post("/1/delete/profiles.json", { headers: authHeaders, data: { identity: erased } })).ok()).toBe(true);
    const filtered = listStateToQuery(
      firstPage({
        ...DEFAULT_STATE,
        filters: [{ key: "Marker", op: "eq", value: marker, value2: "" }],
        conditions: [{ kind: "event", name: "Charged", op: "atLeast", n: 1, where: [] }],
      }),
    );
    await saveSegment({ accountId: ACCOUNT_ID, input: { name: `Segment ${marker}`, query: filtered }, createdBy: "a11y@staff.test" });
    data = { marker, person: person.id, other: other.id, anonymous: Number(profile_id), filtered };
  });

  test("signed out: the sign-in page and the demo shop; a viewer's /forbidden", async ({ page, browser, createStaff }) => {
    await page.goto("/sign-in");
    await expectAccessible(page, "/sign-in");
    await page.goto("/demo");
    await expect(page.getByTestId("sdk-status")).toHaveText("ready");
    await expectAccessible(page, "/demo");

    const viewerPage = await (await browser.newContext()).newPage();
    await signIn(viewerPage, await createStaff("viewer"));
    await viewerPage.goto("/admin");
    await expect(viewerPage).toHaveURL(/\/forbidden/);
    await expectAccessible(viewerPage, "/forbidden");
    await viewerPage.context().close();
  });

  test("the overview and the profile list (tabs, a filter and a condition, panels open)", async ({ page, createStaff }) => {
    await signIn(page, await createStaff("admin"));
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectAccessible(page, "/ (overview)");
    await page.goto("/profiles");
    await expect(page.locator("tbody tr").first()).toBeVisible();
    await expectAccessible(page, "/profiles");
    await page.goto("/profiles?tab=anonymous");
    await expect(page.locator("tbody tr").first()).toBeVisible();
    await expectAccessible(page, "/profiles?tab=anonymous");
    await page.goto(`/profiles?${data.filtered}`);
    for (const summary of await page.locator("main summary").all()) await summary.click();
    await expectAccessible(page, "/profiles with a filter and a condition, panels open");
  });

  test("an identified profile (panels and an edit open, a merge preview), an anonymous one, a missing one", async ({
    page,
    createStaff,
  }) => {
    await signIn(page, await createStaff("admin"));
    await page.goto(`/profiles/${data.person}`);
    await expect(page.getByTestId("properties")).toBeVisible();
    for (const summary of await page.locator("main summary").all()) await summary.click();
    await expectAccessible(page, "an identified profile");
    await page.getByRole("button", { name: "Edit Last Order" }).click();
    await expect(page.getByLabel("Value of Last Order")).toBeVisible();
    await expectAccessible(page, "an identified profile editing a date-time");
    await page.getByLabel("Profile number to merge into this one").fill(String(data.other));
    await page.getByRole("button", { name: "Preview merge" }).click();
    await expect(page.getByTestId("merge-preview")).toBeVisible();
    await expectAccessible(page, "the merge preview");

    await page.goto(`/profiles/${data.anonymous}`);
    await expectAccessible(page, "an anonymous profile");
    await page.goto("/profiles/999999999999");
    await expectAccessible(page, "a profile that does not exist");
  });

  test("segments, audit, staff and suppressions", async ({ page, createStaff }) => {
    const admin = await createStaff("admin");
    await signIn(page, admin);
    for (const path of ["/segments", "/audit", `/audit?actor=${encodeURIComponent(admin.email)}`, "/admin", "/suppressions"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectAccessible(page, path);
    }
  });
});
