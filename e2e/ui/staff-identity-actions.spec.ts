// Staff fix identities from the profile page (issue 13): an editor increments a property, links an anonymous profile
// to an identity through the preview, unmerges it, reverts an edit — each checked in the database, each in the history
// with the editor as actor. A viewer sees none of these controls, and replaying an editor's action as a viewer
// changes nothing.
import type { Request } from "@playwright/test";
import { newGuid, profileOfDevice, sql, upload } from "../support/api";
import { expect, test } from "../support/fixtures";
import { clientAddress, createProfile, profileRow, signIn, signInWith } from "./dashboard-staff";

const joinedTo = async (id: number) =>
  (await sql<{ joined_to_profile_id: string | null }>("SELECT joined_to_profile_id FROM profile WHERE id = $1", [id]))[0]
    .joined_to_profile_id;

test("an editor increments, links an anonymous profile through the preview, unmerges it and reverts an edit", async ({
  page,
  createStaff,
}) => {
  const editor = await createStaff("editor");
  const owner = await createProfile(page.request, { Name: "Olive", Score: 10, Plan: "free" });
  const visitor = newGuid();
  await upload(page.request, [
    { type: "profile", objectId: visitor, profileData: { Plan: "trial" } },
    { type: "event", objectId: visitor, evtName: "Browsed anonymously", evtData: {} },
  ]);
  const anonymous = (await profileOfDevice(visitor))!;
  await signIn(page, editor);

  // Increment.
  await page.goto(`/profiles/${owner.id}`);
  // The field holds "1"; under load the browser may insert after it instead of replacing it ("15": the staff audit
  // log showed one increment of 15, not 5 applied three times): fill until the field holds exactly "5".
  const amount = page.getByLabel("Amount for Score");
  await expect(async () => {
    await amount.fill("5");
    await expect(amount).toHaveValue("5", { timeout: 500 });
  }).toPass();
  await page.getByRole("button", { name: "Increment Score" }).click();
  await expect(page.locator('tr[data-key="Score"] [data-testid="property-value"]')).toHaveText("15");
  expect((await profileRow(owner.id)).properties.Score).toBe(15);
  await page.getByLabel("Amount for Score").fill("-1");
  await page.getByRole("button", { name: "Decrement Score" }).click();
  await expect(page.getByText("Enter an amount of 0 or more")).toBeVisible();

  // Link the anonymous profile to the owner's identity: the preview first, nothing changes until confirmed.
  await page.goto(`/profiles/${anonymous}`);
  await page.getByLabel("Identity value").fill(owner.identity);
  await page.getByRole("button", { name: "Preview link" }).click();
  const preview = page.getByTestId("link-preview");
  await expect(preview).toContainText(`belongs to profile #${owner.id}`);
  await expect(preview).toContainText(visitor);
  expect(await profileOfDevice(visitor)).toBe(anonymous);
  await preview.getByRole("button", { name: "Confirm link" }).click();
  await expect(page).toHaveURL(new RegExp(`/profiles/${owner.id}$`));
  expect(await profileOfDevice(visitor)).toBe(owner.id);
  expect(await joinedTo(anonymous)).toBe(String(owner.id));
  const history = page.getByTestId("history");
  await expect(history.locator("li[data-kind=event]", { hasText: "Browsed anonymously" })).toContainText("before sign-in");
  const join = history.locator("li[data-kind=merge]", { hasText: visitor });
  await expect(join).toContainText(`(${editor.email})`);

  // Unmerge it: the preview, then the device goes back and the anonymous rows leave this history.
  await join.getByRole("button", { name: /^Unmerge join/ }).click();
  await expect(page.getByTestId("unmerge-preview")).toContainText(`anonymous profile #${anonymous}`);
  await page.getByRole("button", { name: "Confirm unmerge" }).click();
  await expect(history.locator("li[data-kind=event]", { hasText: "Browsed anonymously" })).toHaveCount(0);
  expect(await profileOfDevice(visitor)).toBe(anonymous);
  expect(await joinedTo(anonymous)).toBeNull();

  // Revert an edit: a new change with a reason; the value is back.
  await page.getByRole("button", { name: "Edit Plan" }).click();
  await page.getByLabel("Value of Plan").fill("pro");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.locator('tr[data-key="Plan"] [data-testid="property-value"]')).toHaveText("pro");
  await page
    .getByRole("button", { name: /^Revert Plan/ })
    .first()
    .click();
  await page.getByLabel("Reason for reverting Plan").fill("customer asked");
  await page.getByRole("button", { name: "Revert", exact: true }).click();
  await expect(page.locator('tr[data-key="Plan"] [data-testid="property-value"]')).toHaveText("free");
  const [last] = await sql<{ source: string; actor: string; reason: string; new_value: unknown }>(
    "SELECT source, actor, reason, new_value FROM profile_change WHERE profile_id = $1 AND key = 'Plan' ORDER BY id DESC LIMIT 1",
    [owner.id],
  );
  expect(last).toEqual({ source: "staff", actor: editor.email, reason: "customer asked", new_value: "free" });

  // Each action is in the staff audit log under the editor's name.
  const audit = await sql<{ action: string }>("SELECT DISTINCT action FROM staff_audit WHERE actor_email = $1 ORDER BY action", [
    editor.email,
  ]);
  expect(audit.map((row) => row.action)).toEqual([
    "profile-edit",
    "profile-increment",
    "profile-link",
    "profile-revert",
    "profile-unmerge",
    "sign-in",
  ]);
});

test("a viewer sees none of the identity controls, and a replayed increment as a viewer changes nothing", async ({
  page,
  browser,
  createStaff,
}) => {
  const editor = await createStaff("editor");
  const viewer = await createStaff("viewer");
  const profile = await createProfile(page.request, { Name: "Vera", Score: 1 });
  await signIn(page, editor);
  await page.goto(`/profiles/${profile.id}`);
  let captured: Request | undefined;
  await page.route(`**/profiles/${profile.id}`, async (route) => {
    if (route.request().method() === "POST" && route.request().headers()["next-action"]) {
      captured = route.request();
      await route.abort();
    } else await route.continue();
  });
  await page.getByLabel("Amount for Score").fill("100");
  await page.getByRole("button", { name: "Increment Score" }).click();
  await expect.poll(() => captured).toBeTruthy();

  const viewerContext = await browser.newContext({ baseURL: process.env.TAPESTRY_TEST_URL });
  const viewerPage = await viewerContext.newPage();
  await signInWith(viewerPage.request, viewer, clientAddress());
  await viewerPage.goto(`/profiles/${profile.id}`);
  await expect(viewerPage.getByText("read only")).toBeVisible();
  await expect(viewerPage.getByRole("button", { name: /^(Increment|Decrement|Preview link|Unmerge|Revert)/ })).toHaveCount(0);
  await expect(viewerPage.getByLabel("Identity value")).toHaveCount(0);

  const headers = { ...captured!.headers() };
  delete headers.cookie;
  const asViewer = await viewerPage.request.post(captured!.url(), { headers, data: captured!.postData() ?? "" });
  expect(asViewer.status()).toBeLessThan(500);
  expect(await asViewer.text()).toContain("Only editors and admins can change profiles");
  expect((await profileRow(profile.id)).properties.Score).toBe(1);
  await viewerContext.close();
});

test("an editor moves a device to another profile and unlinks an identity, each confirmed, each journalled", async ({
  page,
  createStaff,
}) => {
  const editor = await createStaff("editor");
  const owner = await createProfile(page.request, { Name: "Mira" });
  const visitor = newGuid();
  await upload(page.request, [{ type: "profile", objectId: visitor, profileData: { Plan: "trial" } }]);
  const anonymous = (await profileOfDevice(visitor))!;
  await signIn(page, editor);

  // Move the visitor's device: a destination that is not a profile number is refused by the form's schema.
  await page.goto(`/profiles/${anonymous}`);
  await page.getByRole("button", { name: `Move device ${visitor}` }).click();
  await page.getByLabel("To profile #").fill("not a number");
  await page.getByRole("button", { name: "Move device", exact: true }).click();
  await expect(page.getByText("Enter the number of the profile to move it to.")).toBeVisible();
  expect(await profileOfDevice(visitor)).toBe(anonymous);
  await page.getByLabel("To profile #").fill(String(owner.id));
  await page.getByRole("button", { name: "Move device", exact: true }).click();
  // The confirm closes on success (on a refusal it stays open with the message).
  await expect(page.getByLabel("To profile #")).toHaveCount(0);
  expect(await profileOfDevice(visitor)).toBe(owner.id);

  // Unlink the owner's Identity: it no longer finds the profile; the journal keeps the fact with the editor as actor.
  await page.goto(`/profiles/${owner.id}`);
  await page.getByRole("button", { name: `Unlink Identity ${owner.identity}` }).click();
  await page.getByRole("button", { name: "Confirm unlink" }).click();
  await expect(page.getByRole("button", { name: "Confirm unlink" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: `Unlink Identity ${owner.identity}` })).toHaveCount(0);
  expect(await sql("SELECT 1 FROM profile_identity WHERE value = $1", [owner.identity])).toHaveLength(0);
  const journal = await sql<{ action: string; actor: string }>(
    "SELECT action, actor FROM profile_merge WHERE profile_id = $1 AND action IN ('move-device', 'unlink') ORDER BY id",
    [owner.id],
  );
  expect(journal).toEqual([
    { action: "move-device", actor: editor.email },
    { action: "unlink", actor: editor.email },
  ]);
  // And in the staff audit log: what moved, from which profile to which (the guid and value in the erasable values).
  const audit = await sql<{ action: string; profile_id: string; subject: string; old_value: unknown; new_value: unknown }>(
    `SELECT a.action, a.profile_id::text, a.subject, d.old_value, d.new_value
       FROM staff_audit a JOIN staff_audit_detail d ON d.audit_id = a.id WHERE a.actor_email = $1 ORDER BY a.id`,
    [editor.email],
  );
  expect(audit).toEqual([
    {
      action: "device-move",
      profile_id: String(owner.id),
      subject: "move-device: device",
      old_value: `device ${visitor} on profile #${anonymous}`,
      new_value: `device ${visitor} on profile #${owner.id}`,
    },
    {
      action: "identity-unlink",
      profile_id: String(owner.id),
      subject: "unlink: Identity",
      old_value: `Identity ${owner.identity} on profile #${owner.id}`,
      new_value: "none",
    },
  ]);
});
