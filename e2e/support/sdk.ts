// The Web SDK's wire over HTTP, for API tests that play a browser: /a calls with an LZ-String `d`, answered by JSONP.
import { type APIRequestContext, expect } from "@playwright/test";
import LZString from "lz-string";
import { ACCOUNT_ID } from "./api";

const JSONP = /^\$WZRK_WR\.s\('([0-9a-f]{32})(?::OO)?',\d+,(?:true|false),\d+(?:,(?:true|false))?\);$/;

/** One /a push call. `gc`: the device's guid in the query (plain calls); `g`: the cached guid inside `d` (an isOUL
 * switch back to a known user); neither: a call after clear() or a new user's login (isOUL + rc). Returns the guid the
 * server answered with. `headers`: e.g. an X-Forwarded-For, which the test server believes from loopback. `type`:
 * "data" for a web-push token (un)registration. */
export async function sdkPush(
  request: APIRequestContext,
  payload: Record<string, unknown>,
  options: { gc?: string; g?: string; isOUL?: boolean; headers?: Record<string, string>; type?: "push" | "data" } = {},
): Promise<string> {
  const d = {
    ...payload,
    id: ACCOUNT_ID,
    ...(options.g ? { g: options.g } : {}),
    ...(options.isOUL ? { isOUL: true, rc: !options.g } : {}),
  };
  const query = [`t=96`, `type=${options.type ?? "push"}`, `d=${encodeURIComponent(LZString.compressToBase64(JSON.stringify(d)))}`, `rn=1`];
  if (options.gc) query.push(`gc=${options.gc}`);
  const response = await request.get(`/a?${query.join("&")}`, { headers: options.headers });
  expect(response.status()).toBe(200);
  const match = JSONP.exec(await response.text());
  expect(match).not.toBeNull();
  return match![1];
}

export const sdkProfile = (
  request: APIRequestContext,
  profile: Record<string, unknown>,
  options: { gc?: string; g?: string; isOUL?: boolean } = {},
) => sdkPush(request, { type: "profile", profile }, options);

export const sdkEvent = (request: APIRequestContext, gc: string, evtName: string, evtData: Record<string, unknown> = {}) =>
  sdkPush(request, { type: "event", evtName, evtData }, { gc });
