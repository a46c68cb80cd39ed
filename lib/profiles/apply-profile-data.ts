// Applies one record's profile data to a profile's state: plain values and the commands $incr, $decr, $set,
// $add, $remove and $delete. Pure: all or nothing, the first broken rule throws and the state is untouched.
import { ageFromDob } from "./age";
import { ErrorCode } from "./error-codes";
import { byteLength, hasControlCharacter, MAX_CUSTOM_KEYS, MAX_KEY_BYTES } from "./limits";
import { unstorableText } from "./storable-text";
import { canDeleteProperty, isSystemKey, SYSTEM_PROPERTIES } from "./system-properties";
import { describe, numberType, type Typed, typedValue, uniqueList } from "./typed-value";
import { type Operation, type ProfileState, type PropertyChange, RuleViolation, type StoredValue } from "./types";

const COMMANDS = ["$incr", "$decr", "$set", "$add", "$remove", "$delete"] as const;
type Command = (typeof COMMANDS)[number];

export type ApplyResult = { state: ProfileState; changes: PropertyChange[] };

export function checkKey(key: string): void {
  if (key.trim() === "") throw new RuleViolation(ErrorCode.invalid, "a property key is empty", key);
  // A UTF-16 unit is at most 3 UTF-8 bytes: short keys need no byte count (this runs for every key of every record).
  if (key.length * 3 > MAX_KEY_BYTES && byteLength(key) > MAX_KEY_BYTES) {
    throw new RuleViolation(
      ErrorCode.invalid,
      `'${key.slice(0, 40)}…': key is ${byteLength(key)} bytes; the limit is ${MAX_KEY_BYTES}`,
      key,
    );
  }
  if (key.startsWith("$")) throw new RuleViolation(ErrorCode.invalid, `'${key}': keys may not start with "$"`, key);
  if (hasControlCharacter(key))
    throw new RuleViolation(ErrorCode.invalid, `'${JSON.stringify(key)}': keys may not contain control characters`, key);
  const unstorable = unstorableText(key);
  if (unstorable) throw new RuleViolation(ErrorCode.invalid, `${JSON.stringify(key)}: a key may not contain ${unstorable}`, key);
}

function commandOf(key: string, raw: object): { command: Command; operand: unknown } {
  const entries = Object.entries(raw);
  const [name, operand] = entries[0] ?? [];
  if (entries.length !== 1 || !COMMANDS.includes(name as Command)) {
    throw new RuleViolation(
      ErrorCode.invalid,
      `'${key}': nested objects are not supported; an object value must be one command (${COMMANDS.join(", ")})`,
      key,
    );
  }
  return { command: name as Command, operand };
}

function sameValue(a: StoredValue | undefined, b: StoredValue | undefined): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  return a.every((item, index) => item === b[index]);
}

/** A copy without a prototype: a client's key is only ever its own property. On a plain object "toString" or
 * "constructor" would read a built-in as the old value, and assigning "__proto__" would replace the prototype. */
const ownCopy = <T>(from: Record<string, T>): Record<string, T> => Object.assign(Object.create(null) as Record<string, T>, from);

class Draft {
  readonly properties: Record<string, StoredValue>;
  readonly types: ProfileState["types"];
  readonly changes: PropertyChange[] = [];

  constructor(state: ProfileState) {
    this.properties = ownCopy(state.properties);
    this.types = ownCopy(state.types);
  }

  set(key: string, next: Typed, operation: Operation): void {
    const oldValue = this.properties[key];
    if (sameValue(oldValue, next.value) && this.types[key] === next.type) return;
    this.changes.push({
      key,
      operation,
      oldValue: oldValue ?? null,
      newValue: next.value,
      oldType: this.types[key] ?? null,
      newType: next.type,
    });
    this.properties[key] = next.value;
    this.types[key] = next.type;
  }

  remove(key: string, operation: Operation): void {
    if (!Object.hasOwn(this.properties, key)) return;
    this.changes.push({ key, operation, oldValue: this.properties[key], newValue: null, oldType: this.types[key] ?? null, newType: null });
    delete this.properties[key];
    delete this.types[key];
  }

  /** The current value as a multi-value list: a scalar is promoted to a one-item list of its text. */
  list(key: string): string[] {
    const current = this.properties[key];
    if (current === undefined) return [];
    if (Array.isArray(current)) return current;
    if (this.types[key] === "date") return [new Date((current as number) * 1000).toISOString()];
    return [String(current)];
  }
}

function applyCommand(draft: Draft, key: string, command: Command, operand: unknown): void {
  if (command === "$delete") {
    if (!canDeleteProperty(key)) {
      throw new RuleViolation(
        ErrorCode.invalid,
        `'${key}' is an identity and cannot be deleted; delete or demerge the profile instead`,
        key,
      );
    }
    draft.remove(key, "delete");
    return;
  }
  if (isSystemKey(key)) {
    throw new RuleViolation(
      ErrorCode.invalid,
      `'${key}' is a standard property: ${command} is not allowed on it (set a value instead)`,
      key,
    );
  }
  if (command === "$incr" || command === "$decr") {
    if (typeof operand !== "number" || !Number.isFinite(operand) || operand < 0) {
      throw new RuleViolation(
        ErrorCode.invalid,
        `'${key}': ${command} needs a number ≥ 0, got ${JSON.stringify(operand)?.slice(0, 40)}`,
        key,
      );
    }
    const type = draft.types[key];
    if (type !== undefined && type !== "integer" && type !== "float") {
      throw new RuleViolation(ErrorCode.invalid, `'${key}' holds a ${type}; ${command} works on numbers only`, key);
    }
    const current = (draft.properties[key] as number | undefined) ?? 0; // a missing key counts as 0
    const value = command === "$incr" ? current + operand : current - operand;
    if (!Number.isFinite(value)) throw new RuleViolation(ErrorCode.invalid, `'${key}': ${command} overflows`, key);
    const resultType = type === "float" || !Number.isInteger(operand) ? "float" : numberType(value);
    draft.set(key, { value, type: resultType }, command === "$incr" ? "increment" : "decrement");
    return;
  }
  const items = Array.isArray(operand) ? operand : [operand];
  if (command === "$set") {
    if (!Array.isArray(operand)) throw new RuleViolation(ErrorCode.invalid, `'${key}': $set needs a list, got ${describe(operand)}`, key);
    const list = uniqueList(key, items);
    if (list.length === 0) draft.remove(key, "delete");
    else draft.set(key, { value: list, type: "list" }, "set");
    return;
  }
  if (command === "$add") {
    const list = uniqueList(key, [...draft.list(key), ...items]);
    draft.set(key, { value: list, type: "list" }, "add");
    return;
  }
  // $remove
  const removed = new Set(uniqueList(key, items));
  const list = draft.list(key).filter((item) => !removed.has(item));
  if (list.length === 0)
    draft.remove(key, "remove"); // an emptied list is deleted
  else draft.set(key, { value: list, type: "list" }, "remove");
}

export function applyProfileData(state: ProfileState, data: Record<string, unknown>): ApplyResult {
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new RuleViolation(ErrorCode.invalid, `profileData must be an object, got ${describe(data)}`);
  }
  const draft = new Draft(state);
  const addedCustomKeys: string[] = [];
  for (const [key, raw] of Object.entries(data)) {
    checkKey(key);
    const existedBefore = Object.hasOwn(draft.properties, key);
    if (raw !== null && typeof raw === "object" && !Array.isArray(raw)) {
      const { command, operand } = commandOf(key, raw);
      applyCommand(draft, key, command, operand);
    } else if (isSystemKey(key)) {
      if (Array.isArray(raw)) throw new RuleViolation(ErrorCode.invalid, `'${key}' is a standard property and cannot hold a list`, key);
      const typed = SYSTEM_PROPERTIES[key](key, raw);
      if (key === "Age" && (Object.hasOwn(draft.properties, "DOB") || Object.hasOwn(data, "DOB"))) continue; // derived from DOB
      draft.set(key, typed, "set");
    } else if (Array.isArray(raw) && raw.length === 0) {
      draft.remove(key, "delete");
    } else {
      draft.set(key, typedValue(key, raw), "set");
    }
    if (!existedBefore && Object.hasOwn(draft.properties, key) && !isSystemKey(key)) addedCustomKeys.push(key);
  }
  const customCount = addedCustomKeys.length === 0 ? 0 : Object.keys(draft.properties).filter((key) => !isSystemKey(key)).length;
  if (customCount > MAX_CUSTOM_KEYS) {
    const key = addedCustomKeys[addedCustomKeys.length - (customCount - MAX_CUSTOM_KEYS)] ?? addedCustomKeys[0];
    throw new RuleViolation(
      ErrorCode.invalid,
      `'${key}' would be custom property number ${customCount}; a profile holds at most ${MAX_CUSTOM_KEYS}`,
      key,
    );
  }
  // A stored Age goes stale once DOB exists: Age is then always computed from DOB.
  if (Object.hasOwn(draft.properties, "DOB") && Object.hasOwn(draft.properties, "Age")) draft.remove("Age", "delete");
  // Handed back as plain objects (every own key kept, "__proto__" included: fromEntries defines, never assigns).
  return {
    state: { properties: Object.fromEntries(Object.entries(draft.properties)), types: Object.fromEntries(Object.entries(draft.types)) },
    changes: draft.changes,
  };
}

/** Properties as shown to readers: Age computed from DOB when there is one. */
export function withDerivedAge(state: ProfileState, now: Date = new Date()): ProfileState {
  const dob = state.properties.DOB;
  if (typeof dob !== "number" || state.types.DOB !== "date") return state;
  return { properties: { ...state.properties, Age: ageFromDob(dob, now) }, types: { ...state.types, Age: "integer" } };
}
