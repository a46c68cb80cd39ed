// Fuzz of the Web SDK endpoint: raw query strings and LZ payloads of hostile shape. /a always answers 200 with a
// valid $WZRK_WR script (JSONP) or its JSON meta (fetch mode), so no browser is ever left blocked.
import { expect, test } from "@playwright/test";
import fc from "fast-check";
import { ACCOUNT_ID } from "../support/api";
import { sdkQuery } from "./arbitraries";
import { checkAfterCase } from "./invariants";
import { assertProperty } from "./settings";

const JSONP = /^\$WZRK_WR\.s\('[0-9a-f]{32}(:OO)?',\d+,(true|false),\d+(,(true|false))?\);$/;

test("GET /a: any query answers 200 with a valid $WZRK_WR script or fetch-mode meta", async ({ request }) => {
  test.setTimeout(0);
  await assertProperty(
    "sdk /a",
    fc.asyncProperty(sdkQuery(ACCOUNT_ID), async ({ query, fetchMode }) => {
      const response = await request.get(`/a?${query}`, { headers: fetchMode ? { accept: "application/json" } : {} });
      const text = await response.text();
      const described = `/a?${query.slice(0, 400)} (${fetchMode ? "fetch" : "jsonp"}): ${response.status()} ${text.slice(0, 200)}`;
      if (fetchMode) {
        expect([200, 419], described).toContain(response.status());
        if (response.status() === 200) expect(JSON.parse(text).meta.g, described).toMatch(/^[0-9a-f]{32}(:OO)?$/);
      } else {
        expect(response.status(), described).toBe(200);
        expect(response.headers()["content-type"], described).toContain("application/javascript");
        expect(text, described).toMatch(JSONP);
      }
      await checkAfterCase(request, response.status(), described, response.headers()["x-request-id"]);
    }),
  );
});
