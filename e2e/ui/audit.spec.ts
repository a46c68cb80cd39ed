// The staff audit log: entries for sign-ins, staff changes and profile edits (in the edit's own transaction),
// the admin page with filters and CSV, and append-only enforcement in the database.
import { sql } from "../support/api";
import { seedStaff as createStaff, expect, test } from "../support/fixtures";
import { clientAddress, createProfile, signIn, signInWith } from "./dashboard-staff";

type AuditRow = {
  id: string;
  actor_email: string | null;
  action: string;
  profile_id: string | null;
  subject: string | null;
  ip_address: string | null;
  request_id: string | null;
  old_value: unknown;
  new_value: unknown;
  reason: string | null;
};
const auditOf = (where: string, values: unknown[]) =>
  sql<AuditRow>(
    `SELECT a.id::text, a.actor_email, a.action, a.profile_id::text, a.subject, a.ip_address, a.request_id,
            d.old_value, d.new_value, d.reason
       FROM staff_audit a LEFT JOIN staff_audit_detail d ON d.audit_id = a.id WHERE ${where} ORDER BY a.id`,
    values,
  );

test("sign-in success and failure are audited with the client address, never one the client claims", async ({ page }) => {
  const admin = await createStaff("admin");
  // The test server trusts loopback as a proxy (TAPESTRY_TRUSTED_PROXIES), so X-Forwarded-For names the client; the
  // server's own client-address header is replaced whatever the client sent.
  const [failedFrom, signedInFrom] = [clientAddress(), clientAddress()];
  const bad = await page.request.post("/api/auth/sign-in/email", {
    headers: { "x-forwarded-for": failedFrom, "x-tapestry-client-address": "6.6.6.6" },
    data: { email: admin.email, password: "wrong-password" },
  });
  expect(bad.status()).not.toBe(200);
  await signInWith(page.request, admin, signedInFrom);
  const rows = await auditOf("a.actor_email = $1", [admin.email]);
  expect(rows.map((r) => [r.action, r.ip_address])).toEqual([
    ["sign-in-failed", failedFrom],
    ["sign-in", signedInFrom],
  ]);
});

test("an editor's property and consent edits are audited with old → new and reason; a refused edit leaves none", async ({ page }) => {
  const editor = await createStaff("editor");
  const profile = await createProfile(page.request, { Name: "Audit Person", Points: 1, "MSG-sms": true });
  await signIn(page, editor);
  await page.goto(`/profiles/${profile.id}`);
  await page.getByRole("button", { name: "Edit Points" }).click();
  await page.getByLabel("Value of Points").fill("5");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.locator('tr[data-key="Points"] [data-testid="property-value"]')).toHaveText("5");

  await page.getByRole("button", { name: "Change MSG-sms" }).click();
  await page.getByLabel("Off").check();
  await page.getByLabel("Reason for the change").fill("Asked by e-mail, ticket 77");
  await page.getByRole("button", { name: "Save consent" }).click();
  await expect(page.getByTestId("consent-MSG-sms").getByTestId("consent-state")).toHaveText("off");

  // A refused edit (the engine's rule) writes no audit entry: the entry shares the edit's transaction.
  await page.getByRole("button", { name: "Edit Name" }).click();
  await page.getByLabel("Value of Name").fill("x".repeat(600));
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("field-error")).toBeVisible();

  const rows = await auditOf("a.profile_id = $1", [profile.id]);
  expect(rows).toMatchObject([
    {
      actor_email: editor.email,
      action: "profile-edit",
      subject: "Points",
      old_value: 1,
      new_value: 5,
      reason: null,
      ip_address: "127.0.0.1",
    },
    {
      actor_email: editor.email,
      action: "consent-change",
      subject: "MSG-sms",
      old_value: true,
      new_value: false,
      reason: "Asked by e-mail, ticket 77",
    },
  ]);
  // The same request id as the change set it records.
  const sets = await sql<{ request_id: string }>(
    "SELECT request_id FROM profile_change_set WHERE profile_id = $1 AND source = 'staff' ORDER BY id",
    [profile.id],
  );
  expect(rows.map((r) => r.request_id)).toEqual(sets.map((s) => s.request_id));
});

test("admin staff changes are audited; the audit page filters, pages and exports; others are kept out", async ({ page, browser }) => {
  const admin = await createStaff("admin");
  await signIn(page, admin);
  await page.goto("/admin");
  const email = `audited-${Date.now()}-${Math.floor(Math.random() * 1e6)}@staff.test`;
  const form = page.getByRole("form", { name: "Add a staff member" });
  await form.getByLabel("Name").fill("Audited Member");
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Initial password").fill("audited-pass-1");
  await form.getByLabel("Role").selectOption("editor");
  await form.getByRole("button", { name: "Add staff member" }).click();
  // Creating a member hashes a password (scrypt): slow on a loaded machine.
  await expect(form.getByRole("status")).toContainText("can now sign in", { timeout: 20_000 });
  const row = page.locator(`tr[data-email="${email}"]`);
  await row.getByLabel(`Role of ${email}`).selectOption("viewer");
  await expect(row.getByRole("status")).toHaveText("Role changed.");
  await row.getByRole("button", { name: `Deactivate ${email}` }).click();
  await expect(row).toContainText("deactivated");

  const rows = await auditOf("a.subject = $1", [email]);
  expect(rows).toMatchObject([
    { actor_email: admin.email, action: "staff-create", new_value: "editor" },
    { actor_email: admin.email, action: "staff-role", old_value: "editor", new_value: "viewer" },
    { actor_email: admin.email, action: "staff-active", old_value: true, new_value: false },
  ]);

  // The page: filtered by actor and action, newest first.
  await page.goto(`/audit?actor=${encodeURIComponent(admin.email)}`);
  const table = page.getByTestId("audit");
  await expect(table.locator("tbody tr")).toHaveCount(4); // sign-in + three staff changes
  await expect(table.locator("tbody tr").first()).toHaveAttribute("data-action", "staff-active");
  await page.getByLabel("Action").selectOption("staff-role");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/action=staff-role/);
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await expect(table).toContainText("editor → viewer");

  // Keyset paging: more than a page of entries for one actor.
  const many = Array.from({ length: 55 }, (_, i) => i);
  await sql(
    `INSERT INTO staff_audit (actor_email, action, subject, request_id) 
     SELECT $1, 'profile-export', 'page-' || n, 'r-' || n FROM unnest($2::int[]) n`,
    [`pager-${email}`, many],
  );
  await page.goto(`/audit?actor=${encodeURIComponent(`pager-${email}`)}`);
  await expect(table.locator("tbody tr")).toHaveCount(50);
  await expect(table.locator("tbody tr").first()).toContainText("page-54");
  await page.getByRole("link", { name: "Older →" }).click();
  await expect(table.locator("tbody tr")).toHaveCount(5);
  await expect(table.locator("tbody tr").last()).toContainText("page-0");

  // CSV of the filter.
  const csv = await page.request.get(`/audit/export?actor=${encodeURIComponent(admin.email)}&action=staff-role`);
  expect(csv.status()).toBe(200);
  const text = await csv.text();
  expect(text).toContain("time (UTC)");
  expect(text).toContain(email);
  expect(text.trim().split("\n")).toHaveLength(2);

  // Editors and viewers: no link, no page, no export.
  for (const role of ["editor", "viewer"] as const) {
    const context = await browser.newContext({ baseURL: process.env.TAPESTRY_TEST_URL });
    const other = await context.newPage();
    await signIn(other, await createStaff(role));
    await other.goto("/profiles");
    await expect(other.getByRole("link", { name: "Audit log" })).toHaveCount(0);
    await other.goto("/audit");
    await expect(other).toHaveURL(/\/forbidden$/);
    expect((await other.request.get("/audit/export")).status()).toBe(403);
    await context.close();
  }
});

test("audit rows cannot be updated, deleted or truncated through the application's database role", async ({ page }) => {
  const profile = await createProfile(page.request, { Name: "Kept" });
  await sql(
    `WITH a AS (INSERT INTO staff_audit (actor_email, action, profile_id, subject) 
       VALUES ('t@staff.test', 'profile-edit', $1, 'Name') RETURNING id)
     INSERT INTO staff_audit_detail (audit_id, profile_id, old_value, new_value) SELECT id, $1, '"a"', '"b"' FROM a`,
    [profile.id],
  );
  const refused = async (statement: string, values: unknown[] = []) => {
    const error = await sql(statement, values).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message, statement).toMatch(/append-only/);
  };
  await refused("UPDATE staff_audit SET action = 'x' WHERE profile_id = $1", [profile.id]);
  await refused("DELETE FROM staff_audit WHERE profile_id = $1", [profile.id]);
  await refused("TRUNCATE staff_audit CASCADE");
  await refused("UPDATE staff_audit_detail SET reason = 'x' WHERE profile_id = $1", [profile.id]);
  await refused("DELETE FROM staff_audit_detail WHERE profile_id = $1", [profile.id]);
  await refused("TRUNCATE staff_audit_detail");
  expect(await sql("SELECT 1 FROM staff_audit_detail WHERE profile_id = $1", [profile.id])).toHaveLength(1);
});
