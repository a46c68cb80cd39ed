// /1/counts/trends.json: per named group, the event's trend daily (YYYYMMDD keys), weekly (the Monday, YYYYMMDD) or
// monthly (YYYYMM), every bucket of from–to present (0 when nothing happened): event counts, distinct profiles with
// "unique": true, or the sum of an event property with "sum_event_prop".
import { z } from "zod";
import { ApiError } from "../../api/api-error";
import { propertyKeySchema } from "../../profiles/property-key-schema";
import { type TrendBucket, trendSeries } from "../../queries/query-trends";
import { parseQueryOrFail } from "./query-input";

const BUCKETS = { daily: "day", weekly: "week", monthly: "month" } as const satisfies Record<string, TrendBucket>;
const groupsSchema = z
  .record(z.string().min(1).max(120), z.object({ trend_type: z.enum(["daily", "weekly", "monthly"]) }))
  .refine((g) => Object.keys(g).length >= 1 && Object.keys(g).length <= 10, "1 to 10 groups");
const optionsSchema = z.object({ unique: z.boolean().optional(), sum_event_prop: propertyKeySchema.optional() });
const MAX_DAYS = 3660;
const DAY = 86_400_000;

function bucketStarts(from: string, to: string, bucket: TrendBucket): string[] {
  const out: string[] = [];
  let at = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  const start = new Date(at);
  if (bucket === "week") at -= ((start.getUTCDay() + 6) % 7) * DAY;
  if (bucket === "month") at = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1);
  while (at <= end) {
    out.push(new Date(at).toISOString().slice(0, 10));
    const d = new Date(at);
    at = bucket === "day" ? at + DAY : bucket === "week" ? at + 7 * DAY : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }
  return out;
}

const keyOf = (isoDay: string, bucket: TrendBucket) => (bucket === "month" ? isoDay.slice(0, 7) : isoDay).replace(/-/g, "");

export async function answerTrends(options: { accountId: string; body: unknown }) {
  const query = parseQueryOrFail(options.body, true);
  const events = query.events;
  if (!events?.window || !("from" in events.window)) throw new ApiError(400, "Invalid query: event_name, from and to are required");
  const { from, to } = events.window;
  if ((Date.parse(to) - Date.parse(from)) / DAY > MAX_DAYS) throw new ApiError(400, `from–to spans more than ${MAX_DAYS} days`);
  const groups = groupsSchema.safeParse((options.body as { groups?: unknown } | null)?.groups);
  if (!groups.success) throw new ApiError(400, `Invalid groups: ${groups.error.issues[0]?.message}`);
  const extra = optionsSchema.safeParse(options.body);
  if (!extra.success) throw new ApiError(400, `Invalid query: ${extra.error.issues[0]?.path.join(".")} ${extra.error.issues[0]?.message}`);
  const measure = extra.data.sum_event_prop
    ? ({ kind: "sum", key: extra.data.sum_event_prop } as const)
    : extra.data.unique
      ? ({ kind: "unique" } as const)
      : ({ kind: "count" } as const);
  const answer: Record<string, unknown> = { status: "success" };
  for (const [name, group] of Object.entries(groups.data)) {
    const bucket = BUCKETS[group.trend_type];
    const series = await trendSeries({ accountId: options.accountId, events, profile: query.profile, bucket, measure });
    const values = new Map(series.map((s) => [s.bucket, s.value]));
    answer[name] = Object.fromEntries(bucketStarts(from, to, bucket).map((day) => [keyOf(day, bucket), values.get(day) ?? 0]));
  }
  return answer;
}
