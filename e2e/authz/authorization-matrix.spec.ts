// The authorization matrix: every server action, route handler, pre-router answer and page, called without a
// session, as viewer, editor and admin, against the expectation in registry.ts. The inventory comes from the source
// (and, for actions, from the build's server-reference manifest, whose ids are what a browser posts): a new action,
// route or page without a registry entry fails the first test.
import fs from "node:fs";
import path from "node:path";
import { type APIRequestContext, request as playwrightRequest } from "@playwright/test";
import { PRE_ROUTER_ROUTES } from "../../scripts/lib/pre-router";
import { seedStaff as createStaff, expect, test } from "../support/fixtures";
import { builtActions, callAction } from "../support/server-actions";
import { clientAddress, createProfile, signInWith } from "../ui/dashboard-staff";
import { ACTIONS, CALLERS, type Caller, PAGES, ROUTES } from "./registry";

const BASE_URL = process.env.TAPESTRY_TEST_URL ?? "http://127.0.0.1:3210";
const METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"];

function filesUnder(dir: string, name: RegExp): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full, name) : name.test(entry.name) ? [full] : [];
  });
}

/** app/(dashboard)/profiles/[id]/page.tsx → /profiles/[id] (route groups leave no trace in the URL). */
const routeOf = (file: string) =>
  `/${path
    .dirname(file)
    .split(path.sep)
    .slice(1)
    .filter((part) => !/^\(.*\)$/.test(part))
    .join("/")}`;

/** The HTTP methods a route module exports (function, const, destructured const or re-export). */
function exportedMethods(source: string): string[] {
  const found = new Set<string>();
  for (const match of source.matchAll(/export\s+(?:async\s+)?(?:function|const)\s+([A-Z]+)\b/g)) found.add(match[1]);
  for (const match of source.matchAll(/export\s+(?:const\s*)?\{([^}]*)\}/g))
    for (const part of match[1].split(","))
      found.add(
        part
          .trim()
          .split(/\s+as\s+/)
          .pop()!
          .trim(),
      );
  return [...found].filter((name) => METHODS.includes(name));
}

function serverActions(): string[] {
  return filesUnder("app", /\.tsx?$/)
    .filter((file) => /^\s*(\/\/[^\n]*\n\s*)*["']use server["']/.test(fs.readFileSync(file, "utf8")))
    .flatMap((file) =>
      [...fs.readFileSync(file, "utf8").matchAll(/export\s+(?:async\s+function|const)\s+(\w+)/g)].map((m) => `${file}#${m[1]}`),
    );
}

function routeHandlers(): string[] {
  const fromSource = filesUnder("app", /^route\.tsx?$/).flatMap((file) =>
    exportedMethods(fs.readFileSync(file, "utf8")).map((method) => `${routeOf(file)} ${method}`),
  );
  const preRouter = PRE_ROUTER_ROUTES.flatMap((route) => route.methods.map((method) => `${route.path} ${method}`));
  return [...new Set([...fromSource, ...preRouter])];
}

const pages = () => filesUnder("app", /^page\.tsx?$/).map(routeOf);

test("every server action, route handler, pre-router answer and page has an entry, and every entry exists", () => {
  const actions = serverActions();
  expect(actions.length).toBeGreaterThan(0);
  expect(
    actions.filter((key) => !ACTIONS[key]),
    "server actions without an entry in e2e/authz/registry.ts",
  ).toEqual([]);
  expect(
    Object.keys(ACTIONS).filter((key) => !actions.includes(key)),
    "registry entries of actions that no longer exist",
  ).toEqual([]);
  const built = [...builtActions().keys()];
  expect(
    built.filter((key) => !ACTIONS[key]),
    "built actions without an entry",
  ).toEqual([]);

  const routes = routeHandlers();
  expect(
    routes.filter((key) => !ROUTES[key]),
    "route handlers without an entry in e2e/authz/registry.ts",
  ).toEqual([]);
  expect(
    Object.keys(ROUTES).filter((key) => !routes.includes(key)),
    "registry entries of routes that no longer exist",
  ).toEqual([]);

  const found = pages();
  expect(
    found.filter((route) => !PAGES[route]),
    "pages without an entry in e2e/authz/registry.ts",
  ).toEqual([]);
  expect(
    Object.keys(PAGES).filter((route) => !found.includes(route)),
    "registry entries of pages that no longer exist",
  ).toEqual([]);
});

const SESSION_COOKIE = "better-auth.session_token";
const rank: Record<Caller, number> = { anonymous: 0, viewer: 1, editor: 2, admin: 3 };

/** A request context acting as the caller: signed-in staff, or a made-up session cookie (past proxy.ts). */
async function contextFor(caller: Caller): Promise<APIRequestContext> {
  if (caller === "anonymous")
    return playwrightRequest.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { cookie: `${SESSION_COOKIE}=forged.${"x".repeat(32)}` } });
  const context = await playwrightRequest.newContext({ baseURL: BASE_URL });
  await signInWith(context, await createStaff(caller), clientAddress());
  return context;
}

for (const caller of CALLERS) {
  test(`as ${caller}: every action, route and page answers as the registry says`, async ({ request }) => {
    test.setTimeout(120_000);
    const profile = await createProfile(request, { Name: "Matrix" });
    const context = await contextFor(caller);
    const failures: string[] = [];
    try {
      for (const [key, entry] of Object.entries(ROUTES)) {
        const method = key.split(" ").pop()!;
        const response = await context.fetch(entry.path, {
          method,
          maxRedirects: 0,
          // Its own client address: the auth library rate-limits per address.
          ...(entry.body !== undefined ? { data: entry.body, headers: { origin: BASE_URL, "x-forwarded-for": clientAddress() } } : {}),
        });
        if (response.status() !== entry.expect[caller])
          failures.push(
            `${key} as ${caller}: expected ${entry.expect[caller]}, got ${response.status()} ${(await response.text()).slice(0, 200)}`,
          );
      }

      for (const [route, entry] of Object.entries(PAGES)) {
        const response = await context.get(entry.path.replace("/profiles/1", `/profiles/${profile.id}`), { maxRedirects: 0 });
        const location = response.headers().location ?? "";
        const outcome = `page ${route} as ${caller}: ${response.status()} ${location}`;
        if (entry.minRole === null) {
          if (response.status() >= 400) failures.push(`expected a page or a redirect: ${outcome}`);
        } else if (caller === "anonymous") {
          if (!(response.status() === 307 && location.endsWith("/sign-in"))) failures.push(`expected a redirect to /sign-in: ${outcome}`);
        } else if (rank[caller] < rank[entry.minRole]) {
          if (!(response.status() === 307 && location.endsWith("/forbidden")))
            failures.push(`expected a redirect to /forbidden: ${outcome}`);
        } else if (response.status() !== 200) failures.push(`expected 200: ${outcome}`);
      }

      const ids = builtActions();
      // Sign-out (public) last: it ends the caller's session.
      const actionKeys = Object.keys(ACTIONS).sort((a, b) => Number("public" in ACTIONS[a]) - Number("public" in ACTIONS[b]));
      for (const key of actionKeys) {
        const entry = ACTIONS[key];
        const page = entry.page.replace("/profiles/1", `/profiles/${profile.id}`);
        const response = await callAction(context, page, ids.get(key)!, entry.args);
        const text = await response.text();
        const outcome = `${key} as ${caller}: ${response.status()} ${text.slice(0, 300)}`;
        if (response.status() >= 500) failures.push(`5xx: ${outcome}`);
        else if ("public" in entry) {
          if (!(response.headers()["x-action-redirect"] ?? "").startsWith("/sign-in"))
            failures.push(`expected a redirect to /sign-in: ${outcome}`);
        } else if (rank[caller] >= rank[entry.minRole]) {
          const passed = (entry.denied === null || !text.includes(entry.denied)) && text.includes(entry.allowed ?? '"ok":false');
          if (!passed) failures.push(`expected to pass the role check: ${outcome}`);
        } else if (entry.denied !== null && !text.includes(entry.denied)) failures.push(`expected "${entry.denied}": ${outcome}`);
      }
    } finally {
      await context.dispose();
    }
    expect(failures).toEqual([]);
  });
}
