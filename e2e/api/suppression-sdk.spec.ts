// The Web SDK endpoint and the suppression list: an erased person's device and identity are dropped silently (the
// answer is the usual script; nothing is written), and come back once the suppression is gone.
import type { APIRequestContext } from "@playwright/test";
import LZString from "lz-string";
import { ACCOUNT_ID, authHeaders, profileIdsOfIdentity, sql, unique } from "../support/api";
import { expect, test } from "../support/fixtures";

const encode = (payload: unknown) => encodeURIComponent(LZString.compressToBase64(JSON.stringify(payload)));
const JSONP = /^\$WZRK_WR\.s\('([0-9a-f]{32})',/;

async function sdkPush(request: APIRequestContext, profile: Record<string, unknown>, gc?: string): Promise<string> {
  const parts = [
    "t=96",
    "type=push",
    `d=${encode({ type: "profile", profile, id: ACCOUNT_ID })}`,
    "rn=1",
    `i=${Math.floor(Date.now() / 1000)}`,
  ];
  if (gc) parts.push(`gc=${gc}`);
  const response = await request.get(`/a?${parts.join("&")}`);
  expect(response.status()).toBe(200);
  const match = JSONP.exec(await response.text());
  expect(match).not.toBeNull();
  return match![1]!;
}

test("an erased identity and device are dropped silently by the SDK endpoint until the suppression is lifted", async ({ request }) => {
  const identity = unique("sdk-supp");
  const guid = await sdkPush(request, { Identity: identity, Name: "Sam" });
  expect(await profileIdsOfIdentity(identity)).toHaveLength(1);
  const erased = await request.post("/1/delete/profiles.json", { headers: authHeaders, data: { identity } });
  expect(await erased.json()).toEqual({ status: "success", deleted: 1 });

  // The same browser again, and another browser logging in as the erased identity: answered, nothing written.
  expect(await sdkPush(request, { Plan: "back" }, guid)).toBe(guid);
  const other = await sdkPush(request, { Identity: identity });
  expect(await sql("SELECT 1 FROM device WHERE guid = ANY($1)", [[guid, other]])).toEqual([]);
  expect(await profileIdsOfIdentity(identity)).toEqual([]);

  // Lifted (the rows gone; the server's cache holds them for at most a second): the login goes through.
  await sql("DELETE FROM suppression WHERE account_id = $1 AND request_id = $2", [ACCOUNT_ID, erased.headers()["x-request-id"]]);
  await expect
    .poll(async () => {
      await sdkPush(request, { Identity: identity });
      return (await profileIdsOfIdentity(identity)).length;
    })
    .toBe(1);
});
