// The property rule of an explicit merge of two profiles of one person (pure; the preview and the engine both use it):
//   - a key only the merged profile has is copied to the surviving one;
//   - a key both have keeps the surviving profile's value (the staff member chooses which profile survives).
// Consents (MSG-*) are left out here: they follow the one consent merge rule (lib/consents/merge-consents.ts), which
// the engine applies to every join, merge and unmerge. The changes returned are written as one change set on the
// surviving profile (the merge's), which is what its unmerge gives back (restore-changes.ts).
import { CONSENT_KEYS } from "./system-properties";
import type { ProfileState, PropertyChange, StoredValue } from "./types";

export type MergeConflict = {
  key: string;
  survivor: StoredValue | null;
  other: StoredValue | null;
  /** each side's recorded type, so the preview shows typed values (a DOB as a day, not epoch seconds) */
  survivorType: string | null;
  otherType: string | null;
  winner: "survivor" | "other";
  rule: "survivor wins" | "opt-out wins unless the opt-in is newer";
};

export const MERGE_RULE =
  "A property only the merged profile has is copied; where both have one, the surviving profile's value wins; " +
  "for consents (MSG-*) an opt-out on either profile wins unless the opt-in is newer than it.";

const sameValue = (a: StoredValue | undefined, b: StoredValue | undefined) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const isConsentKey = (key: string) => (CONSENT_KEYS as readonly string[]).includes(key);

export function mergeProfileStates(
  survivor: ProfileState,
  other: ProfileState,
): { state: ProfileState; changes: PropertyChange[]; conflicts: MergeConflict[]; copied: string[] } {
  const properties = { ...survivor.properties };
  const types = { ...survivor.types };
  const changes: PropertyChange[] = [];
  const conflicts: MergeConflict[] = [];
  const copied: string[] = [];
  for (const key of Object.keys(other.properties).sort()) {
    if (isConsentKey(key)) continue;
    const theirs = other.properties[key];
    if (Object.hasOwn(survivor.properties, key)) {
      if (!sameValue(survivor.properties[key], theirs))
        conflicts.push({
          key,
          survivor: survivor.properties[key],
          other: theirs,
          survivorType: survivor.types[key] ?? null,
          otherType: other.types[key] ?? null,
          winner: "survivor",
          rule: "survivor wins",
        });
      continue;
    }
    copied.push(key);
    const type = other.types[key] ?? "string";
    changes.push({ key, operation: "set", oldValue: null, oldType: null, newValue: theirs, newType: type });
    properties[key] = theirs;
    types[key] = type;
  }
  return { state: { properties, types }, changes, conflicts, copied };
}
