// Every page request passes here: it gets the security headers (lib/http/security-headers.ts) with a fresh script
// nonce, which Next puts on its own inline scripts (it reads it from the request's Content-Security-Policy). A
// dashboard request without any session cookie goes straight to /sign-in: convenience only, it never decides access
// (every page, route handler and server action checks the session and the role itself, lib/auth).
import { getSessionCookie } from "better-auth/cookies";
import { type NextRequest, NextResponse } from "next/server";
import { newNonce, securityHeaders } from "./lib/http/security-headers";

const SIGNED_IN_ONLY = ["/profiles", "/segments", "/admin", "/audit", "/suppressions"];
// The overview is the dashboard's home: exact path only (every other path starts with "/").
const SIGNED_IN_EXACT = ["/"];

export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const headers = securityHeaders(nonce);
  const { pathname } = request.nextUrl;
  const needsSession =
    SIGNED_IN_EXACT.includes(pathname) || SIGNED_IN_ONLY.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
  // The CSV export answers 401 itself (it is fetched, not navigated to).
  let response: NextResponse;
  if (needsSession && !getSessionCookie(request) && pathname !== "/profiles/export") {
    response = NextResponse.redirect(new URL("/sign-in", request.url));
  } else {
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set("content-security-policy", headers["content-security-policy"]);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

// Pages only: not the REST API (/1), the auth API, the Web SDK endpoint (/a), health and metrics, Next's static
// files, or the demo shop (it runs the unmodified Web SDK, which builds its own script tags).
export const config = {
  matcher: ["/((?!1/|1$|api/|a$|health$|metrics$|demo|_next/static|_next/image|favicon\\.ico).*)"],
};
