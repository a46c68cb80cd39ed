// A request path as a metric label: the route it reaches, never the raw path (ids and query strings would make a
// new time series per profile or per visitor).
const EXACT = new Set([
  "/",
  "/a",
  "/health",
  "/metrics",
  "/1/upload",
  "/1/profile.json",
  "/1/delete/profiles.json",
  "/profiles",
  "/profiles/export",
  "/segments",
  "/admin",
  "/sign-in",
  "/forbidden",
  "/demo",
  "/demo/sdk.js",
]);

export function routeLabel(path: string): string {
  const pathname = path.split("?", 1)[0];
  if (EXACT.has(pathname)) return pathname;
  if (pathname.startsWith("/1/")) return "/1/*";
  if (/^\/profiles\/\d+$/.test(pathname)) return "/profiles/[id]";
  if (pathname.startsWith("/api/auth/")) return "/api/auth/*";
  if (pathname.startsWith("/_next/")) return "/_next/*";
  return "other";
}
