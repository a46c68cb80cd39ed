// Dashboard test helpers: staff members of each role created straight in the auth tables (with the auth library's
// own password hash), and signing in through the auth endpoint from a client address of the test's own, so the
// sign-in rate limit (per address) does not couple the tests.

import crypto from "node:crypto";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect } from "@playwright/test";
import { hashPassword } from "better-auth/crypto";
import { sql, unique } from "../support/api";

export type Role = "viewer" | "editor" | "admin";
export type TestStaff = { id: string; email: string; password: string; role: Role; name: string };

export async function createStaff(role: Role): Promise<TestStaff> {
  const id = crypto.randomBytes(16).toString("hex");
  const email = `${unique(role)}@staff.test`.toLowerCase();
  const password = `pw-${crypto.randomBytes(8).toString("hex")}`;
  const name = `Test ${role}`;
  await sql("INSERT INTO staff_user (id, name, email, email_verified, role, active) VALUES ($1, $2, $3, true, $4, true)", [
    id,
    name,
    email,
    role,
  ]);
  await sql(
    "INSERT INTO staff_account (id, account_id, provider_id, user_id, password, updated_at) VALUES ($1, $2, 'credential', $2, $3, now())",
    [crypto.randomBytes(16).toString("hex"), id, await hashPassword(password)],
  );
  return { id, email, password, role, name };
}

/** A client address of its own for each test (the sign-in limit counts per address). */
export const clientAddress = () => `10.${crypto.randomInt(256)}.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`;

/** Signs in through the auth endpoint; the session cookie lands in the page's browser context. */
export async function signIn(page: Page, staff: TestStaff): Promise<void> {
  await signInWith(page.request, staff, clientAddress());
}

export async function signInWith(request: APIRequestContext, staff: TestStaff, address: string) {
  const response = await request.post("/api/auth/sign-in/email", {
    headers: { "x-forwarded-for": address, origin: new URL(process.env.TAPESTRY_TEST_URL ?? "http://127.0.0.1:3210").origin },
    data: { email: staff.email, password: staff.password },
  });
  expect(response.status(), await response.text()).toBe(200);
}

/** An identified profile made through the REST API, with its id. */
export async function createProfile(request: APIRequestContext, data: Record<string, unknown>): Promise<{ id: number; identity: string }> {
  const identity = unique("dash");
  const { upload } = await import("../support/api");
  const answer = await upload(request, [{ type: "profile", identity, profileData: data }]);
  expect(answer.processed, JSON.stringify(answer)).toBe(1);
  const rows = await sql<{ profile_id: string }>("SELECT profile_id::text FROM profile_identity WHERE value = $1", [identity]);
  return { id: Number(rows[0]!.profile_id), identity };
}

export async function profileRow(id: number) {
  const rows = await sql<{ version: number; properties: Record<string, unknown>; property_types: Record<string, string> }>(
    "SELECT version, properties, property_types FROM profile WHERE id = $1",
    [id],
  );
  return rows[0]!;
}

export async function changesOf(id: number) {
  return sql<{ key: string; old_value: unknown; new_value: unknown; source: string; actor: string | null; reason: string | null }>(
    "SELECT key, old_value, new_value, source, actor, reason FROM profile_change WHERE profile_id = $1 ORDER BY id",
    [id],
  );
}
