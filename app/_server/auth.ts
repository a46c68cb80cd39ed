// The auth instance for server actions that set or clear the session cookie (sign-out): lib/auth/auth.ts's settings
// plus better-auth's Next.js plugin, which writes the cookie through next/headers. Sessions are read, and the sign-in
// endpoints served, by lib/auth/auth.ts's framework-free instance; both use the same database tables.
import { betterAuth } from "better-auth";
import { nextCookies } from "better-auth/next-js";
import { authOptions } from "@/lib/auth/auth";

const createAuth = () => betterAuth({ ...authOptions(), plugins: [nextCookies()] });
type CookieAuth = ReturnType<typeof createAuth>;
const globalForAuth = globalThis as unknown as { tapestryCookieAuth?: CookieAuth };

/** One per process, created on first use. */
export function cookieAuth(): CookieAuth {
  globalForAuth.tapestryCookieAuth ??= createAuth();
  return globalForAuth.tapestryCookieAuth;
}
