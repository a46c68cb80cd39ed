// Convenience only: a dashboard request without any session cookie goes straight to /sign-in. It never decides
// access: every page, route handler and server action checks the session and the role itself (lib/auth).
import { getSessionCookie } from "better-auth/cookies";
import { type NextRequest, NextResponse } from "next/server";

export function proxy(request: NextRequest) {
  // The CSV export answers 401 itself (it is fetched, not navigated to).
  if (getSessionCookie(request) || request.nextUrl.pathname === "/profiles/export") return NextResponse.next();
  return NextResponse.redirect(new URL("/sign-in", request.url));
}

export const config = { matcher: ["/", "/profiles/:path*", "/segments/:path*", "/admin/:path*"] };
