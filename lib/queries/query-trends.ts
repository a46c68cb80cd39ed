// An event's trend per day, week (from Monday) or month: how many events, how many distinct profiles, or the sum of
// a numeric event property, for the events a selector picks. Buckets without events are absent (the caller fills
// them). Used by /1/counts/trends.json.
import type pg from "pg";
import { pool } from "../db/pool";
import { Params } from "./query-property";
import type { Condition } from "./query-schema";
import { compileEventWhere, type EventSelector } from "./query-sql";

export type TrendMeasure = { kind: "count" } | { kind: "unique" } | { kind: "sum"; key: string };
export const TREND_BUCKETS = ["day", "week", "month"] as const;
export type TrendBucket = (typeof TREND_BUCKETS)[number];

export async function trendSeries(options: {
  accountId: string;
  events: EventSelector;
  profile: Condition;
  bucket: TrendBucket;
  measure: TrendMeasure;
  now?: Date;
  db?: Pick<pg.Pool, "query">;
}): Promise<{ bucket: string; value: number }[]> {
  const params = new Params();
  const where = compileEventWhere({ ...options, params });
  const { measure } = options;
  const expr =
    measure.kind === "count"
      ? "count(*)"
      : measure.kind === "unique"
        ? "count(DISTINCT e.profile_id)"
        : `coalesce(sum(CASE WHEN jsonb_typeof(e.properties -> ${params.add(measure.key)}) = 'number' ` +
          `THEN (e.properties ->> ${params.add(measure.key)})::numeric END), 0)`;
  // The unit is allowlisted: it is written into the text.
  const unit = { day: "day", week: "week", month: "month" }[options.bucket];
  const text =
    `SELECT to_char(date_trunc('${unit}', e.ts), 'YYYY-MM-DD') AS bucket, ${expr} AS value ` +
    `FROM event e JOIN profile p ON p.id = e.profile_id WHERE ${where} ` +
    `GROUP BY date_trunc('${unit}', e.ts) ORDER BY date_trunc('${unit}', e.ts)`;
  const { rows } = await (options.db ?? pool()).query<{ bucket: string; value: string }>(text, params.values);
  return rows.map((r) => ({ bucket: r.bucket, value: Number(r.value) }));
}
