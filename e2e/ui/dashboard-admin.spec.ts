// The admin page: only admins reach it; they add staff, change roles and deactivate (which ends sessions and
// blocks sign-in). The database is checked after each UI action.
import type { Page, Request } from "@playwright/test";
import { sql, unique } from "../support/api";
import { expect, test } from "../support/fixtures";
import { clientAddress, signIn } from "./dashboard-staff";

test("an admin adds a staff member, changes the role and deactivates them", async ({ page, browser, createStaff }) => {
  const admin = await createStaff("admin");
  await signIn(page, admin);
  await page.goto("/admin");
  await expect(page.getByRole("heading", { name: "Staff", exact: true })).toBeVisible();

  const email = `${unique("new")}@staff.test`;
  const name = unique("Nina Support");
  const form = page.getByRole("form", { name: "Add a staff member" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Email").fill("not an email");
  await form.getByLabel("Initial password").fill("short");
  await form.getByRole("button", { name: "Add staff member" }).click();
  await expect(form.getByText("Enter a valid email address.")).toBeVisible();
  await expect(form.getByText("At least 8 characters.")).toBeVisible();
  expect(await sql("SELECT 1 FROM staff_user WHERE name = $1", [name])).toHaveLength(0);

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

/** Submits what `act` triggers on the page as a server action request, captured and kept from the server. */
async function captureAction(page: Page, act: () => Promise<void>): Promise<Request> {
  let captured: Request | undefined;
  await page.route("**/admin", async (route) => {
    if (route.request().method() === "POST" && route.request().headers()["next-action"]) {
      captured = route.request();
      await route.abort();
    } else await route.continue();
  });
  await act();
  await expect.poll(() => captured).toBeTruthy();
  await page.unroute("**/admin");
  return captured!;
}

test("editors and viewers cannot reach the admin page or call its actions", async ({ page, browser, createStaff }) => {
  const admin = await createStaff("admin");
  const editor = await createStaff("editor");
  const email = `${unique("blocked")}@staff.test`;

  // An admin's real "add staff" and "make admin" requests, captured before they reach the server.
  await signIn(page, admin);
  await page.goto("/admin");
  const form = page.getByRole("form", { name: "Add a staff member" });
  const addStaff = await captureAction(page, async () => {
    await form.getByLabel("Name").fill("Mallory");
    await form.getByLabel("Email").fill(email);
    await form.getByLabel("Initial password").fill("mallory-pass-1");
    await form.getByLabel("Role").selectOption("admin");
    await form.getByRole("button", { name: "Add staff member" }).click();
  });
  const promote = await captureAction(page, async () => {
    await page.locator(`tr[data-email="${editor.email}"]`).getByLabel(`Role of ${editor.email}`).selectOption("admin");
  });

  // The editor sees no way in…
  const editorContext = await browser.newContext({ baseURL: process.env.TAPESTRY_TEST_URL });
  const editorPage = await editorContext.newPage();
  await signIn(editorPage, editor);
  await editorPage.goto("/profiles");
  await expect(editorPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toHaveCount(0);
  await editorPage.goto("/admin");
  await expect(editorPage).toHaveURL(/\/forbidden$/);
  await expect(editorPage.getByRole("heading", { name: "Not allowed" })).toBeVisible();

  // …and replaying the admin's requests with the editor's session is refused and changes nothing.
  for (const request of [addStaff, promote]) {
    const headers = { ...request.headers() };
    delete headers.cookie;
    const answer = await editorPage.request.post(request.url(), { headers, data: request.postData() ?? "" });
    const text = await answer.text();
    expect(answer.status(), text).toBeLessThan(500);
    expect(text).toContain("Only admins can manage staff.");
  }
  expect(await sql("SELECT 1 FROM staff_user WHERE email = $1", [email])).toHaveLength(0);
  expect((await sql<{ role: string }>("SELECT role FROM staff_user WHERE id = $1", [editor.id]))[0]!.role).toBe("editor");
  await editorContext.close();
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
