// How a typed property value reads to a person — one function for the profile page, the list and its CSV, the
// history and the merge preview. Dates are stored as epoch seconds: a calendar-date key (DOB) reads as its day, any
// other date to the second, in UTC, and says so. Pure and framework-free (the browser's table uses it too).
import { isCalendarDateKey, toCalendarDate, toIsoSeconds } from "./dates";

const MAX_DATE_SECONDS = 253402300799;

/** Epoch seconds as "2026-11-04 13:05:09 UTC", or the day alone for a calendar-date key. */
export function formatDate(seconds: number, key?: string): string {
  if (!Number.isFinite(seconds) || Math.abs(seconds) > MAX_DATE_SECONDS) return String(seconds);
  return isCalendarDateKey(key) ? toCalendarDate(seconds) : `${toIsoSeconds(seconds).replace("T", " ")} UTC`;
}

/** A property value as text by its recorded type; "" when there is none. Lists are joined, objects shown as JSON. */
export function formatValue(value: unknown, type: string | null | undefined, key?: string): string {
  if (value === undefined || value === null) return "";
  if (type === "date" && typeof value === "number") return formatDate(value, key);
  if (Array.isArray(value)) return value.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}
