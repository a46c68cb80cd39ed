// Location from the request's address (the test server trusts loopback as a proxy, so X-Forwarded-For names the
// client) and from the SDK's getLocation: Country / Region / City / Latitude / Longitude as properties with their
// provenance, written only when they change, and a staff edit that sticks.
import type { APIRequestContext } from "@playwright/test";
import LZString from "lz-string";
import { lookupLocation } from "../../lib/location/lookup-location";
import { editProfile } from "../../lib/profiles/edit-profile";
import { ACCOUNT_ID, authHeaders, profileOfDevice, propertiesOf, sql, unique, upload } from "../support/api";
import { expect, test } from "../support/fixtures";
import { sdkPush } from "../support/sdk";

const US_ADDRESS = "8.8.8.8";
const UK_ADDRESS = "81.2.69.142";
const from = (address: string) => ({ "x-forwarded-for": address });

/** One page view of a device (a new one without `gc`), from an address; returns the device's guid. */
async function pageView(request: APIRequestContext, address: string, gc?: string): Promise<string> {
  const d = encodeURIComponent(LZString.compressToBase64(JSON.stringify({ id: ACCOUNT_ID, cpg: "https://shop.test/", pg: 1 })));
  const response = await request.get(`/a?t=96&type=page&d=${d}&rn=1${gc ? `&gc=${gc}` : ""}`, { headers: from(address) });
  expect(response.status()).toBe(200);
  const guid = /^\$WZRK_WR\.s\('([0-9a-f]{32})'/.exec(await response.text())?.[1];
  expect(guid).toBeDefined();
  return guid!;
}

/** Moves a device's last seen two minutes back: activity of a known device looks at its place only when its last seen
 * moves (once a minute, lib/profiles/profile-store.ts), as for a visitor who comes back later. */
const later = (guid: string) => sql("UPDATE device SET last_seen = last_seen - interval '2 minutes' WHERE guid = $1", [guid]);

/** The location keys' changes of a profile, oldest first, with their source. */
const locationChanges = (profileId: number) =>
  sql<{ key: string; new_value: unknown; source: string }>(
    `SELECT key, new_value, source FROM profile_change
      WHERE profile_id = $1 AND key IN ('Country', 'Region', 'City', 'Latitude', 'Longitude') ORDER BY id`,
    [profileId],
  );

test("an upload through a trusted proxy lands the client's Country, Region and City on the profile, source api", async ({ request }) => {
  const expected = await lookupLocation(US_ADDRESS);
  expect(expected?.country).toBe("United States");
  const identity = unique("loc-upload");
  const answer = await upload(request, [{ type: "profile", identity, profileData: { Name: "Ada" } }], {
    ...authHeaders,
    ...from(US_ADDRESS),
  });
  expect(answer.status).toBe("success");
  const [{ profile_id }] = await sql<{ profile_id: string }>(
    "SELECT profile_id FROM profile_identity WHERE account_id = $1 AND value = $2",
    [ACCOUNT_ID, identity],
  );
  const properties = await propertiesOf(Number(profile_id));
  expect(properties).toMatchObject({ Name: "Ada", Country: "United States", City: expected!.city! });
  expect((await locationChanges(Number(profile_id))).filter((c) => c.key === "Country")).toEqual([
    { key: "Country", new_value: "United States", source: "api" },
  ]);
});

test("SDK calls: a new device is located; a page view from another country moves it once, a repeat writes nothing", async ({ request }) => {
  const uk = await lookupLocation(UK_ADDRESS);
  expect(uk?.country).toBe("United Kingdom");
  const guid = await pageView(request, UK_ADDRESS);
  const profileId = (await profileOfDevice(guid))!;
  expect(await propertiesOf(profileId)).toMatchObject({ Country: "United Kingdom", City: uk!.city! });

  // Page views of a known device are the engine's one-statement fast path: the new place still reaches the profile.
  await later(guid);
  await pageView(request, US_ADDRESS, guid);
  expect(await propertiesOf(profileId)).toMatchObject({ Country: "United States", City: (await lookupLocation(US_ADDRESS))!.city! });
  const changes = await locationChanges(profileId);
  await later(guid);
  await pageView(request, US_ADDRESS, guid);
  await later(guid);
  await pageView(request, US_ADDRESS, guid);
  expect(await locationChanges(profileId)).toEqual(changes); // unchanged: nothing rewritten
  expect(changes.every((c) => c.source === "sdk")).toBe(true);
  expect(await sql("SELECT 1 FROM event WHERE device_guid = $1", [guid])).toHaveLength(4);
});

test("a stamped SDK call from a new country is located and counted once; its replay from the backup queue changes nothing", async ({
  request,
}) => {
  const guid = await pageView(request, UK_ADDRESS);
  const profileId = (await profileOfDevice(guid))!;
  await later(guid);
  // As the SDK sends it (i, sn, rn kept in its backup queue), then fired again with the session appended.
  const i = Math.floor(Date.now() / 1000);
  const d = encodeURIComponent(LZString.compressToBase64(JSON.stringify({ id: ACCOUNT_ID, cpg: "https://shop.test/b", pg: 2 })));
  const url = `/a?t=96&type=page&d=${d}&rn=7&i=${i}&sn=0&gc=${guid}`;
  for (const replay of [url, url, `${url}&s=${i}`]) expect((await request.get(replay, { headers: from(US_ADDRESS) })).status()).toBe(200);
  expect(await propertiesOf(profileId)).toMatchObject({ Country: "United States" });
  expect(await sql("SELECT 1 FROM event WHERE device_guid = $1", [guid])).toHaveLength(2);
  const countries = (await locationChanges(profileId)).filter((c) => c.key === "Country").map((c) => c.new_value);
  expect(countries).toEqual(["United Kingdom", "United States"]);
});

test("a call from a private or loopback address locates nothing", async ({ request }) => {
  const guid = await pageView(request, "10.20.30.40");
  const properties = await propertiesOf((await profileOfDevice(guid))!);
  expect(properties.Country).toBeUndefined();
  expect(properties.City).toBeUndefined();
});

test("a staff edit of City sticks: a later call from another country changes Country and Region, not City", async ({ request }) => {
  const guid = await pageView(request, US_ADDRESS);
  const profileId = (await profileOfDevice(guid))!;
  const [{ version }] = await sql<{ version: number }>("SELECT version FROM profile WHERE id = $1", [profileId]);
  const edit = await editProfile({
    profileId,
    expectedVersion: version,
    seenChangeSetId: 0,
    data: { City: "Lisbon" },
    actor: { id: null, email: "geo@staff.test", ip: "127.0.0.1", requestId: unique("req") },
    field: "City",
  });
  expect(edit.ok).toBe(true);

  const uk = (await lookupLocation(UK_ADDRESS))!;
  await later(guid);
  await pageView(request, UK_ADDRESS, guid); // the fast path's relocation
  await sdkPush(request, { type: "profile", profile: { Plan: "pro" } }, { gc: guid, headers: from(UK_ADDRESS) }); // the working set's
  const properties = await propertiesOf(profileId);
  expect(properties).toMatchObject({ Country: "United Kingdom", Region: uk.region!, City: "Lisbon", Plan: "pro" });
  // The pin is the provenance of City's newest change: staff.
  expect((await locationChanges(profileId)).filter((c) => c.key === "City").map((c) => c.source)).toEqual(["sdk", "staff"]);
});

test("getLocation's coordinates are stored as Latitude and Longitude, source sdk", async ({ request }) => {
  const guid = await pageView(request, "10.0.0.1");
  // What the SDK sends for getLocation(lat, lng): a profile push of tz with the coordinates in `af`.
  await sdkPush(request, { type: "profile", profile: { tz: "WET+0000" }, af: { Latitude: 38.7223, Longitude: -9.1393 } }, { gc: guid });
  const profileId = (await profileOfDevice(guid))!;
  expect(await propertiesOf(profileId)).toMatchObject({ tz: "WET+0000", Latitude: 38.7223, Longitude: -9.1393 });
  const [{ property_types }] = await sql<{ property_types: Record<string, string> }>("SELECT property_types FROM profile WHERE id = $1", [
    profileId,
  ]);
  expect(property_types).toMatchObject({ Latitude: "float", Longitude: "float" });
  expect((await locationChanges(profileId)).map((c) => [c.key, c.source])).toEqual([
    ["Latitude", "sdk"],
    ["Longitude", "sdk"],
  ]);
});
