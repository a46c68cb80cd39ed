// The REST endpoints under /1, in one list: the catch-all's 404 names them (app/1/[...path]), and a unit test checks
// the list against the route files under app/1, so a new endpoint cannot be left out.
export const REST_ENDPOINTS: readonly { path: string; methods: readonly ("GET" | "POST")[] }[] = [
  { path: "/1/upload", methods: ["POST"] },
  { path: "/1/profile.json", methods: ["GET"] },
  { path: "/1/export/profile.json", methods: ["GET"] },
  { path: "/1/delete/profiles.json", methods: ["POST"] },
  { path: "/1/demerge/profiles.json", methods: ["POST"] },
  { path: "/1/disassociate", methods: ["POST"] },
  { path: "/1/subscribe", methods: ["POST"] },
  { path: "/1/profiles.json", methods: ["GET", "POST"] },
  { path: "/1/events.json", methods: ["GET", "POST"] },
  { path: "/1/counts/profiles.json", methods: ["POST"] },
  { path: "/1/counts/events.json", methods: ["POST"] },
  { path: "/1/counts/top.json", methods: ["POST"] },
  { path: "/1/counts/trends.json", methods: ["POST"] },
  { path: "/1/now.json", methods: ["POST"] },
];

/** "POST /1/upload, GET /1/profile.json, GET|POST /1/profiles.json, …" */
export const describeRestEndpoints = (): string => REST_ENDPOINTS.map((e) => `${e.methods.join("|")} ${e.path}`).join(", ");
