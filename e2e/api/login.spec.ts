// onUserLogin over HTTP. A browser's first login arrives as a plain push (REST objectId or the SDK's push with gc);
// a switch to another user is the SDK's isOUL call, which is the only login that can move an identified device.
import { newGuid, profileIdsOfIdentity, profileJson, profileOfDevice, propertiesOf, sql, unique, upload } from "../support/api";
import { expect, test } from "../support/fixtures";
import { sdkProfile } from "../support/sdk";

const push = (guid: string, profileData: Record<string, unknown>) => ({ type: "profile", objectId: guid, profileData });
const event = (guid: string, evtName: string) => ({ type: "event", objectId: guid, evtName, evtData: {} });

test("the login cases on one browser, and a second browser", async ({ request }) => {
  const browser = newGuid();
  const user = unique("user");
  const other = unique("other");

  // An anonymous visitor with history.
  await upload(request, [push(browser, { Plan: "trial" }), event(browser, "Viewed pricing")]);
  const anonymous = (await profileOfDevice(browser))!;
  expect((await sql("SELECT identified FROM profile WHERE id = $1", [anonymous]))[0]).toEqual({ identified: false });

  // First login on the anonymous device: the same profile becomes identified and keeps its history.
  await upload(request, [push(browser, { Identity: user, Name: "Ada" })]);
  expect(await profileOfDevice(browser)).toBe(anonymous);
  expect(await profileIdsOfIdentity(user)).toEqual([anonymous]);
  expect(await propertiesOf(anonymous)).toMatchObject({ Plan: "trial", Name: "Ada", Identity: user });
  expect((await profileJson(request, `identity=${user}`)).body.record.events).toHaveProperty("Viewed pricing");
  const identify = await sql("SELECT action, identity_kind, identity_value, device_guid FROM profile_merge WHERE profile_id = $1", [
    anonymous,
  ]);
  expect(identify).toEqual([{ action: "identify", identity_kind: "Identity", identity_value: user, device_guid: browser }]);

  // The same user again: appended to the same profile.
  await upload(request, [push(browser, { Identity: user, Score: 1 })]);
  expect(await profileOfDevice(browser)).toBe(anonymous);
  expect(await propertiesOf(anonymous)).toMatchObject({ Score: 1, Name: "Ada" });

  // A different user on the same browser (isOUL): a new profile; the device points there; the first is untouched.
  const before = await propertiesOf(anonymous);
  await sdkProfile(request, { Identity: other, Name: "Bob" }, { g: browser, isOUL: true });
  await upload(request, [event(browser, "Bob clicked")]);
  const bob = (await profileOfDevice(browser))!;
  expect(bob).not.toBe(anonymous);
  expect(await profileIdsOfIdentity(other)).toEqual([bob]);
  expect(await propertiesOf(anonymous)).toEqual(before);
  expect((await profileJson(request, `identity=${other}`)).body.record.events).toHaveProperty("Bob clicked");
  expect((await profileJson(request, `identity=${user}`)).body.record.events).not.toHaveProperty("Bob clicked");
  const moved = await sql("SELECT action, previous_profile_id FROM profile_merge WHERE profile_id = $1 AND action = 'attach-device'", [
    bob,
  ]);
  expect(moved).toEqual([{ action: "attach-device", previous_profile_id: String(anonymous) }]);

  // Switching back (isOUL with the cached guid) resumes the first profile.
  await sdkProfile(request, { Identity: user }, { g: browser, isOUL: true });
  expect(await profileOfDevice(browser)).toBe(anonymous);

  // A login without an identity key updates the current profile.
  await upload(request, [push(browser, { Name: "Ada L." })]);
  expect((await propertiesOf(anonymous)).Name).toBe("Ada L.");

  // The same user from a second browser: two devices on one profile.
  const laptop = newGuid();
  await upload(request, [push(laptop, { Identity: user })]);
  expect(await profileOfDevice(laptop)).toBe(anonymous);
  const platformInfo = (await profileJson(request, `identity=${user}`)).body.record.platformInfo;
  expect(platformInfo.map((p: { objectId: string }) => p.objectId).sort()).toEqual([browser, laptop].sort());

  // Two identified users are never merged.
  expect(await sql("SELECT count(*)::int AS n FROM profile WHERE id IN ($1, $2)", [anonymous, bob])).toEqual([{ n: 2 }]);
});

test("an anonymous device logging in as a known user moves to that user; its anonymous history stays apart", async ({ request }) => {
  const user = unique("known");
  await upload(request, [{ type: "profile", identity: user, profileData: { Name: "Known" } }]);
  const known = (await profileIdsOfIdentity(user))[0];
  const tablet = newGuid();
  await upload(request, [event(tablet, "Anonymous browsing")]);
  const anonymous = (await profileOfDevice(tablet))!;
  await upload(request, [push(tablet, { Identity: user })]);
  expect(await profileOfDevice(tablet)).toBe(known);
  expect((await sql("SELECT identified FROM profile WHERE id = $1", [anonymous]))[0]).toEqual({ identified: false });
  expect((await profileJson(request, `identity=${user}`)).body.record.events).not.toHaveProperty("Anonymous browsing");
});

// The two stampedes run on accounts of their own: they fill the 15 request slots, which other tests share.
test("concurrent logins with one identity from many devices make exactly one identified profile", async ({ request, createAccount }) => {
  const headers = await createAccount();
  const user = unique("stampede");
  const devices = Array.from({ length: 25 }, () => newGuid());
  await Promise.all(devices.map((guid) => upload(request, [push(guid, { Identity: user, Email: `${user}@example.com` })], headers)));
  const owners = await profileIdsOfIdentity(user, headers["X-CleverTap-Account-Id"]);
  expect(owners).toHaveLength(1);
  const pointing = await sql<{ profile_id: string }>("SELECT DISTINCT profile_id FROM device WHERE account_id = $1 AND guid = ANY($2)", [
    headers["X-CleverTap-Account-Id"],
    devices,
  ]);
  expect(pointing.map((row) => Number(row.profile_id))).toEqual(owners);
});

test("100 parallel increments lose nothing", async ({ request, createAccount }) => {
  const headers = await createAccount();
  const identity = unique("counter");
  await upload(request, [{ type: "profile", identity, profileData: { Score: 0 } }], headers);
  await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      upload(
        request,
        [{ type: "profile", identity, profileData: i % 4 === 3 ? { Score: { $decr: 1 } } : { Score: { $incr: 2 } } }],
        headers,
      ),
    ),
  );
  // 75 × +2 and 25 × −1
  expect((await profileJson(request, `identity=${identity}`, headers)).body.record.profileData.Score).toBe(125);
  const [{ n }] = await sql<{ n: number }>("SELECT count(*)::int AS n FROM profile_change WHERE key = 'Score' AND profile_id = $1", [
    (await profileIdsOfIdentity(identity, headers["X-CleverTap-Account-Id"]))[0],
  ]);
  expect(n).toBe(101);
});
