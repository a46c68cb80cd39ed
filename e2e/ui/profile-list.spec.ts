// The profile list in Chromium: sign in, filter, search, sort, paginate, share the URL, export, save a segment —
// each UI action checked against the database. Every test run makes its own profiles (a unique Marker property)
// and its own staff member, so nothing depends on other tests' data.

import fs from "node:fs";
import type { Page } from "@playwright/test";
import { ACCOUNT_ID, sql, unique, upload } from "../support/api";
import { expect, type TestStaff, test } from "../support/fixtures";

const COUNT = 30;

async function signIn(page: Page, viewer: TestStaff) {
  await page.goto("/profiles");
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel("Email").fill(viewer.email);
  await page.getByLabel("Password").fill(viewer.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === "/profiles");
}

/** The profile ids in the table, in display order. */
async function shownIds(page: Page): Promise<number[]> {
  await expect(page.getByRole("status").filter({ hasText: "Loading…" })).toHaveCount(0);
  // Each row names its profile (the link's text is the profile's name, identity or device).
  const ids = await page.locator("tbody tr").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-profile-id")));
  return ids.map(Number);
}

async function addFilter(page: Page, key: string, condition: string, value?: string) {
  const before = new URL(page.url()).searchParams.getAll("f").length;
  const form = page.getByRole("form", { name: "Add a filter" });
  await form.getByLabel("Property").fill(key);
  await form.getByLabel("Condition").selectOption({ label: condition });
  if (value !== undefined) await form.getByLabel("Value").fill(value);
  await form.getByRole("button", { name: "Add filter" }).click();
  await page.waitForURL((url) => url.searchParams.getAll("f").length === before + 1);
}

async function searchFor(page: Page, text: string) {
  const search = page.getByRole("searchbox", { name: /Search by name, email/ });
  await search.fill(text);
  await search.press("Enter");
  await page.waitForURL((url) => url.searchParams.get("q") === text);
}

test.describe("profile list", () => {
  test.describe.configure({ mode: "serial" });
  const marker = unique("plist");
  let viewer: TestStaff;

  test.beforeAll(async ({ request, createStaff }) => {
    const records = Array.from({ length: COUNT }, (_, i) => {
      const n = String(i).padStart(2, "0");
      return {
        type: "profile",
        identity: `${marker}-${n}`,
        profileData: {
          Name: i === 0 ? `<img src=x onerror="window.__xss=1">${marker}` : `Zed ${marker} ${n}`,
          Email: `${marker}-${n}@list.test`,
          Marker: marker,
          Rank: (i * 7) % COUNT,
          Tier: i % 3 === 0 ? "gold" : "silver",
          Note: i === 3 ? '=HYPERLINK("http://evil.test")' : `note ${n}`,
        },
      };
    });
    const answer = await upload(request, records);
    expect(answer.processed).toBe(COUNT);
    viewer = await createStaff("viewer");
  });

  test("a viewer must sign in; the filtered list matches the database, counts included", async ({ page }) => {
    await signIn(page, viewer);
    await page.goto("/profiles");
    await expect(page.getByRole("heading", { name: "Profiles" })).toBeVisible();
    await addFilter(page, "Marker", "equals", marker);
    await expect(page.getByRole("list", { name: "Active filters" })).toContainText(`Marker equals ${marker}`);
    const ids = await shownIds(page);
    const db = await sql<{ id: number }>(
      "SELECT id FROM profile WHERE account_id = $1 AND properties @> $2::jsonb ORDER BY last_seen DESC, id DESC",
      [ACCOUNT_ID, JSON.stringify({ Marker: marker })],
    );
    expect(ids).toEqual(db.map((r) => Number(r.id)));
    await expect(page.getByTestId("count-all")).toHaveText(String(COUNT));
    await expect(page.getByTestId("count-identified")).toHaveText(String(COUNT));
    await expect(page.getByTestId("count-anonymous")).toHaveText("0");
    // Hostile values render as text.
    await expect(page.getByRole("cell", { name: `<img src=x onerror="window.__xss=1">${marker}` })).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    // Empty state.
    await page.getByRole("link", { name: /^Anonymous/ }).click();
    await expect(page.getByText("No profiles match this view")).toBeVisible();
  });

  test("the rows come in the first HTML, not in a block streamed and revealed later", async ({ page }) => {
    await signIn(page, viewer);
    const html = await (await page.request.get(`/profiles?f=${encodeURIComponent(JSON.stringify(["Marker", "eq", marker]))}`)).text();
    // React reveals a streamed Suspense block (a hidden div moved into place) no sooner than 300 ms after the first
    // paint; the rows must be in the part painted first (the tab counts may stream).
    const rows = html.indexOf("<tbody");
    const firstStreamed = html.search(/<div hidden id="S:/);
    expect(rows).toBeGreaterThan(-1);
    if (firstStreamed !== -1) expect(rows).toBeLessThan(firstStreamed);
    expect(html).not.toContain("Loading…");
    expect(html.match(/<tr/g)?.length).toBe(COUNT + 1);
  });

  test("sort by a custom property, paginate with the keyboard, and the shared URL reproduces the view", async ({ page, context }) => {
    await signIn(page, viewer);
    const filter = encodeURIComponent(JSON.stringify(["Marker", "eq", marker]));
    await page.goto(`/profiles?f=${filter}`);
    // Column chooser: add Rank.
    await page.getByText("Columns", { exact: true }).click();
    await page.getByRole("checkbox", { name: "Rank" }).check();
    await page.getByRole("button", { name: "Apply columns" }).click();
    await expect(page.getByRole("columnheader", { name: /Rank/ })).toBeVisible();
    // Sort by Rank ascending with the keyboard.
    await page.getByRole("columnheader", { name: "Rank" }).getByRole("button", { name: "Rank", exact: true }).focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/sort=p%3ARank/);
    await expect(page.getByRole("columnheader", { name: /Rank/ })).toHaveAttribute("aria-sort", "ascending");
    // Page size 25 → two pages.
    await page.getByLabel("Rows per page").selectOption("25");
    await expect(page).toHaveURL(/size=25/);
    const db = await sql<{ id: number }>(
      "SELECT id FROM profile WHERE account_id = $1 AND properties @> $2::jsonb ORDER BY properties -> 'Rank' ASC, id ASC",
      [ACCOUNT_ID, JSON.stringify({ Marker: marker })],
    );
    const expected = db.map((r) => Number(r.id));
    expect(await shownIds(page)).toEqual(expected.slice(0, 25));
    await page.getByRole("button", { name: "Next" }).focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/after=/);
    await expect(page.getByText("Page 2", { exact: true })).toBeVisible();
    expect(await shownIds(page)).toEqual(expected.slice(25));
    await expect(page.getByRole("button", { name: "Next" })).toBeDisabled();

    // The same URL in another tab shows the same view.
    const shared = page.url();
    const other = await context.newPage();
    await other.goto(shared);
    expect(await shownIds(other)).toEqual(expected.slice(25));
    await expect(other.getByRole("columnheader", { name: /Rank/ })).toHaveAttribute("aria-sort", "ascending");
    await other.close();

    await page.getByRole("button", { name: "Previous" }).click();
    await expect(page.getByText("Page 1", { exact: true })).toBeVisible();
    expect(await shownIds(page)).toEqual(expected.slice(0, 25));
  });

  test("equals filters on identifiers and names (each through its own index) find exactly their profiles", async ({ page }) => {
    await signIn(page, viewer);
    /** The profile ids the list shows for these filters ([key, op, value?] each). */
    const show = async (...filters: string[][]) => {
      await page.goto(`/profiles?${filters.map((filter) => `f=${encodeURIComponent(JSON.stringify(filter))}`).join("&")}`);
      return shownIds(page);
    };
    /** No profile matches: the list says so (an error page would show no rows either). */
    const showsNone = async (...filters: string[][]) => {
      expect(await show(...filters)).toEqual([]);
      await expect(page.getByText("No profiles match this view")).toBeVisible();
    };
    const [seven] = await sql<{ profile_id: number }>(
      "SELECT profile_id FROM profile_identity WHERE account_id = $1 AND kind = 'Identity' AND value = $2",
      [ACCOUNT_ID, `${marker}-07`],
    );
    expect(await show(["Identity", "eq", `${marker}-07`])).toEqual([Number(seven.profile_id)]);
    const [twelve] = await sql<{ profile_id: number }>(
      "SELECT profile_id FROM profile_identity WHERE account_id = $1 AND kind = 'Email' AND value = $2",
      [ACCOUNT_ID, `${marker}-12@list.test`],
    );
    expect(await show(["Email", "eq", `${marker}-12@list.test`])).toEqual([Number(twelve.profile_id)]);
    // Equals is exact: the stored e-mail is lower case, so an upper-case one matches nothing.
    await showsNone(["Email", "eq", `${marker.toUpperCase()}-12@LIST.TEST`]);
    const [named] = await sql<{ id: number }>("SELECT id FROM profile WHERE account_id = $1 AND properties ->> 'Name' = $2", [
      ACCOUNT_ID,
      `Zed ${marker} 05`,
    ]);
    expect(await show(["Name", "eq", `Zed ${marker} 05`])).toEqual([Number(named.id)]);
    await showsNone(["Name", "eq", `zed ${marker} 05`]);
    // A text key is never "true"; plain keys still go through the GIN index.
    await showsNone(["Name", "true"]);
    const gold = await sql<{ id: number }>(
      "SELECT id FROM profile WHERE account_id = $1 AND properties @> $2::jsonb ORDER BY last_seen DESC, id DESC",
      [ACCOUNT_ID, JSON.stringify({ Marker: marker, Tier: "gold" })],
    );
    expect(gold).toHaveLength(10);
    expect(await show(["Marker", "eq", marker], ["Tier", "eq", "gold"])).toEqual(gold.map((row) => Number(row.id)));
  });

  test("search by identity, email and name prefix", async ({ page }) => {
    await signIn(page, viewer);
    await page.goto("/profiles");
    await searchFor(page, `${marker}-07`);
    const [identity] = await sql<{ profile_id: number }>(
      "SELECT profile_id FROM profile_identity WHERE account_id = $1 AND kind = 'Identity' AND value = $2",
      [ACCOUNT_ID, `${marker}-07`],
    );
    expect(await shownIds(page)).toEqual([Number(identity.profile_id)]);

    await searchFor(page, `${marker.toUpperCase()}-12@LIST`);
    const [byEmail] = await sql<{ profile_id: number }>(
      "SELECT profile_id FROM profile_identity WHERE account_id = $1 AND kind = 'Email' AND value = $2",
      [ACCOUNT_ID, `${marker}-12@list.test`],
    );
    expect(await shownIds(page)).toEqual([Number(byEmail.profile_id)]);

    await searchFor(page, `zed ${marker} 2`);
    const byName = await sql<{ id: number }>("SELECT id FROM profile WHERE account_id = $1 AND lower(properties ->> 'Name') LIKE $2", [
      ACCOUNT_ID,
      `zed ${marker} 2%`,
    ]);
    expect((await shownIds(page)).sort()).toEqual(byName.map((r) => Number(r.id)).sort());
    expect(byName.length).toBe(10);

    await searchFor(page, `nobody-${marker}`);
    await expect(page.getByText("No profiles match this view")).toBeVisible();
  });

  test("a number filter, the CSV export of the view, and a saved segment", async ({ page }) => {
    await signIn(page, viewer);
    const filter = encodeURIComponent(JSON.stringify(["Marker", "eq", marker]));
    await page.goto(`/profiles?f=${filter}&col=name&col=p%3ANote&col=p%3ATier`);
    await addFilter(page, "Rank", "greater than / after", "19");
    const db = await sql<{ id: number }>(
      `SELECT id FROM profile WHERE account_id = $1 AND properties @> $2::jsonb AND (properties ->> 'Rank')::int > 19
        ORDER BY last_seen DESC, id DESC`,
      [ACCOUNT_ID, JSON.stringify({ Marker: marker })],
    );
    expect(db.length).toBe(10);
    expect(await shownIds(page)).toEqual(db.map((r) => Number(r.id)));

    // Export: the whole filter, formula-looking cells neutralised.
    await addFilter(page, "Rank", "less than / before", "100");
    const downloaded = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export CSV" }).click();
    const download = await downloaded;
    const csv = fs.readFileSync(await download.path(), "utf8").replace(/^\uFEFF/, "");
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe("Profile id,Name,Note,Tier");
    expect(lines.slice(1).map((l) => Number(l.split(",")[0]))).toEqual(db.map((r) => Number(r.id)));
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.test"")"`);
    await expect(page.getByText(`Exported ${db.length} profiles`)).toBeVisible();

    // Save as segment → stored with its filters; the segments page counts its members and opens it.
    const name = `Top ranks ${marker}`;
    await page.getByText("Save as segment").click();
    await page.getByLabel("Segment name").fill(name);
    await page.getByRole("button", { name: "Save segment" }).click();
    await expect(page.getByText(`Saved “${name}”`)).toBeVisible();
    const [saved] = await sql<{ state: { filters: { key: string; op: string; value: string }[] }; created_by: string }>(
      "SELECT state, created_by FROM saved_segment WHERE account_id = $1 AND name = $2",
      [ACCOUNT_ID, name],
    );
    expect(saved.created_by).toBe(viewer.email);
    expect(saved.state.filters.map((f) => [f.key, f.op, f.value])).toEqual([
      ["Marker", "eq", marker],
      ["Rank", "gt", "19"],
      ["Rank", "lt", "100"],
    ]);
    // The same name again is refused (the form was reset after saving).
    await page.getByLabel("Segment name").fill(name);
    await page.getByRole("button", { name: "Save segment" }).click();
    await expect(page.getByText(`A segment named “${name}” already exists`)).toBeVisible();

    await page.goto("/segments");
    const row = page.getByRole("row", { name: new RegExp(name) });
    await expect(row.getByTestId("segment-members")).toHaveText(String(db.length));
    await row.getByRole("link", { name }).click();
    await expect(page.getByRole("list", { name: "Active filters" })).toContainText("Rank greater than / after 19");
    expect(await shownIds(page)).toEqual(db.map((r) => Number(r.id)));
  });

  test("the export refuses anyone not signed in", async ({ request }) => {
    const response = await request.get("/profiles/export", { maxRedirects: 0 });
    expect(response.status()).toBe(401);
  });
});

test("crafted list URLs never answer 500: bad state falls back to defaults with a visible note", async ({ page, createStaff }) => {
  await signIn(page, await createStaff("viewer"));
  const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const filter = (...parts: string[]) => encodeURIComponent(JSON.stringify(parts));
  const cases: [string, RegExp][] = [
    ["after=WyJ4IiwxXQ", /page position in the link was not understood/],
    [`before=${cursor(["2026-01-01 00:00:00", 1e300])}`, /page position/],
    [`sort=id&after=${cursor(["99999999999999999999", 1])}`, /page position/],
    [`sort=p:Score&after=${cursor([`"\\ud800"`, 1])}`, /page position/],
    [`f=${filter("$last_seen", "gt", "99999999999999999")}`, /outside the dates/],
    [`f=${filter("$first_seen", "between", "1", "99999999999999999")}`, /outside the dates/],
    [`f=${filter("$id", "eq", "99999999999999999999")}`, /not a profile id/],
    [`f=${filter("$id", "gt", "1e400")}`, /not a (profile id|number)/],
    [`f=${filter("Plan", "eq", "a\u0000b")}`, /filter in the link was not understood/],
    ["q=%00&sort=p:%00", /sort in the link was not understood/],
  ];
  for (const [query, note] of cases) {
    const response = await page.goto(`/profiles?${query}`);
    expect(response?.status(), query).toBe(200);
    await expect(page.getByRole("heading", { name: "Profiles" })).toBeVisible();
    await expect(page.getByText(note).first(), query).toBeVisible();
  }
  // Still a working list afterwards.
  await page.goto("/profiles");
  await expect(page.getByTestId("list-note")).toHaveCount(0);
});
