// The identity rules over HTTP (issue 13): a plain push never splits a person nor moves an identified profile's device,
// placeholder identities are refused per key, logins (the SDK's isOUL) keep their three cases, and the anonymous
// profile a device leaves for a known user is marked as joined to it.

import { ACCOUNT_ID, newGuid, profileIdsOfIdentity, profileJson, profileOfDevice, propertiesOf, sql, unique, upload } from "../support/api";
import { expect, test } from "../support/fixtures";
import { sdkEvent, sdkProfile } from "../support/sdk";

const push = (guid: string, profileData: Record<string, unknown>) => ({ type: "profile", objectId: guid, profileData });
const event = (guid: string, evtName: string) => ({ type: "event", objectId: guid, evtName, evtData: {} });
const countOf = async (query: string, params: unknown[]) => (await sql<{ n: number }>(query, params))[0].n;
const eventCount = (profileId: number) => countOf("SELECT count(*)::int AS n FROM event WHERE profile_id = $1", [profileId]);
const identitiesOf = async (profileId: number) =>
  (
    await sql<{ kind: string; value: string }>("SELECT kind, value FROM profile_identity WHERE profile_id = $1 ORDER BY kind, value", [
      profileId,
    ])
  ).map((row) => `${row.kind}:${row.value}`);
const profileRow = async (id: number) =>
  (
    await sql<{ identified: boolean; joined_to_profile_id: string | null }>(
      "SELECT identified, joined_to_profile_id FROM profile WHERE id = $1",
      [id],
    )
  )[0];

async function signedIn(request: Parameters<typeof upload>[0], guid: string, who: string): Promise<number> {
  await upload(request, [push(guid, { Identity: who, Email: `${who}@example.com`, Name: who }), event(guid, "Signed in")]);
  const id = (await profileOfDevice(guid))!;
  expect(await profileRow(id)).toMatchObject({ identified: true });
  return id;
}

test("a push of a new Email on an identified profile stays on it: both identities find it, no new profile, the device stays", async ({
  request,
}) => {
  const g = newGuid();
  const alice = unique("alice");
  const a = await signedIn(request, g, alice);
  const profilesBefore = await countOf("SELECT count(*)::int AS n FROM profile WHERE account_id = $1", [ACCOUNT_ID]);

  // REST objectId, then the Web SDK's profile.push (a plain push with gc): the same path.
  expect((await upload(request, [push(g, { Email: `${alice}-new@example.com` })])).status).toBe("success");
  await sdkProfile(request, { FBID: `fb-${alice}` }, { gc: g });
  expect(await profileOfDevice(g)).toBe(a);
  expect(await identitiesOf(a)).toEqual(
    [`Email:${alice}-new@example.com`, `Email:${alice}@example.com`, `FBID:fb-${alice}`, `Identity:${alice}`].sort(),
  );
  for (const query of [`email=${alice}@example.com`, `email=${alice}-new@example.com`, `identity=${alice}`]) {
    const { body } = await profileJson(request, query);
    expect(body.record.platformInfo).toEqual([{ platform: "Web", objectId: g }]);
  }
  expect((await propertiesOf(a)).Email).toBe(`${alice}-new@example.com`); // the latest value
  expect(await countOf("SELECT count(*)::int AS n FROM profile WHERE account_id = $1", [ACCOUNT_ID])).toBeGreaterThanOrEqual(
    profilesBefore,
  );
  expect(await countOf("SELECT count(*)::int AS n FROM profile_merge WHERE device_guid = $1 AND action = 'attach-device'", [g])).toBe(0);

  // A different user then logs in on the device (the SDK's isOUL): a profile of their own, none of Alice's identities.
  const bob = unique("bob");
  expect(await sdkProfile(request, { Identity: bob, Name: "Bob" }, { g, isOUL: true })).toBe(g);
  const b = (await profileOfDevice(g))!;
  expect(b).not.toBe(a);
  expect(await identitiesOf(b)).toEqual([`Identity:${bob}`]);
  expect(await propertiesOf(b)).toMatchObject({ Identity: bob, Name: "Bob" });
  expect((await propertiesOf(b)).Email).toBeUndefined();
  expect(await identitiesOf(a)).toHaveLength(4);
});

test("a push of an Email another identified profile holds is refused for that key; the rest applies and nothing moves", async ({
  request,
}) => {
  const carol = unique("carol");
  await upload(request, [{ type: "profile", identity: carol, profileData: { Email: `${carol}@example.com`, Name: "Carol" } }]);
  const c = (await profileIdsOfIdentity(carol))[0];
  const g = newGuid();
  const alice = unique("alice");
  const a = await signedIn(request, g, alice);

  const answer = await upload(request, [push(g, { Email: `${carol.toUpperCase()}@example.com`, Plan: "gold" })]);
  expect(answer).toMatchObject({ status: "partial", processed: 1 });
  expect(answer.unprocessed).toHaveLength(1);
  expect(answer.unprocessed[0]).toMatchObject({ code: 559 });
  expect(answer.unprocessed[0].error).toMatch(new RegExp(`Email '${carol}@example.com' belongs to another profile`));
  // The same through the Web SDK.
  await sdkProfile(request, { Email: `${carol}@example.com`, Tier: 2 }, { gc: g });

  expect(await profileOfDevice(g)).toBe(a);
  expect(await propertiesOf(a)).toMatchObject({ Plan: "gold", Tier: 2, Email: `${alice}@example.com` });
  expect(await identitiesOf(a)).toEqual([`Email:${alice}@example.com`, `Identity:${alice}`]);
  expect(await sql("SELECT guid FROM device WHERE profile_id = $1", [c])).toEqual([]);
  expect(await propertiesOf(c)).toEqual({ Identity: carol, Email: `${carol}@example.com`, Name: "Carol" });
});

test("an anonymous device pushing an identity someone holds is re-pointed to them; the profile it leaves is marked joined", async ({
  request,
}) => {
  const owner = unique("owner");
  await upload(request, [{ type: "profile", identity: owner, profileData: { Email: `${owner}@example.com` } }]);
  const o = (await profileIdsOfIdentity(owner))[0];
  const t = newGuid();
  await upload(request, [push(t, { Plan: "trial" }), event(t, "Anonymous browsing")]);
  const n = (await profileOfDevice(t))!;
  expect(n).not.toBe(o);

  await sdkProfile(request, { Email: `${owner}@example.com`, Name: "Owner" }, { gc: t }); // a browser's first login: a plain push
  expect(await profileOfDevice(t)).toBe(o);
  expect(await propertiesOf(o)).toMatchObject({ Name: "Owner" });
  expect(await profileRow(n)).toEqual({ identified: false, joined_to_profile_id: String(o) });
  expect(await eventCount(n)).toBe(1); // the anonymous history stays where it was made
  expect(await sql("SELECT action, previous_profile_id, previous_identified FROM profile_merge WHERE profile_id = $1", [o])).toEqual([
    { action: "attach-device", previous_profile_id: String(n), previous_identified: false },
  ]);
  await sdkEvent(request, t, "After sign-in");
  expect(await countOf("SELECT count(*)::int AS n FROM event WHERE profile_id = $1 AND name = 'After sign-in'", [o])).toBe(1);
});

test("placeholder identities are refused per record: the rest applies, and two browsers sending one never share a profile", async ({
  request,
}) => {
  const [j, k] = [newGuid(), newGuid()];
  for (const guid of [j, k]) {
    const answer = await upload(request, [push(guid, { Identity: "undefined", Email: "TEST@test.com", Name: "Junk" })]);
    expect(answer).toMatchObject({ status: "partial", processed: 1 });
    expect(answer.unprocessed.map((u) => [u.code, u.error.split(" ")[0]])).toEqual([
      [558, "Identity"],
      [558, "Email"],
    ]);
  }
  await sdkProfile(request, { Identity: "null", Plan: "x" }, { gc: j });
  const [pj, pk] = [(await profileOfDevice(j))!, (await profileOfDevice(k))!];
  expect(pj).not.toBe(pk);
  for (const id of [pj, pk]) {
    expect(await profileRow(id)).toMatchObject({ identified: false });
    expect((await propertiesOf(id)).Name).toBe("Junk");
    expect((await propertiesOf(id)).Identity).toBeUndefined();
  }
  expect(
    await sql("SELECT 1 FROM profile_identity WHERE account_id = $1 AND value IN ('undefined', 'null', 'test@test.com')", [ACCOUNT_ID]),
  ).toEqual([]);
  const addressed = await upload(request, [{ type: "profile", identity: "none", profileData: { Name: "x" } }]);
  expect(addressed).toMatchObject({ status: "fail", processed: 0 });
  expect(addressed.unprocessed[0].code).toBe(558);
});

test("logins through the SDK wire: FBID, GPID, a numeric Identity, and a different user's properties land on the new profile", async ({
  request,
}) => {
  // FBID and GPID: the first login on a browser is a plain push; a second browser with the same id joins that profile.
  for (const kind of ["FBID", "GPID"] as const) {
    const id = unique(kind.toLowerCase());
    const first = newGuid();
    await sdkProfile(request, { [kind]: id, Name: kind }, { gc: first });
    const p = (await profileOfDevice(first))!;
    expect(await profileRow(p)).toMatchObject({ identified: true });
    expect(await identitiesOf(p)).toEqual([`${kind}:${id}`]);
    const second = newGuid();
    await sdkEvent(request, second, "Visited");
    await sdkProfile(request, { [kind]: id }, { gc: second });
    expect(await profileOfDevice(second)).toBe(p);
    await upload(request, [{ type: "event", [kind]: id, evtName: "Server side", evtData: {} }]);
    expect(await countOf("SELECT count(*)::int AS n FROM event WHERE profile_id = $1 AND name = 'Server side'", [p])).toBe(1);
  }

  // A numeric Identity is stored as text and found by it.
  const numeric = Number(String(Date.now()).slice(-9)) + 1_000_000_000;
  const g = newGuid();
  await sdkProfile(request, { Identity: numeric, Name: "Number" }, { gc: g });
  const p = (await profileOfDevice(g))!;
  expect(await identitiesOf(p)).toEqual([`Identity:${numeric}`]);
  expect((await profileJson(request, `identity=${numeric}`)).body.record.platformInfo).toEqual([{ platform: "Web", objectId: g }]);

  // A different user logs in on that browser (isOUL + rc, no guid): a new guid and profile, with the login's properties.
  const other = unique("other");
  const before = { properties: await propertiesOf(p), events: await eventCount(p), identities: await identitiesOf(p) };
  const g2 = await sdkProfile(request, { Identity: other, Name: "Other", Plan: "pro" }, { isOUL: true });
  expect(g2).not.toBe(g);
  const q = (await profileOfDevice(g2))!;
  expect(q).not.toBe(p);
  expect(await propertiesOf(q)).toMatchObject({ Identity: other, Name: "Other", Plan: "pro" });
  // The same user's login on the old browser's guid (isOUL with d.g): the device moves, the profile it leaves keeps every row.
  await sdkProfile(request, { Identity: other, Seen: "twice" }, { g, isOUL: true });
  expect(await profileOfDevice(g)).toBe(q);
  expect(await propertiesOf(q)).toMatchObject({ Seen: "twice" });
  expect({ properties: await propertiesOf(p), events: await eventCount(p), identities: await identitiesOf(p) }).toEqual(before);
  expect(await profileRow(p)).toEqual({ identified: true, joined_to_profile_id: null });
  expect(
    await sql("SELECT previous_profile_id, previous_identified FROM profile_merge WHERE profile_id = $1 AND device_guid = $2", [q, g]),
  ).toEqual([{ previous_profile_id: String(p), previous_identified: true }]);
});
