// Staff merge two identified profiles of one person (issue 13): an editor previews the merge (every conflict and which
// value wins), gives the required reason, confirms, then unmerges it from the history — each checked in the database.
// A viewer sees none of these controls, and a replayed merge call as a viewer changes nothing. An editor undoes a link
// in place in one step.
import type { Request } from "@playwright/test";
import { newGuid, profileOfDevice, sql, upload } from "../support/api";
import { expect, test } from "../support/fixtures";
import { clientAddress, createProfile, profileRow, signIn, signInWith } from "./dashboard-staff";

const ownerOf = async (value: string) =>
  Number((await sql<{ profile_id: string }>("SELECT profile_id::text FROM profile_identity WHERE value = $1", [value]))[0]?.profile_id);

async function twoAccounts(request: Parameters<typeof createProfile>[0]) {
  const first = await createProfile(request, { Name: "Nora", Plan: "pro", "MSG-email": true });
  const second = await createProfile(request, { Name: "Nora Old", Plan: "free", Tier: "gold", "MSG-email": false });
  // A device of the old account: its first push of that account's Identity points it there (the plain-push rule).
  const device = newGuid();
  await upload(request, [
    { type: "profile", objectId: device, profileData: { Identity: second.identity } },
    { type: "event", objectId: device, evtName: "Bought on old account", evtData: {} },
  ]);
  return { first, second, device };
}

test("an editor merges two profiles of one person through the preview with a reason, then unmerges them", async ({ page, createStaff }) => {
  const editor = await createStaff("editor");
  const { first, second, device } = await twoAccounts(page.request);
  const before = await profileRow(second.id);
  await signIn(page, editor);
  await page.goto(`/profiles/${first.id}`);

  await page.getByLabel("Profile number to merge into this one").fill(String(second.id));
  await page.getByRole("button", { name: "Preview merge" }).click();
  const preview = page.getByTestId("merge-preview");
  await expect(preview).toContainText(device);
  await expect(preview).toContainText("Tier = gold");
  await expect(preview.locator('tr[data-key="Plan"] [data-testid="winner"]')).toHaveText(`#${first.id} (survivor wins)`);
  await expect(preview.locator('tr[data-key="MSG-email"] [data-testid="winner"]')).toHaveText(
    `#${second.id} (opt-out wins unless the opt-in is newer)`,
  );
  expect(await profileOfDevice(device)).toBe(second.id);

  // The reason is required: nothing changes without one.
  await preview.getByRole("button", { name: "Confirm merge" }).click();
  await expect(preview.getByText("Say why these profiles are one person")).toBeVisible();
  expect(await profileOfDevice(device)).toBe(second.id);
  await preview.getByLabel("Reason (required)").fill("same customer, two sign-ups (ticket 42)");
  await preview.getByRole("button", { name: "Confirm merge" }).click();
  await expect(page.getByTestId("merge-preview")).toHaveCount(0);

  expect(await profileOfDevice(device)).toBe(first.id);
  expect(await ownerOf(second.identity)).toBe(first.id);
  const merged = (await profileRow(first.id)).properties;
  expect([merged.Plan, merged.Tier, merged["MSG-email"]]).toEqual(["pro", "gold", false]);
  const history = page.getByTestId("history");
  const line = history.locator("li[data-kind=merge]", { hasText: `Identified profile #${second.id} merged into this one` });
  await expect(line).toContainText(`(${editor.email})`);
  await expect(line).toContainText("ticket 42");
  await expect(history.locator("li[data-kind=event]", { hasText: "Bought on old account" })).toContainText(
    `from identified profile #${second.id}`,
  );

  // Unmerge: the preview, then the merged profile comes back whole.
  await line.getByRole("button", { name: /^Unmerge merge/ }).click();
  await expect(page.getByTestId("unmerge-preview")).toContainText(`Profile #${second.id}`);
  await expect(page.getByTestId("unmerge-preview")).toContainText(device);
  await page.getByRole("button", { name: "Confirm unmerge" }).click();
  await expect(line).toContainText("undone");
  expect(await profileOfDevice(device)).toBe(second.id);
  expect(await ownerOf(second.identity)).toBe(second.id);
  expect((await profileRow(second.id)).properties).toEqual(before.properties);
  const after = (await profileRow(first.id)).properties;
  // The opt-out the merged profile brought stays (the consent merge rule: an unsubscribe is never lost to an unmerge).
  expect([after.Plan, after.Tier, after["MSG-email"]]).toEqual(["pro", undefined, false]);
  const [event] = await sql<{ profile_id: string }>("SELECT profile_id::text FROM event WHERE device_guid = $1", [device]);
  expect(Number(event.profile_id)).toBe(second.id);
  // Both are in the staff audit log, with the editor as actor.
  const audit = await sql<{ action: string }>(
    "SELECT DISTINCT action FROM staff_audit WHERE actor_email = $1 AND action LIKE 'profile-%' ORDER BY action",
    [editor.email],
  );
  expect(audit.map((row) => row.action)).toEqual(["profile-merge", "profile-unmerge"]);
});

test("a viewer sees no merge or unmerge control, and a replayed merge as a viewer changes nothing", async ({
  page,
  browser,
  createStaff,
}) => {
  const editor = await createStaff("editor");
  const viewer = await createStaff("viewer");
  const { first, second, device } = await twoAccounts(page.request);
  await signIn(page, editor);
  await page.goto(`/profiles/${first.id}`);
  await page.getByLabel("Profile number to merge into this one").fill(String(second.id));
  await page.getByRole("button", { name: "Preview merge" }).click();
  await page.getByTestId("merge-preview").getByLabel("Reason (required)").fill("replay test");
  let captured: Request | undefined;
  await page.route(`**/profiles/${first.id}`, async (route) => {
    if (route.request().method() === "POST" && route.request().headers()["next-action"]) {
      captured = route.request();
      await route.abort();
    } else await route.continue();
  });
  await page.getByRole("button", { name: "Confirm merge" }).click();
  await expect.poll(() => captured).toBeTruthy();
  expect(await profileOfDevice(device)).toBe(second.id);

  const viewerContext = await browser.newContext({ baseURL: process.env.TAPESTRY_TEST_URL });
  const viewerPage = await viewerContext.newPage();
  await signInWith(viewerPage.request, viewer, clientAddress());
  await viewerPage.goto(`/profiles/${first.id}`);
  await expect(viewerPage.getByText("read only")).toBeVisible();
  await expect(viewerPage.getByRole("button", { name: /^(Preview merge|Confirm merge|Unmerge|Undo link)/ })).toHaveCount(0);
  await expect(viewerPage.getByLabel("Profile number to merge into this one")).toHaveCount(0);

  const headers = { ...captured!.headers() };
  delete headers.cookie;
  const asViewer = await viewerPage.request.post(captured!.url(), { headers, data: captured!.postData() ?? "" });
  expect(asViewer.status()).toBeLessThan(500);
  expect(await asViewer.text()).toContain("Only editors and admins can change profiles");
  expect(await profileOfDevice(device)).toBe(second.id);
  expect(await ownerOf(second.identity)).toBe(second.id);
  await viewerContext.close();
});

test("an editor undoes a link in place in one step: the identity and the property it set are gone", async ({ page, createStaff }) => {
  const editor = await createStaff("editor");
  const visitor = newGuid();
  await upload(page.request, [{ type: "profile", objectId: visitor, profileData: { Plan: "trial" } }]);
  const anonymous = (await profileOfDevice(visitor))!;
  const identity = `in-place-${visitor.slice(0, 10)}`;
  await signIn(page, editor);
  await page.goto(`/profiles/${anonymous}`);
  await page.getByLabel("Identity value").fill(identity);
  await page.getByRole("button", { name: "Preview link" }).click();
  await page.getByTestId("link-preview").getByRole("button", { name: "Confirm link" }).click();
  await expect(page.getByTestId("identified-badge")).toHaveText("Identified");

  const line = page.getByTestId("history").locator("li[data-kind=merge]", { hasText: `Identified as Identity ${identity}` });
  await line.getByRole("button", { name: /^Undo link/ }).click();
  await expect(page.getByTestId("unmerge-preview")).toContainText("becomes anonymous again");
  await page.getByRole("button", { name: "Confirm undo" }).click();
  await expect(page.getByTestId("identified-badge")).toHaveText("Anonymous");
  expect(await sql("SELECT 1 FROM profile_identity WHERE value = $1", [identity])).toHaveLength(0);
  expect((await profileRow(anonymous)).properties).toEqual({ Plan: "trial" });
});
