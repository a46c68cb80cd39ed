// Helpers for the HTTP tests: credentials of the test account, unique ids, REST calls and direct SQL checks.

import crypto from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import pg from "pg";

export const ACCOUNT_ID = process.env.TAPESTRY_ACCOUNT_ID ?? "TEST-ACC-0001";
export const PASSCODE = process.env.TAPESTRY_PASSCODE ?? "test-passcode-0001";
export const authHeaders = { "X-CleverTap-Account-Id": ACCOUNT_ID, "X-CleverTap-Passcode": PASSCODE, "Content-Type": "application/json" };

export const unique = (prefix: string) => `${prefix}-${crypto.randomBytes(5).toString("hex")}`;
export const newGuid = () => crypto.randomBytes(16).toString("hex");

export type UploadAnswer = {
  status: string;
  processed: number;
  unprocessed: { status: string; code: number; error: string; record: unknown }[];
};

/** POST /1/upload as a well-behaved client: a 429 (over 15 requests in flight) is retried after a short pause. */
export async function upload(
  request: APIRequestContext,
  records: unknown[],
  headers: Record<string, string> = authHeaders,
): Promise<UploadAnswer> {
  for (let attempt = 0; ; attempt++) {
    const response = await request.post("/1/upload", { headers, data: { d: records } });
    if (response.status() === 429 && attempt < 50) {
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 80));
      continue;
    }
    if (response.status() !== 200) throw new Error(`upload answered ${response.status()}: ${await response.text()}`);
    return response.json();
  }
}

export async function profileJson(request: APIRequestContext, query: string, headers: Record<string, string> = authHeaders) {
  const response = await request.get(`/1/profile.json?${query}`, { headers });
  return { status: response.status(), body: await response.json() };
}

// lib/db/pool.ts reads BIGINT as numbers for the app, for the whole process; a worker that seeds through lib/ (the
// fixtures) loads it. The tests' own queries keep pg's default, text, whichever fixtures ran before them.
const PG_DEFAULT_TYPES = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === 20 ? (value: string) => value : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

let pool: pg.Pool | undefined;
export async function sql<T extends pg.QueryResultRow = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  pool ??= new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4, types: PG_DEFAULT_TYPES });
  return (await pool.query<T>(text, params)).rows;
}

/** The profile id a device guid points at now. */
export async function profileOfDevice(guid: string): Promise<number | undefined> {
  const rows = await sql<{ profile_id: string }>("SELECT profile_id FROM device WHERE account_id = $1 AND guid = $2", [ACCOUNT_ID, guid]);
  return rows[0] ? Number(rows[0].profile_id) : undefined;
}

export async function profileIdsOfIdentity(value: string, accountId = ACCOUNT_ID): Promise<number[]> {
  const rows = await sql<{ profile_id: string }>("SELECT profile_id FROM profile_identity WHERE account_id = $1 AND value = $2", [
    accountId,
    value,
  ]);
  return rows.map((row) => Number(row.profile_id));
}

export async function propertiesOf(profileId: number): Promise<Record<string, unknown>> {
  const rows = await sql<{ properties: Record<string, unknown> }>("SELECT properties FROM profile WHERE id = $1", [profileId]);
  return rows[0]?.properties;
}
