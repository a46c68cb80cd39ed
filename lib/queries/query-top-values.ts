// The most (or least) frequent values of an event property (counted per event) or of a profile property (counted
// per profile that did the event), for the events a selector picks. Used by /1/counts/top.json.
import type pg from "pg";
import { pool } from "../db/pool";
import { Params } from "./query-property";
import type { Condition } from "./query-schema";
import { compileEventWhere, type EventSelector } from "./query-sql";

export type TopValues = { values: { value: unknown; count: number }[]; total: number };

export async function topValues(options: {
  accountId: string;
  events: EventSelector;
  profile: Condition;
  source: "event" | "profile";
  key: string;
  limit: number;
  order: "desc" | "asc";
  now?: Date;
  db?: Pick<pg.Pool, "query">;
}): Promise<TopValues> {
  const params = new Params();
  const where = compileEventWhere({ ...options, params });
  const key = params.add(options.key);
  const value = options.source === "event" ? `e.properties -> ${key}` : `p.properties -> ${key}`;
  const counted = options.source === "event" ? "count(*)" : "count(DISTINCT p.id)";
  const order = options.order === "asc" ? "ASC" : "DESC";
  const text =
    `WITH counted AS (SELECT ${value} AS value, ${counted} AS n FROM event e JOIN profile p ON p.id = e.profile_id ` +
    `WHERE ${where} AND ${value} IS NOT NULL GROUP BY 1) ` +
    `SELECT value, n, sum(n) OVER () AS total FROM counted ORDER BY n ${order}, value::text LIMIT ${params.add(options.limit)}`;
  const { rows } = await (options.db ?? pool()).query<{ value: unknown; n: string; total: string }>(text, params.values);
  return { values: rows.map((r) => ({ value: r.value, count: Number(r.n) })), total: rows.length > 0 ? Number(rows[0].total) : 0 };
}
