// The identity rules through the unmodified official Web SDK (issue 13): FBID, GPID and numeric Identity logins; a
// profile.push of a new Email stays on the identified profile; one of an Email another identified person holds moves
// nothing; an anonymous browser pushing a held Email is re-pointed to its owner, leaving a profile marked joined.

import { profileIdsOfIdentity, profileOfDevice, sql, unique, upload } from "../support/api";
import { expect, test } from "../support/fixtures";
import { openShop, sdkLogin, sdkPushProfile } from "../support/shop";

const row = async (id: number) =>
  (
    await sql<{ identified: boolean; properties: Record<string, unknown>; joined_to_profile_id: string | null }>(
      "SELECT identified, properties, joined_to_profile_id FROM profile WHERE id = $1",
      [id],
    )
  )[0];
const identities = async (id: number) =>
  (
    await sql<{ kind: string; value: string }>("SELECT kind, value FROM profile_identity WHERE profile_id = $1 ORDER BY kind, value", [id])
  ).map((r) => `${r.kind}:${r.value}`);
const devices = async (id: number) =>
  (await sql<{ guid: string }>("SELECT guid FROM device WHERE profile_id = $1", [id])).map((r) => r.guid);
const poll = { timeout: 20_000 };

test("FBID, GPID and numeric Identity logins identify the browser's profile", async ({ browser }) => {
  const numeric = 7_000_000_000 + Math.floor(Math.random() * 1_000_000_000);
  for (const [kind, value] of [
    ["FBID", unique("fb")],
    ["GPID", unique("gp")],
    ["Identity", numeric],
  ] as const) {
    const { page, guid } = await openShop(browser);
    await sdkLogin(page, { [kind]: value, Name: `${kind} user` });
    await expect.poll(async () => (await profileIdsOfIdentity(String(value))).length, poll).toBe(1);
    const [id] = await profileIdsOfIdentity(String(value));
    expect(await profileOfDevice(guid)).toBe(id);
    expect(await row(id)).toMatchObject({ identified: true, properties: { [kind]: String(value), Name: `${kind} user` } });
    await page.context().close();
  }
});

test("profile.push of Emails on a signed-in browser: a new one joins the same person, a held one is refused and moves nothing", async ({
  browser,
}) => {
  const carol = unique("carol");
  await upload((await browser.newContext()).request, [
    { type: "profile", identity: carol, profileData: { Email: `${carol}@example.com` } },
  ]);
  const [c] = await profileIdsOfIdentity(carol);
  const alice = unique("alice");
  const { page, guid } = await openShop(browser);
  await sdkLogin(page, { Identity: alice, Email: `${alice}@example.com` });
  await expect.poll(async () => (await profileIdsOfIdentity(alice)).length, poll).toBe(1);
  const [a] = await profileIdsOfIdentity(alice);

  await sdkPushProfile(page, { Email: `${alice}-new@example.com` });
  await expect.poll(async () => (await row(a)).properties.Email, poll).toBe(`${alice}-new@example.com`);
  expect(await identities(a)).toEqual([`Email:${alice}-new@example.com`, `Email:${alice}@example.com`, `Identity:${alice}`]);
  expect(await profileOfDevice(guid)).toBe(a);

  await sdkPushProfile(page, { Email: `${carol}@example.com`, Plan: "gold" });
  await expect.poll(async () => (await row(a)).properties.Plan, poll).toBe("gold");
  expect(await profileOfDevice(guid)).toBe(a);
  expect((await row(a)).properties.Email).toBe(`${alice}-new@example.com`);
  expect(await devices(c)).toEqual([]);

  // An anonymous browser pushing Carol's Email is hers: its device is re-pointed, its anonymous profile marked joined.
  const other = await openShop(browser);
  await expect.poll(() => profileOfDevice(other.guid), poll).toBeDefined();
  const anonymous = (await profileOfDevice(other.guid))!;
  await sdkPushProfile(other.page, { Email: `${carol}@example.com` });
  await expect.poll(() => profileOfDevice(other.guid), poll).toBe(c);
  expect(await row(anonymous)).toMatchObject({ identified: false, joined_to_profile_id: String(c) });
});
