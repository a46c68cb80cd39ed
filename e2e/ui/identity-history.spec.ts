// A profile's history after devices move between people (issue 13): its own rows, plus the rows of anonymous profiles
// whose device joined it (marked before sign-in), never a row of an identified profile it did not merge with; the
// anonymous profile left behind is marked joined and leaves the Anonymous tab unless a filter asks for it.

import { newGuid, profileOfDevice, unique, upload } from "../support/api";
import { expect, test } from "../support/fixtures";
import { sdkProfile } from "../support/sdk";
import { signIn } from "./dashboard-staff";

test("history isolation after a user switch on one device, and the anonymous profile a sign-in leaves behind", async ({
  page,
  createStaff,
}) => {
  const [alice, bob] = [unique("alice"), unique("bob")];
  const secret = unique("secret");
  const g = newGuid();
  await upload(page.request, [
    { type: "profile", objectId: g, profileData: { Identity: alice, Secret: secret } },
    { type: "event", objectId: g, evtName: "Alice only", evtData: {} },
  ]);
  const a = (await profileOfDevice(g))!;
  await sdkProfile(page.request, { Identity: bob, Name: "Bob Switch" }, { g, isOUL: true }); // another user logs in on g
  const b = (await profileOfDevice(g))!;
  expect(b).not.toBe(a);

  const t = newGuid(); // an anonymous visit on another browser, then its first login as Bob (a plain push)
  await upload(page.request, [{ type: "event", objectId: t, evtName: "Browsed before sign-in", evtData: {} }]);
  const n = (await profileOfDevice(t))!;
  await upload(page.request, [{ type: "profile", objectId: t, profileData: { Identity: bob } }]);
  expect(await profileOfDevice(t)).toBe(b);

  await signIn(page, await createStaff("viewer"));
  await page.goto(`/profiles/${b}`);
  const history = page.getByTestId("history");
  await expect(history.locator("li[data-kind=event]", { hasText: "Browsed before sign-in" })).toContainText(
    "before sign-in on this device",
  );
  await expect(history).not.toContainText(secret);
  await expect(history).not.toContainText("Alice only");
  await expect(history.locator("li[data-kind=merge]", { hasText: g })).toContainText(`from identified profile #${a}, which keeps its data`);
  await expect(history.locator("li[data-kind=merge]", { hasText: t })).toContainText(`from anonymous profile #${n}`);

  // Alice keeps every row of hers.
  await page.goto(`/profiles/${a}`);
  await expect(page.getByTestId("history").locator("li[data-kind=event]", { hasText: "Alice only" })).toBeVisible();
  await expect(page.locator('tr[data-key="Secret"] [data-testid="property-value"]')).toHaveText(secret);

  // The anonymous profile left behind: marked joined with a link, out of the Anonymous tab unless filtered for.
  await page.goto(`/profiles/${n}`);
  await expect(page.getByTestId("joined-to")).toContainText(`#${b}`);
  await page.getByTestId("joined-to").getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/profiles/${b}$`));
  const byId = encodeURIComponent(JSON.stringify(["$id", "eq", String(n)]));
  await page.goto(`/profiles?tab=anonymous&f=${byId}`);
  await expect(page.locator(`a[href="/profiles/${n}"]`)).toHaveCount(0);
  const joined = encodeURIComponent(JSON.stringify(["$joined", "eq", String(b)]));
  await page.goto(`/profiles?tab=anonymous&f=${joined}`);
  await expect(page.locator(`a[href="/profiles/${n}"]`).first()).toBeVisible();
});
