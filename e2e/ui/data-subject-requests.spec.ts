// Data-subject requests in the dashboard: an admin exports a person (joined anonymous profile included) and erases
// them after a confirmation naming them; the erased identity is then suppressed until an admin lifts it on the
// suppressions page. Editors and viewers see none of these controls.
import fs from "node:fs";
import { authHeaders, newGuid, profileIdsOfIdentity, profileOfDevice, sql, unique, upload } from "../support/api";
import { seedStaff as createStaff, expect, test } from "../support/fixtures";
import { signIn } from "./dashboard-staff";

const push = (guid: string, profileData: Record<string, unknown>) => ({ type: "profile", objectId: guid, profileData });

test("an admin exports and erases a person with the confirmation; the suppression is listed and lifted", async ({ page, request }) => {
  const admin = await createStaff("admin");
  const identity = unique("dsr");
  const name = unique("Dana Subject");
  await upload(request, [{ type: "profile", identity, profileData: { Name: name, "MSG-sms": true } }]);
  const [person] = await profileIdsOfIdentity(identity);
  const browser = newGuid();
  await upload(request, [
    push(browser, { Phone: "+4915199887766" }),
    { type: "event", objectId: browser, evtName: "Browsed", evtData: { Page: "a" } },
  ]);
  const anonymous = (await profileOfDevice(browser))!;
  await upload(request, [push(browser, { Identity: identity }), { type: "event", identity, evtName: "Bought", evtData: { Amount: 3 } }]);

  await signIn(page, admin);
  await page.goto(`/profiles/${person}`);
  const dsr = page.getByTestId("data-subject-requests");
  await expect(dsr).toContainText("1 anonymous profile(s) joined");

  // Export: one JSON document, the joined anonymous profile included.
  const downloading = page.waitForEvent("download");
  await dsr.getByRole("link", { name: "Export (JSON)" }).click();
  const file = await (await downloading).path();
  const doc = JSON.parse(fs.readFileSync(file, "utf8"));
  expect(doc.profile.id).toBe(person);
  expect(doc.profile.properties.Name).toEqual({ value: name, type: "string" });
  expect(doc.profile.identities).toEqual([expect.objectContaining({ kind: "Identity", value: identity })]);
  expect(doc.profile.devices.map((d: { guid: string }) => d.guid)).toEqual([browser]);
  expect(doc.profile.events.map((e: { name: string }) => e.name)).toContain("Bought");
  expect(doc.profile.merges.map((m: { action: string }) => m.action)).toContain("attach-device");
  expect(doc.profile.consentLedger.find((c: { key: string }) => c.key === "MSG-sms").entries).toHaveLength(1);
  expect(doc.profile.changeLog.length).toBeGreaterThan(0);
  expect(doc.joinedAnonymousProfiles.map((p: { id: number }) => p.id)).toEqual([anonymous]);
  expect(doc.joinedAnonymousProfiles[0].properties.Phone.value).toBe("+4915199887766");
  expect(doc.joinedAnonymousProfiles[0].events.map((e: { name: string }) => e.name)).toContain("Browsed");

  // Erase: the confirmation names the person.
  await dsr.getByRole("button", { name: "Erase…" }).click();
  const confirmation = page.getByTestId("erase-confirmation");
  await expect(confirmation).toContainText(`Erase ${name} (profile #${person}) and the 1 anonymous profile joined to them?`);
  await confirmation.getByRole("button", { name: `Erase ${name}` }).click();
  await expect(page).toHaveURL(new RegExp(`/profiles\\?erased=${person}`));
  expect(await sql("SELECT id FROM profile WHERE id = ANY($1)", [[person, anonymous]])).toEqual([]);
  const audit = await sql<{ action: string; actor_email: string }>(
    "SELECT action, actor_email FROM staff_audit WHERE profile_id = $1 ORDER BY id",
    [person],
  );
  expect(audit).toEqual([
    { action: "profile-export", actor_email: admin.email },
    { action: "profile-erase", actor_email: admin.email },
  ]);

  // Suppressed: the API refuses the identity again.
  const refused = await upload(request, [{ type: "profile", identity, profileData: { Name: "Back" } }]);
  expect(refused.unprocessed.map((u) => u.code)).toEqual([560]);

  // The admin finds it on the suppressions page by its value, and lifts it.
  await page.goto("/suppressions");
  await page.getByLabel("Kind").selectOption("Identity");
  await page.getByRole("textbox", { name: "Value" }).fill(identity);
  await page.getByRole("button", { name: "Look up" }).click();
  const found = page.getByTestId("lookup-result");
  await expect(found.getByTestId("suppression")).toContainText("erased");
  await found.getByRole("button", { name: /^Lift Identity/ }).click();
  await found.getByRole("button", { name: /^Confirm lifting Identity/ }).click();
  // What the admin sees once the page refreshes: the value is no longer suppressed (the action's own "Lifted" note
  // goes with the refresh, so it is not what this waits for).
  await expect(found).toContainText("This value is not suppressed.");
  await expect(found.getByTestId("suppression")).toHaveCount(0);
  await expect
    .poll(async () => (await upload(request, [{ type: "profile", identity, profileData: { Name: "Back" } }])).processed, { timeout: 5000 })
    .toBe(1);
  expect(
    (await sql<{ action: string }>("SELECT action FROM staff_audit WHERE actor_email = $1 ORDER BY id DESC LIMIT 1", [admin.email]))[0],
  ).toEqual({
    action: "suppression-lift",
  });
  expect((await request.get(`/1/export/profile.json?identity=${identity}`, { headers: authHeaders })).status()).toBe(200);
});

test("editors and viewers see no export, erase or suppression controls, and the routes refuse them", async ({ browser }) => {
  const identity = unique("dsr-hidden");
  const context0 = await browser.newContext({ baseURL: process.env.TAPESTRY_TEST_URL });
  await upload(context0.request, [{ type: "profile", identity, profileData: { Name: "Hidden" } }]);
  const [id] = await profileIdsOfIdentity(identity);
  await context0.close();
  for (const role of ["editor", "viewer"] as const) {
    const context = await browser.newContext({ baseURL: process.env.TAPESTRY_TEST_URL });
    const page = await context.newPage();
    await signIn(page, await createStaff(role));
    await page.goto(`/profiles/${id}`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Hidden");
    await expect(page.getByTestId("data-subject-requests")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Erase…" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Suppressions" })).toHaveCount(0);
    expect((await page.request.get(`/profiles/${id}/export`)).status()).toBe(403);
    await page.goto("/suppressions");
    await expect(page).toHaveURL(/\/forbidden$/);
    await context.close();
  }
  expect(await profileIdsOfIdentity(identity)).toEqual([id]);
});
