import assert from "node:assert/strict";
import { test } from "node:test";
import { profileLabel } from "./profile-label";

test("a profile is called by its Name, else Identity, Email or Phone; an anonymous one by its device", () => {
  assert.equal(profileLabel({ id: 1, properties: { Name: "Ada", Identity: "u1" } }), "Ada");
  assert.equal(profileLabel({ id: 1, properties: { Name: " ", Identity: "u1", Email: "a@x.test" } }), "u1");
  assert.equal(profileLabel({ id: 1, properties: { Email: "a@x.test" }, identified: true }), "a@x.test");
  assert.equal(profileLabel({ id: 1, properties: { Phone: "+14155550100" }, identified: true }), "+14155550100");
  const guid = "0123456789abcdef0123456789abcdef";
  assert.equal(profileLabel({ id: 7, properties: {}, identified: false, deviceGuid: guid }), "Anonymous · device 01234567");
  assert.equal(profileLabel({ id: 7, properties: {}, identified: false, deviceGuid: null }), "Anonymous #7");
  assert.equal(profileLabel({ id: 7, properties: { Identity: 42 } }), "42");
  assert.equal(profileLabel({ id: 7, properties: {}, identified: true }), "#7");
});
