// Profiles matching a condition of the query engine: keyset pages by id (ascending, so rows written meanwhile are
// never skipped or repeated) and exact counts. Used by the CleverTap query API.
import type pg from "pg";
import { pool } from "../db/pool";
import { Params } from "./query-property";
import type { Condition } from "./query-schema";
import { compileWhere } from "./query-sql";

type Db = Pick<pg.Pool, "query">;

/** Up to `limit` ids after `after`, in id order. */
export async function findProfileIds(options: {
  accountId: string;
  condition: Condition;
  after: number;
  limit: number;
  now?: Date;
  db?: Db;
}): Promise<number[]> {
  const params = new Params();
  const where = compileWhere({ accountId: options.accountId, condition: options.condition, params, now: options.now });
  const text =
    `SELECT p.id FROM profile p WHERE ${where} AND p.id > ${params.add(options.after)}::bigint ` +
    `ORDER BY p.id LIMIT ${params.add(options.limit)}`;
  const { rows } = await (options.db ?? pool()).query<{ id: number }>(text, params.values);
  return rows.map((r) => Number(r.id));
}

export async function countMatchingProfiles(options: { accountId: string; condition: Condition; now?: Date; db?: Db }): Promise<number> {
  const params = new Params();
  const where = compileWhere({ accountId: options.accountId, condition: options.condition, params, now: options.now });
  const { rows } = await (options.db ?? pool()).query<{ n: string }>(`SELECT count(*) AS n FROM profile p WHERE ${where}`, params.values);
  return Number(rows[0].n);
}
