// CleverTap dates on the wire: "$D_<epoch seconds>", stored to the second. DOB also accepts the legacy
// "$D_yyyymmdd" the Web SDK lets through, and an ISO "yyyy-mm-dd" from REST callers.

import { ErrorCode } from "./error-codes";
import { RuleViolation } from "./types";

const MAX_EPOCH_SECONDS = 253402300799; // 9999-12-31T23:59:59Z
const DATE_PREFIX = "$D_";

export const isWireDate = (value: unknown): value is string => typeof value === "string" && value.startsWith(DATE_PREFIX);

export const toWireDate = (epochSeconds: number): string => `${DATE_PREFIX}${epochSeconds}`;

function fromYmd(year: number, month: number, day: number): number | null {
  const ms = Date.UTC(year, month - 1, day);
  const date = new Date(ms);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return ms / 1000;
}

/**
 * Epoch seconds of a wire date, or a RuleViolation naming the key.
 * `legacyYmd`: read an 8-digit "$D_yyyymmdd" as a calendar date (used for DOB, where the SDK's legacy form lives;
 * elsewhere 8 digits are epoch seconds in 1970–1973).
 */
export function parseWireDate(key: string, value: string, options: { legacyYmd?: boolean } = {}): number {
  const digits = value.slice(DATE_PREFIX.length);
  if (!/^-?\d{1,12}$/.test(digits)) {
    throw new RuleViolation(ErrorCode.invalid, `'${key}': '${value.slice(0, 40)}' is not a date; use "$D_<epoch seconds>"`, key);
  }
  if (options.legacyYmd && /^\d{8}$/.test(digits)) {
    const seconds = fromYmd(Number(digits.slice(0, 4)), Number(digits.slice(4, 6)), Number(digits.slice(6, 8)));
    if (seconds !== null && Number(digits.slice(0, 4)) >= 1800) return seconds;
  }
  const seconds = Number(digits);
  if (Math.abs(seconds) > MAX_EPOCH_SECONDS) {
    throw new RuleViolation(ErrorCode.invalid, `'${key}': ${digits} is out of range for epoch seconds (milliseconds?)`, key);
  }
  return seconds;
}

/** A calendar date "yyyy-mm-dd" as the epoch seconds of its midnight UTC, or null (also for "2024-02-30"). */
export function parseCalendarDate(text: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  return match ? fromYmd(Number(match[1]), Number(match[2]), Number(match[3])) : null;
}

/**
 * The one reader of dates people type: "yyyy-mm-dd", or a date and time "yyyy-mm-ddThh:mm[:ss[.sss]]" (a space for
 * the T is accepted) with an optional zone (Z, ±hh:mm, ±hhmm; none means UTC), as whole epoch seconds, or null.
 * Used by the engine (DOB), the list's filters and the property editor.
 */
export function parseIsoDate(text: string): number | null {
  const t = text.trim();
  const day = parseCalendarDate(t.slice(0, 10));
  if (day === null) return null;
  if (t.length === 10) return day;
  const time = /^[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(t.slice(10));
  if (!time) return null;
  const [hours, minutes, seconds] = [Number(time[1]), Number(time[2]), Number(time[3] ?? 0)];
  if (hours > 23 || minutes > 59 || seconds > 59) return null;
  const zone = time[4] && time[4] !== "Z" ? time[4].replace(":", "") : null;
  const offset = zone ? (zone[0] === "-" ? -1 : 1) * (Number(zone.slice(1, 3)) * 3600 + Number(zone.slice(3, 5)) * 60) : 0;
  return day + hours * 3600 + minutes * 60 + seconds - offset;
}

/** Keys whose date is a calendar day, not a moment (DOB): shown and edited as "yyyy-mm-dd"; every other date keeps
 * its time to the second. */
export const CALENDAR_DATE_KEYS: readonly string[] = ["DOB"];
export const isCalendarDateKey = (key: string | undefined): boolean => key !== undefined && CALENDAR_DATE_KEYS.includes(key);

/** Epoch seconds as the UTC day "yyyy-mm-dd". */
export const toCalendarDate = (seconds: number): string => new Date(seconds * 1000).toISOString().slice(0, 10);
/** Epoch seconds as the UTC date and time "yyyy-mm-ddThh:mm:ss" (what a datetime-local input with step=1 reads). */
export const toIsoSeconds = (seconds: number): string => new Date(seconds * 1000).toISOString().slice(0, 19);
