// Fuzz of the REST API: random and malformed bodies and queries for POST /1/upload, GET /1/profile.json and
// POST /1/delete/profiles.json. Every case: no 5xx, a JSON answer of the documented shape, then the invariants.
import { expect, test } from "@playwright/test";
import fc from "fast-check";
import { authHeaders } from "../support/api";
import { deleteBody, profileQuery, uploadBody } from "./arbitraries";
import { checkAfterCase } from "./invariants";
import { assertProperty } from "./settings";

const show = (body: string | Buffer) => (typeof body === "string" ? body : `bytes ${body.toString("hex")}`).slice(0, 500);

test("POST /1/upload: any body answers 4xx or per-record outcomes, never 5xx", async ({ request }) => {
  test.setTimeout(0);
  await assertProperty(
    "upload",
    fc.asyncProperty(uploadBody, async (body) => {
      const response = await request.post("/1/upload", { headers: authHeaders, data: body });
      const answer = await response.json();
      if (response.status() === 200) {
        expect(["success", "partial", "fail"]).toContain(answer.status);
        expect(Number.isInteger(answer.processed)).toBe(true);
        expect(Array.isArray(answer.unprocessed)).toBe(true);
        for (const outcome of answer.unprocessed) expect(typeof outcome.error).toBe("string");
      } else expect(answer).toMatchObject({ status: "fail", code: expect.any(Number), error: expect.any(String) });
      await checkAfterCase(request, response.status(), `upload ${show(body)}`, response.headers()["x-request-id"]);
    }),
  );
});

test("GET /1/profile.json: any query answers 200, 400 or 404 JSON", async ({ request }) => {
  test.setTimeout(0);
  await assertProperty(
    "profile.json",
    fc.asyncProperty(profileQuery, async (query) => {
      const response = await request.get(`/1/profile.json?${query}`, { headers: authHeaders });
      expect([200, 400, 404], `profile.json?${query}: ${response.status()}`).toContain(response.status());
      expect(response.headers()["content-type"]).toContain("application/json");
      await checkAfterCase(request, response.status(), `profile.json?${query}`);
    }),
  );
});

test("POST /1/delete/profiles.json: any body answers JSON, and deletes leave no orphan rows", async ({ request }) => {
  test.setTimeout(0);
  await assertProperty(
    "delete",
    fc.asyncProperty(deleteBody, async (body) => {
      const response = await request.post("/1/delete/profiles.json", { headers: authHeaders, data: body });
      expect(response.headers()["content-type"]).toContain("application/json");
      await checkAfterCase(request, response.status(), `delete ${show(body)}`);
    }),
  );
});
