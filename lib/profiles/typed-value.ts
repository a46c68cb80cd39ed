// Turns a wire value into a stored value and its type, enforcing the value limits.
import { isWireDate, parseWireDate } from "./dates";
import { ErrorCode } from "./error-codes";
import { byteLength, MAX_LIST_ITEMS, MAX_STRING_BYTES } from "./limits";
import { unstorableText } from "./storable-text";
import { type PropertyType, RuleViolation, type StoredValue } from "./types";

export type Typed = { value: StoredValue; type: PropertyType };

export function checkString(key: string, value: string): string {
  const unstorable = unstorableText(value);
  if (unstorable) throw new RuleViolation(ErrorCode.invalid, `'${key}': value contains ${unstorable}`, key);
  if (value.length * 3 > MAX_STRING_BYTES && byteLength(value) > MAX_STRING_BYTES) {
    throw new RuleViolation(ErrorCode.invalid, `'${key}': value is ${byteLength(value)} bytes; the limit is ${MAX_STRING_BYTES}`, key);
  }
  return value;
}

export function numberType(value: number): PropertyType {
  return Number.isInteger(value) ? "integer" : "float";
}

/** One multi-value item: a string (numbers are written as strings), ≤ 512 bytes. */
export function listItem(key: string, item: unknown): string {
  if (typeof item === "string") return checkString(key, item);
  if (typeof item === "number" && Number.isFinite(item)) return String(item);
  throw new RuleViolation(ErrorCode.invalid, `'${key}': multi-value items must be strings, got ${describe(item)}`, key);
}

/** Unique items in first-seen order, keeping the newest MAX_LIST_ITEMS (the oldest are dropped). */
export function uniqueList(key: string, items: unknown[]): string[] {
  const unique = [...new Set(items.map((item) => listItem(key, item)))];
  return unique.slice(Math.max(0, unique.length - MAX_LIST_ITEMS));
}

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  if (typeof value === "number" && !Number.isFinite(value)) return "a non-finite number";
  return `a ${typeof value}`;
}

/** A plain (non-command) value of a custom property. */
export function typedValue(key: string, raw: unknown): Typed {
  if (typeof raw === "string") {
    if (isWireDate(raw)) return { value: parseWireDate(key, raw), type: "date" };
    return { value: checkString(key, raw), type: "string" };
  }
  if (typeof raw === "number" && Number.isFinite(raw)) return { value: raw, type: numberType(raw) };
  if (typeof raw === "boolean") return { value: raw, type: "boolean" };
  if (Array.isArray(raw)) return { value: uniqueList(key, raw), type: "list" };
  if (raw === null || raw === undefined) {
    throw new RuleViolation(ErrorCode.invalid, `'${key}': value is null; use {"$delete": true} to remove a property`, key);
  }
  throw new RuleViolation(
    ErrorCode.invalid,
    `'${key}': ${describe(raw)} is not a supported value (string, number, boolean, "$D_" date or list)`,
    key,
  );
}
