// The one rule for consents when profiles are joined, merged or unmerged (pure; the engine and the staff merge
// actions call it):
//
//   Per channel, an opt-out (false) wins over an opt-in (true) unless the opt-in is newer than that opt-out;
//   "not set" never overrides a set value; two equal values keep the newer time.
//
// So an unsubscribe is never lost to a merge: only an explicit opt-in given after it (on either profile) lifts it.
import { CONSENT_KEYS } from "../profiles/system-properties";

export type ConsentKey = (typeof CONSENT_KEYS)[number];
/** One channel: the value (null: not set) and when it was last set (null: unknown, e.g. no change recorded). */
export type ConsentValue = { value: boolean | null; at: Date | null };
export type ConsentState = Partial<Record<ConsentKey, ConsentValue>>;

const NOT_SET: ConsentValue = { value: null, at: null };
const time = (at: Date | null) => (at ? at.getTime() : Number.NEGATIVE_INFINITY);

/** The outcome of one channel. Symmetric: merging a into b gives what merging b into a gives. */
export function mergeConsent(a: ConsentValue, b: ConsentValue): ConsentValue {
  if (a.value === null) return b.value === null ? NOT_SET : b;
  if (b.value === null) return a;
  if (a.value === b.value) return time(a.at) >= time(b.at) ? a : b;
  const [optIn, optOut] = a.value ? [a, b] : [b, a];
  return time(optIn.at) > time(optOut.at) ? optIn : optOut;
}

/** Every channel of two profiles' consents merged by the rule above. */
export function mergeConsents(into: ConsentState, from: ConsentState): ConsentState {
  const merged: ConsentState = {};
  for (const key of CONSENT_KEYS) {
    const outcome = mergeConsent(into[key] ?? NOT_SET, from[key] ?? NOT_SET);
    if (outcome.value !== null) merged[key] = outcome;
  }
  return merged;
}

/** The channels whose value the merge changes on `into` (what to write there). */
export function consentChanges(into: ConsentState, from: ConsentState): { key: ConsentKey; oldValue: boolean | null; newValue: boolean }[] {
  const merged = mergeConsents(into, from);
  return CONSENT_KEYS.flatMap((key) => {
    const before = into[key]?.value ?? null;
    const after = merged[key]?.value ?? null;
    return after !== null && after !== before ? [{ key, oldValue: before, newValue: after }] : [];
  });
}
