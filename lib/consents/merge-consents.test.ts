import assert from "node:assert/strict";
import { test } from "node:test";
import { consentChanges, mergeConsent, mergeConsents } from "./merge-consents";

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
const on = (minute: number | null) => ({ value: true, at: minute === null ? null : at(minute) });
const off = (minute: number | null) => ({ value: false, at: minute === null ? null : at(minute) });
const unset = { value: null, at: null };

test("an opt-out wins over an older opt-in, whichever side it is on", () => {
  assert.deepEqual(mergeConsent(on(1), off(2)), off(2));
  assert.deepEqual(mergeConsent(off(2), on(1)), off(2));
});

test("a newer explicit opt-in wins over an older opt-out, whichever side it is on", () => {
  assert.deepEqual(mergeConsent(off(1), on(2)), on(2));
  assert.deepEqual(mergeConsent(on(2), off(1)), on(2));
});

test("same time or unknown times: the opt-out wins (an unsubscribe is never lost)", () => {
  assert.deepEqual(mergeConsent(on(3), off(3)), off(3));
  assert.deepEqual(mergeConsent(on(null), off(null)), off(null));
  assert.deepEqual(mergeConsent(off(null), on(null)), off(null));
  assert.deepEqual(mergeConsent(off(1), on(null)), off(1));
});

test("not set never overrides a set value; two not set stay not set", () => {
  assert.deepEqual(mergeConsent(unset, off(1)), off(1));
  assert.deepEqual(mergeConsent(on(1), unset), on(1));
  assert.deepEqual(mergeConsent(unset, unset), unset);
});

test("equal values keep the newer time", () => {
  assert.deepEqual(mergeConsent(on(1), on(5)), on(5));
  assert.deepEqual(mergeConsent(off(5), off(1)), off(5));
});

test("per channel, and only the changed channels are written", () => {
  const identified = { "MSG-email": on(1), "MSG-sms": off(1), "MSG-push": on(9) };
  const anonymous = { "MSG-email": off(2), "MSG-sms": on(3), "MSG-whatsapp": on(4), "MSG-push": off(8) };
  assert.deepEqual(mergeConsents(identified, anonymous), {
    "MSG-email": off(2),
    "MSG-push": on(9),
    "MSG-sms": on(3),
    "MSG-whatsapp": on(4),
  });
  assert.deepEqual(consentChanges(identified, anonymous), [
    { key: "MSG-email", oldValue: true, newValue: false },
    { key: "MSG-sms", oldValue: false, newValue: true },
    { key: "MSG-whatsapp", oldValue: null, newValue: true },
  ]);
  assert.deepEqual(consentChanges(identified, {}), []);
});
