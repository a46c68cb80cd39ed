// Event rows matching an event selector (name, window, property conditions) whose profile passes a condition:
// keyset pages by event id and exact counts. Used by the CleverTap query API.
import type pg from "pg";
import { pool } from "../db/pool";
import { Params } from "./query-property";
import type { Condition } from "./query-schema";
import { compileEventWhere, type EventSelector } from "./query-sql";

type Db = Pick<pg.Pool, "query">;

export type EventRow = {
  id: number;
  name: string;
  ts: Date;
  properties: Record<string, unknown>;
  deviceGuid: string | null;
  profileId: number;
  profileProperties: Record<string, unknown>;
};

type Options = { accountId: string; events: EventSelector; profile: Condition; now?: Date; db?: Db };

export async function findEvents(options: Options & { after: number; limit: number }): Promise<EventRow[]> {
  const params = new Params();
  const where = compileEventWhere({ ...options, params });
  const text =
    "SELECT e.id, e.name, e.ts, e.properties, e.device_guid, e.profile_id, p.properties AS profile_properties " +
    `FROM event e JOIN profile p ON p.id = e.profile_id WHERE ${where} AND e.id > ${params.add(options.after)}::bigint ` +
    `ORDER BY e.id LIMIT ${params.add(options.limit)}`;
  const { rows } = await (options.db ?? pool()).query(text, params.values);
  return rows.map((r) => ({
    id: Number(r.id),
    name: r.name,
    ts: r.ts,
    properties: r.properties,
    deviceGuid: r.device_guid,
    profileId: Number(r.profile_id),
    profileProperties: r.profile_properties,
  }));
}

export async function countMatchingEvents(options: Options): Promise<number> {
  const params = new Params();
  const where = compileEventWhere({ ...options, params });
  const { rows } = await (options.db ?? pool()).query<{ n: string }>(
    `SELECT count(*) AS n FROM event e JOIN profile p ON p.id = e.profile_id WHERE ${where}`,
    params.values,
  );
  return Number(rows[0].n);
}
