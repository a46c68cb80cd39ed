// The overview's date range as it lives in the URL (?from=YYYY-MM-DD&to=YYYY-MM-DD, UTC days, both included).
// Missing or invalid: the last 30 days. At most 366 days, so every overview query stays bounded.
export type OverviewRange = { from: string; to: string; days: string[] };

export const DEFAULT_DAYS = 30;
export const MAX_DAYS = 366;
const DAY = 86_400_000;

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const parseDay = (text: unknown): number | null => {
  if (typeof text !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return Number.isNaN(ms) || dayOf(ms) !== text ? null : ms;
};

export function parseOverviewRange(params: Record<string, string | string[] | undefined>, now = new Date()): OverviewRange {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const today = parseDay(dayOf(now.getTime())) as number;
  let to = parseDay(first(params.to)) ?? today;
  let from = parseDay(first(params.from)) ?? to - (DEFAULT_DAYS - 1) * DAY;
  if (from > to) [from, to] = [to, from];
  if ((to - from) / DAY >= MAX_DAYS) from = to - (MAX_DAYS - 1) * DAY;
  const days: string[] = [];
  for (let at = from; at <= to; at += DAY) days.push(dayOf(at));
  return { from: dayOf(from), to: dayOf(to), days };
}

/** [from 00:00, to + 1 day) as timestamps for SQL. */
export const rangeBounds = (range: OverviewRange) => ({
  since: `${range.from}T00:00:00.000`,
  until: new Date(Date.parse(`${range.to}T00:00:00Z`) + DAY).toISOString().slice(0, 23),
});
