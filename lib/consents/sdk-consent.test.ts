import assert from "node:assert/strict";
import { test } from "node:test";
import type { DomainRecord } from "../profiles/records";
import { sdkConsentRecords } from "./sdk-consent";

const at = new Date(0);
const target = { by: "device" as const, guid: "g" };
const push: DomainRecord = { kind: "profile", target, data: { Name: "Ada", "MSG-email": false, "MSG-push": true }, at };
const event: DomainRecord = { kind: "event", target, name: "Viewed", data: { "MSG-email": false }, at };

test("ignore drops consent keys from SDK profile records and keeps the rest", () => {
  assert.deepEqual(sdkConsentRecords([push, event], "ignore"), [{ ...push, data: { Name: "Ada" } }, event]);
});

test("accept leaves records as they are", () => {
  assert.deepEqual(sdkConsentRecords([push], "accept"), [push]);
});
