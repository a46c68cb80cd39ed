// Consents over the APIs: the merge rule at a real join (both ways), and the subscribe API through the official
// Node library, with its channel-value state in the ledger.
import CleverTap from "clevertap";
import {
  ACCOUNT_ID,
  authHeaders,
  newGuid,
  PASSCODE,
  profileIdsOfIdentity,
  profileOfDevice,
  propertiesOf,
  sql,
  unique,
  upload,
} from "../support/api";
import { expect, test } from "../support/fixtures";

const push = (guid: string, profileData: Record<string, unknown>) => ({ type: "profile", objectId: guid, profileData });

test("a login joining a device: an anonymous unsubscribe wins over an older opt-in and is journaled as a merge", async ({ request }) => {
  const user = unique("consent");
  await upload(request, [{ type: "profile", identity: user, profileData: { "MSG-email": true, "MSG-sms": false } }]);
  const [identified] = await profileIdsOfIdentity(user);

  const browser = newGuid();
  await upload(request, [push(browser, { "MSG-email": false, "MSG-push": true })]);
  const anonymous = (await profileOfDevice(browser))!;
  expect(anonymous).not.toBe(identified);

  await upload(request, [push(browser, { Identity: user })]);
  expect(await profileOfDevice(browser)).toBe(identified);
  expect(await propertiesOf(identified)).toMatchObject({ "MSG-email": false, "MSG-push": true, "MSG-sms": false });
  const merge = await sql<{ source: string; reason: string; changes: unknown }>(
    "SELECT source, reason, changes FROM profile_change_set WHERE profile_id = $1 AND source = 'merge'",
    [identified],
  );
  expect(merge).toHaveLength(1);
  expect(merge[0]!.reason).toContain(`#${anonymous}`);
  expect(merge[0]!.changes).toEqual([
    { key: "MSG-email", operation: "set", oldValue: true, oldType: "boolean", newValue: false, newType: "boolean" },
    { key: "MSG-push", operation: "set", newValue: true, newType: "boolean" },
  ]);
  // The profile the device left keeps its own consents.
  expect(await propertiesOf(anonymous)).toMatchObject({ "MSG-email": false, "MSG-push": true });
});

test("the other way: a newer explicit opt-in on the joining device lifts an older opt-out", async ({ request }) => {
  const user = unique("consent");
  await upload(request, [{ type: "profile", identity: user, profileData: { "MSG-email": false } }]);
  const [identified] = await profileIdsOfIdentity(user);
  const browser = newGuid();
  await upload(request, [push(browser, { "MSG-email": true })]);
  await upload(request, [push(browser, { Identity: user })]);
  expect((await propertiesOf(identified))["MSG-email"]).toBe(true);
});

test("subscribe through the official Node library: a channel value covers every profile holding it", async ({ request, baseURL }) => {
  const clevertap = CleverTap.init(ACCOUNT_ID, PASSCODE, CleverTap.REGIONS.EUROPE);
  (clevertap as unknown as { api: { apiEndpoint: string } }).api.apiEndpoint = `${baseURL}/1`;
  const email = `${unique("sub")}@Example.com`;
  const phone = `+4915${Math.floor(1e8 + Math.random() * 9e8)}`;
  const first = unique("sub-a");
  const second = unique("sub-b");
  await upload(request, [
    { type: "profile", identity: first, profileData: { "MSG-email": true, Email: email, Phone: phone, "MSG-sms": true } },
    { type: "profile", identity: second, profileData: { Phone: phone } },
  ]);

  const answer = await clevertap.subscribe({
    d: [
      { type: "email", value: email.toUpperCase(), status: "Unsubscribe" },
      { type: "phone", value: phone, status: "Unsubscribe" },
      { type: "phone", value: "not a phone", status: "Unsubscribe" },
      { type: "fax", value: phone, status: "Unsubscribe" },
    ],
  });
  expect(answer).toMatchObject({ status: "partial", processed: 2 });
  expect(answer.unprocessed.map((u: { error: string }) => u.error)).toEqual([
    expect.stringContaining("E.164"),
    "type must be 'email' or 'phone'",
  ]);
  const rows = await sql<{ channel: string; value: string; status: string; source: string }>(
    "SELECT channel, value, status, source FROM channel_subscription_change WHERE value = ANY($1) ORDER BY id",
    [[email.toLowerCase(), phone]],
  );
  expect(rows).toEqual([
    { channel: "email", value: email.toLowerCase(), status: "Unsubscribe", source: "api" },
    { channel: "phone", value: phone, status: "Unsubscribe", source: "api" },
  ]);
  // The profile flags themselves do not change: the address state sits beside them.
  const [firstId] = await profileIdsOfIdentity(first);
  expect(await propertiesOf(firstId!)).toMatchObject({ "MSG-email": true, "MSG-sms": true });

  const bad = await request.post("/1/subscribe", { headers: authHeaders, data: { d: "nope" } });
  expect(bad.status()).toBe(400);
  expect(await clevertap.subscribe({ d: [{ type: "email", value: email, status: "Resubscribe" }] })).toMatchObject({
    status: "success",
    processed: 1,
  });
});
