import { authHeaders, newGuid, profileIdsOfIdentity, profileJson, sql, unique, upload } from "../support/api";
import { expect, test } from "../support/fixtures";

test("profile.json finds a profile by identity, e-mail (any case) and device guid", async ({ request }) => {
  const identity = unique("reader");
  const guid = newGuid();
  await upload(request, [
    { type: "profile", objectId: guid, profileData: { Identity: identity, Email: `${identity}@Example.com`, Name: "Reader" } },
  ]);
  for (const query of [`identity=${identity}`, `email=${identity.toUpperCase()}@example.com`, `objectId=${guid}`]) {
    const { status, body } = await profileJson(request, query);
    expect(status, query).toBe(200);
    expect(body.record.profileData.Name).toBe("Reader");
    expect(body.record.platformInfo).toEqual([{ platform: "Web", objectId: guid }]);
  }
  expect((await profileJson(request, "identity=nobody-at-all")).status).toBe(404);
  const ambiguous = await request.get(`/1/profile.json?identity=${identity}&email=x@y.io`, { headers: authHeaders });
  expect(ambiguous.status()).toBe(400);
});

test("delete erases the profile and its personal data, by identity or guid, and refuses bad bodies", async ({ request }) => {
  const identity = unique("erase");
  const guid = newGuid();
  await upload(request, [
    { type: "profile", objectId: guid, profileData: { Identity: identity, Plan: "gold" } },
    { type: "event", objectId: guid, evtName: "Viewed", evtData: {} },
  ]);
  const [id] = await profileIdsOfIdentity(identity);

  const both = await request.post("/1/delete/profiles.json", { headers: authHeaders, data: { identity, guid } });
  expect(both.status()).toBe(400);
  const tooMany = await request.post("/1/delete/profiles.json", {
    headers: authHeaders,
    data: { identity: Array.from({ length: 101 }, (_, i) => `x${i}`) },
  });
  expect(tooMany.status()).toBe(400);
  expect(await profileIdsOfIdentity(identity)).toEqual([id]);

  const deleted = await request.post("/1/delete/profiles.json", { headers: authHeaders, data: { guid } });
  expect(await deleted.json()).toEqual({ status: "success", deleted: 1 });
  for (const table of ["profile_identity", "device", "event", "profile_change_set", "profile_merge"]) {
    expect(await sql(`SELECT 1 FROM ${table} WHERE profile_id = $1`, [id]), table).toEqual([]);
  }
  expect(await sql("SELECT source FROM profile_deletion WHERE profile_id = $1", [id])).toEqual([{ source: "api" }]);
  expect((await profileJson(request, `identity=${identity}`)).status).toBe(404);
});
