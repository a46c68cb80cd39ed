// The admin page: only admins reach it; they add staff, change roles and deactivate (which ends sessions and
// blocks sign-in). The database is checked after each UI action.
import { expect, test } from "@playwright/test";
import { sql } from "../support/api";
import { clientAddress, createStaff, signIn } from "./dashboard-staff";

test("an admin adds a staff member, changes the role and deactivates them", async ({ page, browser }) => {
  const admin = await createStaff("admin");
  await signIn(page, admin);
  await page.goto("/admin");
  await expect(page.getByRole("heading", { name: "Staff", exact: true })).toBeVisible();

  const email = `new-${Date.now()}-${Math.floor(Math.random() * 1e6)}@staff.test`;
  const form = page.getByRole("form", { name: "Add a staff member" });
  await form.getByLabel("Name").fill("Nina Support");
  await form.getByLabel("Email").fill("not an email");
  await form.getByLabel("Initial password").fill("short");
  await form.getByRole("button", { name: "Add staff member" }).click();
  await expect(form.getByText("Enter a valid email address.")).toBeVisible();
  await expect(form.getByText("At least 8 characters.")).toBeVisible();
  expect(await sql("SELECT 1 FROM staff_user WHERE name = 'Nina Support' AND email = $1", [email])).toHaveLength(0);

  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Initial password").fill("support-pass-1");
  await form.getByLabel("Role").selectOption("editor");
  await form.getByRole("button", { name: "Add staff member" }).click();
  await expect(form.getByRole("status")).toContainText(`${email} can now sign in as editor`);
  const [created] = await sql<{ id: string; role: string; active: boolean; password: string }>(
    "SELECT u.id, u.role, u.active, a.password FROM staff_user u JOIN staff_account a ON a.user_id = u.id WHERE u.email = $1",
    [email],
  );
  expect(created).toMatchObject({ role: "editor", active: true });
  expect(created!.password).not.toContain("support-pass-1");

  // The new member can sign in.
  const other = await browser.newContext({ baseURL: process.env.TAPESTRY_TEST_URL });
  const signInAs = () =>
    other.request.post("/api/auth/sign-in/email", {
      headers: { "x-forwarded-for": clientAddress() },
      data: { email, password: "support-pass-1" },
    });
  expect((await signInAs()).status()).toBe(200);

  const row = page.locator(`tr[data-email="${email}"]`);
  await row.getByLabel(`Role of ${email}`).selectOption("viewer");
  await expect(row.getByRole("status")).toHaveText("Role changed.");
  expect((await sql<{ role: string }>("SELECT role FROM staff_user WHERE email = $1", [email]))[0]!.role).toBe("viewer");

  await row.getByRole("button", { name: `Deactivate ${email}` }).click();
  await expect(row).toContainText("deactivated");
  expect((await sql<{ active: boolean }>("SELECT active FROM staff_user WHERE email = $1", [email]))[0]!.active).toBe(false);
  expect(await sql("SELECT 1 FROM staff_session WHERE user_id = $1", [created!.id])).toHaveLength(0);
  expect((await signInAs()).status()).not.toBe(200);
  const page2 = await other.newPage();
  await page2.goto("/profiles");
  await expect(page2).toHaveURL(/\/sign-in$/);
  await other.close();
});

test("editors and viewers cannot reach the admin page or call its actions", async ({ page }) => {
  const editor = await createStaff("editor");
  await signIn(page, editor);
  await page.goto("/profiles");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toHaveCount(0);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/forbidden$/);
  await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
});

test("public sign-up is disabled", async ({ request }) => {
  const email = `signup-${Date.now()}@staff.test`;
  const response = await request.post("/api/auth/sign-up/email", {
    headers: { "x-forwarded-for": clientAddress() },
    data: { email, password: "whatever-123", name: "Eve" },
  });
  expect(response.ok()).toBe(false);
  expect(await sql("SELECT 1 FROM staff_user WHERE email = $1", [email])).toHaveLength(0);
});
