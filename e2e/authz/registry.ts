// Who may call what: every server action ("use server" export under app/), every route handler (app/**/route.ts),
// every request answered before Next's router (scripts/lib/pre-router.ts) and every page. The authorization matrix
// test (authorization-matrix.spec.ts) finds them all in the source and the build and fails on one missing here.
//
// Callers: "anonymous" (a made-up session cookie, so that proxy.ts lets the request through and the handler's own
// check is what answers), viewer, editor, admin (signed-in staff).
export type Caller = "anonymous" | "viewer" | "editor" | "admin";
export const CALLERS: Caller[] = ["anonymous", "viewer", "editor", "admin"];

/** A server action: from minRole up it runs (an empty input then gets a validation answer); below it, `denied`. */
export type ActionEntry =
  | {
      minRole: Exclude<Caller, "anonymous">;
      /** Text of the answer below minRole; null when the action answers null both below minRole and to a bad input. */
      denied: string | null;
      page: string;
      args: unknown[];
      /** Text of the answer from minRole up (to the empty input); default '"ok":false' (a validation answer). */
      allowed?: string;
    }
  | { public: string; page: string; args: unknown[] };

const EDITORS = "Only editors and admins can change profiles.";
const staffAction = (name: string, extra: { denied?: null; allowed?: string } = {}): [string, ActionEntry] => [
  `app/(dashboard)/profiles/[id]/staff-actions.ts#${name}`,
  { minRole: "editor", denied: EDITORS, page: "/profiles/1", args: [{}], ...extra },
];

/** Keyed "file#exportedName". `page` is a page that imports the action (where the browser posts it). */
export const ACTIONS: Record<string, ActionEntry> = {
  "app/(dashboard)/admin/actions.ts#createStaffAction": {
    minRole: "admin",
    denied: "Only admins can manage staff.",
    page: "/admin",
    args: [{}],
  },
  "app/(dashboard)/admin/actions.ts#changeRoleAction": {
    minRole: "admin",
    denied: "Only admins can manage staff.",
    page: "/admin",
    args: [{}],
  },
  "app/(dashboard)/admin/actions.ts#setActiveAction": {
    minRole: "admin",
    denied: "Only admins can manage staff.",
    page: "/admin",
    args: [{}],
  },
  "app/(dashboard)/profiles/[id]/actions.ts#editPropertyAction": {
    minRole: "editor",
    denied: "Only editors and admins can change profiles.",
    page: "/profiles/1",
    args: [{}],
  },
  "app/(dashboard)/profiles/[id]/actions.ts#deletePropertyAction": {
    minRole: "editor",
    denied: "Only editors and admins can change profiles.",
    page: "/profiles/1",
    args: [{}],
  },
  "app/(dashboard)/profiles/[id]/actions.ts#editConsentAction": {
    minRole: "editor",
    denied: "Only editors and admins can change profiles.",
    page: "/profiles/1",
    args: [{}],
  },
  ...Object.fromEntries([
    staffAction("incrementAction"),
    staffAction("previewLinkAction"),
    staffAction("linkIdentityAction"),
    staffAction("previewUnmergeAction"),
    staffAction("unmergeAction"),
    staffAction("revertAction"),
    staffAction("unlinkIdentityAction"),
    staffAction("moveDeviceAction"),
    staffAction("previewMergeAction"),
    staffAction("mergeProfilesAction"),
  ]),
  "app/(dashboard)/profiles/[id]/actions.ts#eraseProfileAction": {
    minRole: "admin",
    denied: "Only admins can erase profiles.",
    page: "/profiles/1",
    args: [{}],
  },
  "app/(dashboard)/suppressions/actions.ts#liftSuppressionAction": {
    minRole: "admin",
    denied: "Only admins can lift suppressions.",
    page: "/suppressions",
    args: [{}],
  },
  "app/(dashboard)/segments/actions.ts#saveSegmentAction": {
    minRole: "viewer",
    denied: "Your session has ended: sign in again.",
    page: "/profiles",
    args: [{}],
  },
  "app/(dashboard)/sign-out.ts#signOutAction": {
    public: "ends whatever session there is and redirects to /sign-in",
    page: "/profiles",
    args: [],
  },
};

/** Expected status per caller. */
export type Expect = Record<Caller, number>;
const all = (status: number): Expect => ({ anonymous: status, viewer: status, editor: status, admin: status });
const fromRole = (minRole: Exclude<Caller, "anonymous">, below: number, allowed = 200): Expect => {
  const rank = { anonymous: 0, viewer: 1, editor: 2, admin: 3 };
  return Object.fromEntries(CALLERS.map((caller) => [caller, rank[caller] >= rank[minRole] ? allowed : below])) as Expect;
};

/**
 * Route handlers and pre-router answers, keyed "route METHOD". `path` is the URL called (for a dynamic route, one
 * instance of it); `body` is sent with POST. A staff session opens nothing on the REST API (it needs the passcode) and
 * /a, /health, /metrics (from this host), the SDK bundle and the auth library's own endpoints are public by design.
 */
export type RouteEntry = { path: string; expect: Expect; why: string; body?: unknown };

const REST = "REST API: the account passcode, never a staff session";
const REST_METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"];
/** A REST endpoint: its methods answer 401 to anyone without the passcode, the others 405. */
const rest = (route: string, methods: string[], path = route): Record<string, RouteEntry> =>
  Object.fromEntries(
    REST_METHODS.map((method) => [
      `${route} ${method}`,
      { path, expect: all(methods.includes(method) ? 401 : 405), why: REST, ...(method === "POST" ? { body: {} } : {}) },
    ]),
  );

export const ROUTES: Record<string, RouteEntry> = {
  ...rest("/1/upload", ["POST"]),
  ...rest("/1/profile.json", ["GET"], "/1/profile.json?identity=x"),
  ...rest("/1/delete/profiles.json", ["POST"]),
  ...rest("/1/demerge/profiles.json", ["POST"]),
  ...rest("/1/export/profile.json", ["GET"], "/1/export/profile.json?identity=x"),
  ...rest("/1/subscribe", ["POST"]),
  ...rest("/1/disassociate", ["POST"]),
  ...rest("/1/profiles.json", ["GET", "POST"]),
  ...rest("/1/events.json", ["GET", "POST"]),
  ...rest("/1/now.json", ["POST"]),
  ...rest("/1/counts/events.json", ["POST"]),
  ...rest("/1/counts/profiles.json", ["POST"]),
  ...rest("/1/counts/top.json", ["POST"]),
  ...rest("/1/counts/trends.json", ["POST"]),
  "/1/[...path] GET": { path: "/1/nothing", expect: all(404), why: REST },
  "/1/[...path] POST": { path: "/1/nothing", expect: all(404), why: REST },
  "/1/[...path] PUT": { path: "/1/nothing", expect: all(404), why: REST },
  "/1/[...path] DELETE": { path: "/1/nothing", expect: all(404), why: REST },
  "/1/[...path] PATCH": { path: "/1/nothing", expect: all(404), why: REST },
  "/a GET": { path: "/a?t=96&type=page", expect: all(200), why: "Web SDK endpoint: public, records nothing without a known account" },
  "/a HEAD": { path: "/a?t=96&type=page", expect: all(200), why: "Web SDK endpoint" },
  "/a OPTIONS": { path: "/a", expect: all(204), why: "CORS preflight of the SDK's fetch mode" },
  "/health GET": { path: "/health", expect: all(200), why: "for load balancers: no credentials" },
  "/health HEAD": { path: "/health", expect: all(200), why: "for load balancers: no credentials" },
  "/metrics GET": { path: "/metrics", expect: all(200), why: "loopback clients, or the TAPESTRY_METRICS_TOKEN bearer" },
  "/api/auth/[...all] GET": { path: "/api/auth/get-session", expect: all(200), why: "the auth library: answers the caller's own session" },
  "/api/auth/[...all] POST": {
    path: "/api/auth/sign-up/email",
    expect: all(400),
    why: "the auth library: public sign-up is off",
    body: {},
  },
  "/demo/sdk.js GET": { path: "/demo/sdk.js", expect: all(200), why: "the public SDK bundle for the demo shop" },
  "/profiles/export GET": { path: "/profiles/export", expect: fromRole("viewer", 401), why: "viewers and up may export" },
  "/profiles/[id]/export GET": {
    path: "/profiles/0/export",
    expect: fromRole("admin", 403, 404),
    why: "a person's data export: admins only (no profile 0, so an admin is answered 404)",
  },
  "/audit/export GET": { path: "/audit/export", expect: fromRole("admin", 403), why: "the audit log as CSV: admins only" },
};

/** Pages, keyed by route: below minRole a signed-in member is sent to /forbidden, no session to /sign-in. */
export type PageEntry = { path: string; minRole: Exclude<Caller, "anonymous"> | null };
export const PAGES: Record<string, PageEntry> = {
  "/": { path: "/", minRole: "viewer" },
  "/sign-in": { path: "/sign-in", minRole: null },
  "/forbidden": { path: "/forbidden", minRole: null },
  "/demo": { path: "/demo", minRole: null },
  "/profiles": { path: "/profiles", minRole: "viewer" },
  "/profiles/[id]": { path: "/profiles/1", minRole: "viewer" },
  "/segments": { path: "/segments", minRole: "viewer" },
  "/admin": { path: "/admin", minRole: "admin" },
  "/audit": { path: "/audit", minRole: "admin" },
  "/suppressions": { path: "/suppressions", minRole: "admin" },
};
