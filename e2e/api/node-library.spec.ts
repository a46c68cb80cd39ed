// The official npm `clevertap` library, unmodified, pointed at Tapestry with its one-line endpoint override.

import CleverTap from "clevertap";
import { ACCOUNT_ID, PASSCODE, profileIdsOfIdentity, unique } from "../support/api";
import { expect, test } from "../support/fixtures";

test("upload, profile and delete through the official Node library", async ({ baseURL }) => {
  const clevertap = CleverTap.init(ACCOUNT_ID, PASSCODE, CleverTap.REGIONS.EUROPE);
  (clevertap as unknown as { api: { apiEndpoint: string } }).api.apiEndpoint = `${baseURL}/1`;

  const identity = unique("nodelib");
  const email = `${identity}+tag@example.com`;
  const uploaded = await clevertap.upload([
    { type: "profile", identity, ts: Math.floor(Date.now() / 1000), profileData: { Name: "Node Lib", Email: email, Score: { $incr: 2 } } },
    { type: "event", identity, ts: Math.floor(Date.now() / 1000), evtName: "Signed up", evtData: { Plan: "pro" } },
  ]);
  expect(uploaded).toMatchObject({ status: "success", processed: 2, unprocessed: [] });

  // The library sends the e-mail unencoded, "+" and all.
  const byEmail = await clevertap.profile({ email });
  expect(byEmail.status).toBe("success");
  expect(byEmail.record.profileData).toMatchObject({ Name: "Node Lib", Email: email, Score: 2 });
  expect(byEmail.record.events).toHaveProperty("Signed up");
  expect((await clevertap.profile({ identity })).record.identity).toBe(identity);

  const deleted = await clevertap.delete({ identity });
  expect(deleted).toMatchObject({ status: "success" });
  expect(await profileIdsOfIdentity(identity)).toEqual([]);
  const gone = await clevertap.profile({ identity });
  expect(gone).toMatchObject({ status: "fail", code: 404 });
});
