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

/** "yyyy-mm-dd" (optionally with a time) as epoch seconds, or null. */
export function parseIsoDate(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(value.trim());
  if (!match) return null;
  if (value.trim().length === 10) return fromYmd(Number(match[1]), Number(match[2]), Number(match[3]));
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}
