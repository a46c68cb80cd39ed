// Undoing a change set where it still stands (pure): each key goes back to its value before the change set, unless it
// has changed again since — a later change stays where it was made. Used by the unmerge of a merge (the merge's
// change set on the surviving profile) and the undo of a link in place (the link's change set).
import type { ProfileState, PropertyChange, PropertyType, StoredValue } from "./types";

export type StoredChange = {
  key: string;
  oldValue: StoredValue | null;
  oldType: PropertyType | null;
  newValue: StoredValue | null;
  newType: PropertyType | null;
};

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function restoreChanges(
  current: ProfileState,
  undo: StoredChange[],
): { state: ProfileState; changes: PropertyChange[]; keptSince: string[] } {
  const properties = { ...current.properties };
  const types = { ...current.types };
  const changes: PropertyChange[] = [];
  const keptSince: string[] = [];
  for (const change of undo) {
    const now = Object.hasOwn(properties, change.key) ? properties[change.key] : null;
    if (!sameValue(now, change.newValue)) {
      keptSince.push(change.key);
      continue;
    }
    if (sameValue(now, change.oldValue)) continue;
    const nowType = types[change.key] ?? null;
    if (change.oldValue === null) {
      delete properties[change.key];
      delete types[change.key];
      changes.push({ key: change.key, operation: "delete", oldValue: now, oldType: nowType, newValue: null, newType: null });
    } else {
      properties[change.key] = change.oldValue;
      types[change.key] = change.oldType ?? nowType ?? "string";
      changes.push({
        key: change.key,
        operation: "set",
        oldValue: now,
        oldType: nowType,
        newValue: change.oldValue,
        newType: types[change.key],
      });
    }
  }
  return { state: { properties, types }, changes, keptSince };
}
