// Consents in the dashboard: tri-state with a required reason on every form, the ledger newest first with the
// address state from the subscribe API beside the flag, and a viewer without controls.
import { authHeaders, sql, unique } from "../support/api";
import { seedStaff as createStaff, expect, test } from "../support/fixtures";
import { createProfile, profileRow, signIn } from "./dashboard-staff";

test("an editor resets a consent to not set with a reason and sees it in the ledger", async ({ page }) => {
  const editor = await createStaff("editor");
  const email = `${unique("ledger")}@example.com`;
  const profile = await createProfile(page.request, { Name: "Ledger Person", Email: email, "MSG-email": true });
  const unsubscribed = await page.request.post("/1/subscribe", {
    headers: authHeaders,
    data: { d: [{ type: "email", value: email, status: "Unsubscribe" }] },
  });
  expect(unsubscribed.status()).toBe(200);

  await signIn(page, editor);
  await page.goto(`/profiles/${profile.id}`);
  const panel = page.getByTestId("consent-MSG-email");
  await expect(panel.getByTestId("consent-state")).toHaveText("on");
  await expect(panel.getByTestId("consent-address")).toContainText("unsubscribed · wins: the address");

  await panel.getByRole("button", { name: "Change MSG-email" }).click();
  await panel.getByLabel("Not set").check();
  await panel.getByRole("button", { name: "Save consent" }).click();
  await expect(panel.getByText("Say why the consent changes")).toBeVisible();
  expect((await profileRow(profile.id)).properties["MSG-email"]).toBe(true);
  await panel.getByLabel("Reason for the change").fill("Customer withdrew the opt-in by phone");
  await panel.getByRole("button", { name: "Save consent" }).click();
  await expect(panel.getByTestId("consent-state")).toHaveText("not set");
  expect((await profileRow(profile.id)).properties).not.toHaveProperty("MSG-email");

  // Newest first: the staff reset, the address unsubscribe (API), the first opt-in (API).
  const entries = page.getByTestId("ledger-MSG-email").getByTestId("ledger-entry");
  await expect(entries).toHaveCount(3);
  await expect(entries.nth(0)).toContainText("profile flag");
  await expect(entries.nth(0)).toContainText("on → not set");
  await expect(entries.nth(0)).toContainText("staff");
  await expect(entries.nth(0)).toContainText(editor.email);
  await expect(entries.nth(0)).toContainText("Customer withdrew the opt-in by phone");
  await expect(entries.nth(1)).toContainText(`Unsubscribe (${email})`);
  await expect(entries.nth(1)).toContainText("api");
  await expect(entries.nth(2)).toContainText("not set → on");

  // "Add a property" with an MSG-* key asks for the reason too.
  await page.locator("summary", { hasText: "Add a property" }).click();
  const form = page.getByRole("form", { name: "Add a property" });
  await form.getByLabel("Property").fill("MSG-push");
  await form.getByLabel("Type").selectOption("boolean");
  await form.getByLabel("Value").selectOption("true");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByText("Say why the consent changes")).toBeVisible();
  expect((await profileRow(profile.id)).properties).not.toHaveProperty("MSG-push");
  await form.getByLabel("Reason for the change").fill("Opted in at the desk");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("consent-MSG-push").getByTestId("consent-state")).toHaveText("on");
  const staffSets = await sql<{ reason: string }>(
    "SELECT reason FROM profile_change_set WHERE profile_id = $1 AND source = 'staff' ORDER BY id",
    [profile.id],
  );
  expect(staffSets.map((s) => s.reason)).toEqual(["Customer withdrew the opt-in by phone", "Opted in at the desk"]);
});

test("a viewer sees the consents and the ledger but no control to change them", async ({ page }) => {
  const viewer = await createStaff("viewer");
  const profile = await createProfile(page.request, { Name: "Viewed", "MSG-sms": false });
  await signIn(page, viewer);
  await page.goto(`/profiles/${profile.id}`);
  await expect(page.getByTestId("consent-MSG-sms").getByTestId("consent-state")).toHaveText("off");
  await expect(page.getByTestId("ledger-MSG-sms").getByTestId("ledger-entry")).toHaveCount(1);
  await expect(page.getByRole("button", { name: /^Change MSG-/ })).toHaveCount(0);
  await expect(page.locator("summary", { hasText: "Add a property" })).toHaveCount(0);
});
