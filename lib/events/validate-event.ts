// Checks an event (custom or Charged with Items) before it is stored. Pure; throws a RuleViolation.
import { isWireDate, parseWireDate } from "../profiles/dates";
import { ErrorCode } from "../profiles/error-codes";
import {
  byteLength,
  hasControlCharacter,
  MAX_CHARGED_ITEMS,
  MAX_EVENT_NAME_BYTES,
  MAX_EVENT_PROPERTIES,
  MAX_KEY_BYTES,
  MAX_STRING_BYTES,
} from "../profiles/limits";
import { unstorableText } from "../profiles/storable-text";
import { describe } from "../profiles/typed-value";
import { RuleViolation } from "../profiles/types";

/** System events a client may not send (the Web SDK drops them too). */
export const RESTRICTED_EVENTS = [
  "Stayed",
  "UTM Visited",
  "App Launched",
  "Notification Sent",
  "Notification Viewed",
  "Notification Clicked",
];

export type EventScalar = string | number | boolean;
export type EventProperties = Record<string, EventScalar | Record<string, EventScalar>[]>;

function scalar(where: string, key: string, value: unknown): EventScalar {
  if (hasControlCharacter(key))
    throw new RuleViolation(ErrorCode.invalidEventStructure, `${where}: key ${JSON.stringify(key)} contains control characters`, key);
  const unstorable = unstorableText(key) ?? (typeof value === "string" ? unstorableText(value) : null);
  if (unstorable) throw new RuleViolation(ErrorCode.invalidEventStructure, `${where}: ${JSON.stringify(key)} contains ${unstorable}`, key);
  if (byteLength(key) > MAX_KEY_BYTES)
    throw new RuleViolation(ErrorCode.invalidEventStructure, `${where}: key '${key.slice(0, 40)}…' is over ${MAX_KEY_BYTES} bytes`, key);
  if (typeof value === "string") {
    if (isWireDate(value)) parseWireDate(key, value);
    if (byteLength(value) > MAX_STRING_BYTES)
      throw new RuleViolation(ErrorCode.invalidEventStructure, `${where}: '${key}' is over ${MAX_STRING_BYTES} bytes`, key);
    return value;
  }
  if ((typeof value === "number" && Number.isFinite(value)) || typeof value === "boolean") return value;
  throw new RuleViolation(
    ErrorCode.invalidEventStructure,
    `${where}: '${key}' is ${describe(value)}; event values are strings, numbers, booleans or "$D_" dates`,
    key,
  );
}

export function validateEvent(name: unknown, data: unknown): { name: string; properties: EventProperties } {
  if (typeof name !== "string" || name.trim() === "")
    throw new RuleViolation(ErrorCode.eventNameMissing, "evtName is mandatory", "evtName");
  const eventName = name.trim();
  if (hasControlCharacter(eventName))
    throw new RuleViolation(ErrorCode.invalidEventStructure, "evtName contains control characters", "evtName");
  const unstorable = unstorableText(eventName);
  if (unstorable) throw new RuleViolation(ErrorCode.invalidEventStructure, `evtName contains ${unstorable}`, "evtName");
  if (byteLength(eventName) > MAX_EVENT_NAME_BYTES)
    throw new RuleViolation(ErrorCode.invalidEventStructure, `evtName is over ${MAX_EVENT_NAME_BYTES} bytes`, "evtName");
  if (RESTRICTED_EVENTS.includes(eventName))
    throw new RuleViolation(ErrorCode.restrictedEvent, `'${eventName}' is a restricted system event`, "evtName");
  if (data === undefined || data === null) return { name: eventName, properties: {} };
  if (typeof data !== "object" || Array.isArray(data))
    throw new RuleViolation(ErrorCode.invalidEventStructure, `evtData must be an object, got ${describe(data)}`, "evtData");
  const entries = Object.entries(data);
  if (entries.length > MAX_EVENT_PROPERTIES) {
    throw new RuleViolation(
      ErrorCode.eventPropertiesLimit,
      `evtData has ${entries.length} properties; the limit is ${MAX_EVENT_PROPERTIES}`,
      "evtData",
    );
  }
  // Gathered as entries: fromEntries defines keys, so "__proto__" and "toString" are event properties like any other.
  const properties: [string, EventProperties[string]][] = [];
  for (const [key, value] of entries) {
    if (key === "Items" && eventName === "Charged") {
      if (!Array.isArray(value))
        throw new RuleViolation(ErrorCode.invalidEventStructure, "Charged: Items must be a list of objects", "Items");
      if (value.length > MAX_CHARGED_ITEMS)
        throw new RuleViolation(
          ErrorCode.eventPropertiesLimit,
          `Charged: ${value.length} Items; the limit is ${MAX_CHARGED_ITEMS}`,
          "Items",
        );
      const items = value.map((item, index) => {
        if (item === null || typeof item !== "object" || Array.isArray(item)) {
          throw new RuleViolation(ErrorCode.invalidEventStructure, `Charged: Items[${index}] must be an object`, "Items");
        }
        return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, scalar(`Charged Items[${index}]`, k, v)]));
      });
      properties.push([key, items]);
      continue;
    }
    properties.push([key, scalar(`evtData`, key, value)]);
  }
  return { name: eventName, properties: Object.fromEntries(properties) };
}
