// Dashboard test helpers: signing in through the auth endpoint from a client address of the test's own, so the
// sign-in rate limit (per address) does not couple the tests, and profiles and their rows for the checks. Staff
// members come from the createStaff fixture (../support/fixtures.ts).

import crypto from "node:crypto";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect } from "@playwright/test";
import { sql, unique } from "../support/api";
import type { TestStaff } from "../support/fixtures";

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
