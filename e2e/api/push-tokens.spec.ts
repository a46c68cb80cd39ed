// Device tokens (issue 12 §4): CleverTap's token upload records through the official Node library's
// uploadDeviceTokens, the Web SDK's web-push (un)registration, a token moving between devices, erasure.
import CleverTap from "clevertap";
import { ACCOUNT_ID, authHeaders, newGuid, PASSCODE, sql, unique, upload } from "../support/api";
import { expect, test } from "../support/fixtures";
import { sdkProfile, sdkPush } from "../support/sdk";

type TokenRow = { guid: string; token_type: string; token: string; p256dh: string | null; source: string };
const tokensOf = (token: string) =>
  sql<TokenRow>(
    `SELECT d.guid, t.token_type, t.token, t.p256dh, t.source FROM push_token t JOIN device d ON d.id = t.device_id
      WHERE t.account_id = $1 AND t.token = $2`,
    [ACCOUNT_ID, token],
  );
const fcmToken = () => `${unique("dYfuuBmHLGI")}:APA91bEfAq1b6NAmz0uhUbVxwSLqgKF25zDb7vhgajzS-bOAEUKekH`;

test("uploadDeviceTokens through the official Node library: a token lands on its device; bad records fail alone", async ({ baseURL }) => {
  const clevertap = CleverTap.init(ACCOUNT_ID, PASSCODE, CleverTap.REGIONS.EUROPE);
  (clevertap as unknown as { api: { apiEndpoint: string } }).api.apiEndpoint = `${baseURL}/1`;
  const guid = newGuid();
  const token = fcmToken();
  // The device is made by a profile record of the same batch: tokens are written last in its transaction.
  const answer = await clevertap.uploadDeviceTokens([
    { type: "profile", objectId: guid, profileData: { Plan: "gold" } },
    { type: "token", objectId: guid, tokenData: { id: token, type: "fcm" } },
    { type: "token", objectId: newGuid(), tokenData: { id: fcmToken(), type: "fcm" } },
    { type: "token", objectId: guid, tokenData: { id: fcmToken(), type: "pager" } },
    { type: "token", objectId: guid, tokenData: { id: "half \ud800 a surrogate", type: "fcm" } },
    { type: "token", objectId: guid, tokenData: { id: fcmToken(), type: "chrome" } },
    { type: "token", identity: unique("person"), tokenData: { id: fcmToken(), type: "fcm" } },
  ]);
  expect(answer.processed).toBe(2);
  expect(answer.status).toBe("partial");
  expect((answer.unprocessed as { code: number }[]).map((u) => u.code)).toEqual([534, 532, 531, 533, 523]);
  expect(await tokensOf(token)).toEqual([{ guid, token_type: "fcm", token, p256dh: null, source: "api" }]);
});

test("a token sent again for another device moves there; twice in one batch, the last wins", async ({ request }) => {
  const [first, second] = [newGuid(), newGuid()];
  await upload(request, [
    { type: "profile", objectId: first, profileData: {} },
    { type: "profile", objectId: second, profileData: {} },
  ]);
  const token = fcmToken();
  expect(await upload(request, [{ type: "token", objectId: first, tokenData: { id: token, type: "fcm" } }])).toMatchObject({
    status: "success",
  });
  const twice = await upload(request, [
    { type: "token", objectId: first, tokenData: { id: token, type: "fcm" } },
    { type: "token", objectId: second, tokenData: { id: token, type: "FCM" } },
  ]);
  expect(twice).toEqual({ status: "success", processed: 2, unprocessed: [] });
  expect((await tokensOf(token)).map((t) => t.guid)).toEqual([second]);
});

test("the Web SDK's web-push registration is stored for its device, moved on a user switch, dropped on unregister", async ({ request }) => {
  const guid = await sdkProfile(request, { Name: unique("browser") });
  const endpoint = unique("fJx3aN0-web-push-endpoint");
  const keys = { p256dh: "BOr8yJmXgC2mOJ3Ts4tPUmPvFqYtKxA3bXWXl8hYzWQ", auth: "tBHItJI5svbpez7KI4CCXg" };
  await sdkPush(request, { endpoint, keys, browser: "Chrome", g: guid }, { gc: guid, type: "data" });
  expect(await tokensOf(endpoint)).toEqual([{ guid, token_type: "chrome", token: endpoint, p256dh: keys.p256dh, source: "sdk" }]);

  // Without keys a web-push subscription cannot be used: nothing is stored, and the SDK is answered as usual.
  const keyless = unique("keyless");
  await sdkPush(request, { endpoint: keyless, browser: "Chrome" }, { gc: guid, type: "data" });
  expect(await tokensOf(keyless)).toEqual([]);

  // Another user signs in on the browser: the SDK unregisters the previous user's guid and registers the new one.
  const next = await sdkProfile(request, { Name: unique("next") });
  await sdkPush(request, { action: "unregister", g: guid }, { gc: next, type: "data" });
  expect(await tokensOf(endpoint)).toEqual([]);
  await sdkPush(request, { endpoint, keys, browser: "Chrome" }, { gc: next, type: "data" });
  expect((await tokensOf(endpoint)).map((t) => t.guid)).toEqual([next]);
});

test("a device that opted out of tracking registers no web-push token", async ({ request }) => {
  const guid = await sdkProfile(request, { Name: unique("private") });
  await sdkPush(request, { type: "profile", profile: { ct_optout: true } }, { gc: guid });
  const endpoint = unique("opted-out-endpoint");
  const keys = { p256dh: "BOr8yJmXgC2mOJ3Ts4tPUmPvFqYtKxA3bXWXl8hYzWQ", auth: "tBHItJI5svbpez7KI4CCXg" };
  await sdkPush(request, { endpoint, keys, browser: "Firefox" }, { gc: guid, type: "data" });
  expect(await tokensOf(endpoint)).toEqual([]);
});

test("the export lists a device's tokens and an erasure deletes them", async ({ request }) => {
  const identity = unique("tokened");
  const guid = newGuid();
  await upload(request, [{ type: "profile", objectId: guid, profileData: { Identity: identity } }]);
  const token = fcmToken();
  await upload(request, [{ type: "token", objectId: guid, tokenData: { id: token, type: "fcm" } }]);
  const exported = await request.get(`/1/export/profile.json?identity=${identity}`, { headers: authHeaders });
  expect(exported.status()).toBe(200);
  const document = await exported.json();
  expect(JSON.stringify(document)).toContain(token);
  const erased = await request.post("/1/delete/profiles.json", { headers: authHeaders, data: { identity } });
  expect(erased.status()).toBe(200);
  expect(await tokensOf(token)).toEqual([]);
});
