// Playwright fixtures that seed through lib/, with the functions the product itself uses: staff members through
// createStaff (the auth library's own scrypt hash), accounts through ensureAccount (the passcode's SHA-256 hash).
// Every worker first checks that the database is a test one (test-database.ts). Specs import `test` and `expect`
// from here.
import crypto from "node:crypto";
import { test as base, expect } from "@playwright/test";
import { ensureAccount } from "../../lib/accounts/ensure-account";
import { closePools, pool } from "../../lib/db/pool";
import type { Role } from "../../lib/permissions/roles";
import { createStaff } from "../../lib/staff/create-staff";
import { unique } from "./api";
import { assertTestDatabase } from "./test-database";

export { expect };
export type TestStaff = { id: string; email: string; password: string; role: Role; name: string };

type WorkerFixtures = {
  testDatabase: undefined;
  /** A new active staff member of the role, and the password to sign in with. */
  createStaff: (role: Role) => Promise<TestStaff>;
  /** A new account of its own; returns the REST headers that authenticate as it. */
  createAccount: () => Promise<Record<string, string>>;
};

/** A new active staff member of the role, made by lib/'s createStaff (for helpers outside a test's fixtures). */
export async function seedStaff(role: Role): Promise<TestStaff> {
  const email = `${unique(role)}@staff.test`.toLowerCase();
  const password = `pw-${crypto.randomBytes(8).toString("hex")}`;
  const name = `Test ${role}`;
  const { id } = await createStaff({ name, email, role, password });
  return { id, email, password, role, name };
}

export const test = base.extend<object, WorkerFixtures>({
  testDatabase: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this destructuring
    async ({}, use) => {
      await assertTestDatabase(pool());
      await use(undefined);
      await closePools();
    },
    { scope: "worker", auto: true },
  ],
  createStaff: [
    async ({ testDatabase: _checked }, use) => {
      await use(seedStaff);
    },
    { scope: "worker" },
  ],
  createAccount: [
    async ({ testDatabase: _checked }, use) => {
      await use(async () => {
        const accountId = unique("ACC").toUpperCase();
        const passcode = crypto.randomBytes(12).toString("hex");
        await ensureAccount(pool(), { accountId, passcode });
        return { "X-CleverTap-Account-Id": accountId, "X-CleverTap-Passcode": passcode, "Content-Type": "application/json" };
      });
    },
    { scope: "worker" },
  ],
});
