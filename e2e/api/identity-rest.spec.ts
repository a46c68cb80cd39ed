// CleverTap's identity endpoints through the official Node library: demerge gives back the devices that joined a
// profile (the staff unmerge, by identity); disassociate detaches a phone number, the change log keeping the fact.

import CleverTap from "clevertap";
import { ACCOUNT_ID, newGuid, PASSCODE, profileIdsOfIdentity, profileOfDevice, propertiesOf, sql, unique, upload } from "../support/api";
import { expect, test } from "../support/fixtures";

function library(baseURL: string | undefined) {
  const clevertap = CleverTap.init(ACCOUNT_ID, PASSCODE, CleverTap.REGIONS.EUROPE);
  (clevertap as unknown as { api: { apiEndpoint: string } }).api.apiEndpoint = `${baseURL}/1`;
  return clevertap as unknown as {
    demerge(query: unknown): Promise<Record<string, unknown>>;
    disassociate(query: unknown): Promise<Record<string, unknown>>;
  };
}

test("demerge by identity gives the joined devices back to the anonymous profiles they came from", async ({ request, baseURL }) => {
  const owner = unique("demerge");
  await upload(request, [{ type: "profile", identity: owner, profileData: { Name: "Owner" } }]);
  const [o] = await profileIdsOfIdentity(owner);
  const t = newGuid();
  await upload(request, [{ type: "event", objectId: t, evtName: "Anonymous", evtData: {} }]);
  const n = (await profileOfDevice(t))!;
  await upload(request, [{ type: "profile", objectId: t, profileData: { Identity: owner } }]);
  expect(await profileOfDevice(t)).toBe(o);

  const clevertap = library(baseURL);
  expect(await clevertap.demerge({ identities: [owner] })).toEqual({ status: "success", devices: 1, errors: [] });
  expect(await profileOfDevice(t)).toBe(n);
  expect(await sql("SELECT joined_to_profile_id FROM profile WHERE id = $1", [n])).toEqual([{ joined_to_profile_id: null }]);
  expect(await sql("SELECT action, undone_at IS NOT NULL AS undone FROM profile_merge WHERE device_guid = $1 ORDER BY id", [t])).toEqual([
    { action: "attach-device", undone: true },
    { action: "unmerge", undone: false },
  ]);
  const again = await clevertap.demerge({ identities: [owner, unique("nobody")] });
  expect(again).toMatchObject({ status: "partial", devices: 0 });
  const bad = await request.post("/1/demerge/profiles.json", {
    headers: { "X-CleverTap-Account-Id": ACCOUNT_ID, "X-CleverTap-Passcode": PASSCODE },
    data: { identities: [] },
  });
  expect(bad.status()).toBe(400);
});

test("disassociate detaches a phone number: the property goes, the change log keeps it", async ({ request, baseURL }) => {
  const identity = unique("phone");
  const phone = `+1415${String(Date.now()).slice(-7)}`;
  await upload(request, [{ type: "profile", identity, profileData: { Phone: phone, Name: "Phoebe" } }]);
  const [id] = await profileIdsOfIdentity(identity);
  const answer = await library(baseURL).disassociate({
    d: [{ type: "phone", value: phone }, { type: "phone", value: "nope" }, { type: "email" }],
  });
  expect(answer).toMatchObject({ status: "partial", processed: 1 });
  expect((answer.unprocessed as { code: number }[]).map((u) => u.code)).toEqual([516, 555]);
  expect(await propertiesOf(id)).toEqual({ Identity: identity, Name: "Phoebe" });
  expect(
    await sql("SELECT operation, old_value, source FROM profile_change WHERE profile_id = $1 AND key = 'Phone' ORDER BY id", [id]),
  ).toEqual([
    { operation: "set", old_value: null, source: "api" },
    { operation: "delete", old_value: phone, source: "api" },
  ]);
});
