import assert from "node:assert/strict";
import { test } from "node:test";
import { effectiveConsent } from "./effective-consent";

test("an unsubscribed address wins over an opted-in profile", () => {
  const result = effectiveConsent(true, { value: "a@x.test", status: "Unsubscribe" });
  assert.equal(result.value, false);
  assert.equal(result.decidedBy, "address");
});

test("a resubscribed address leaves the decision to the profile's flag, whatever it is", () => {
  for (const flag of [true, false, null]) {
    const result = effectiveConsent(flag, { value: "a@x.test", status: "Resubscribe" });
    assert.equal(result.value, flag);
    assert.equal(result.decidedBy, "profile");
  }
  assert.equal(effectiveConsent(null, null).explanation, "the profile's flag decides: not set");
});
