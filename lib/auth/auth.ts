// The auth library's settings (better-auth) over Prisma: email + password (scrypt hashes), database sessions that
// expire, rate-limited sign-in, no public sign-up (admins create staff, see lib/staff). Tables are staff_* so they do
// not clash with the CleverTap `account` table. Framework-free: the instance, with its Next.js cookie plugin, is made
// in app/_server/auth.ts for the actions that set the cookie.
import { type BetterAuthOptions, betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { createAuthMiddleware, isAPIError } from "better-auth/api";
import { auditSignIn } from "../audit/audit-sign-in";
import { prisma } from "../db/prisma";
import { env } from "../env";
import { CLIENT_ADDRESS_HEADER } from "../http/client-address";
import { authSecret } from "./secret";

/** The settings of the one auth instance (created on first use, never at build time). */
export function authOptions() {
  const settings = env();
  return {
    secret: authSecret(),
    database: prismaAdapter(prisma(), { provider: "postgresql" }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 8, maxPasswordLength: 128 },
    user: {
      modelName: "staffUser",
      additionalFields: {
        role: { type: "string", input: false, defaultValue: "viewer", required: false },
        active: { type: "boolean", input: false, defaultValue: true, required: false },
      },
    },
    session: {
      modelName: "staffSession",
      expiresIn: Math.round(settings.TAPESTRY_SESSION_HOURS * 3600),
      updateAge: Math.min(3600, Math.round((settings.TAPESTRY_SESSION_HOURS * 3600) / 4)),
      cookieCache: { enabled: false },
    },
    account: { modelName: "staffAccount" },
    verification: { modelName: "staffVerification" },
    rateLimit: {
      enabled: true,
      // In the database, not in memory: the limit holds across every app process (README, more than one process).
      storage: "database",
      modelName: "staffRateLimit",
      window: 60,
      max: 300,
      customRules: { "/sign-in/email": { window: 60, max: settings.TAPESTRY_SIGNIN_LIMIT } },
    },
    databaseHooks: {
      session: {
        create: {
          // A deactivated staff member gets no new session.
          before: async (session) => {
            const user = await prisma().staffUser.findUnique({ where: { id: session.userId }, select: { active: true } });
            return user?.active ? { data: session } : false;
          },
        },
      },
    },
    // Every email sign-in, accepted or refused, goes to the staff audit log.
    hooks: {
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== "/sign-in/email") return;
        const returned = ctx.context.returned as { user?: { id?: string } } | undefined;
        const ok = !isAPIError(returned) && typeof returned?.user?.id === "string";
        await auditSignIn({
          ok,
          email: (ctx.body as { email?: unknown } | undefined)?.email,
          userId: ok ? returned!.user!.id! : null,
          headers: ctx.headers ?? ctx.request?.headers,
        });
      }),
    },
    // Same-origin check for state-changing requests: the browser's Origin must be this server as the browser
    // addressed it (its Host header), over HTTP or HTTPS.
    trustedOrigins: (request?: Request) => {
      const host = request?.headers.get("host");
      return host ? [`http://${host}`, `https://${host}`] : [];
    },
    // The sign-in limit counts per client address as the server determined it (TAPESTRY_TRUSTED_PROXIES), never
    // per X-Forwarded-For as the client wrote it.
    advanced: { ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] } },
    telemetry: { enabled: false },
  } satisfies BetterAuthOptions;
}

type Auth = ReturnType<typeof createAuth>;
const createAuth = () => betterAuth(authOptions());
const globalForAuth = globalThis as unknown as { tapestryAuth?: Auth };

/** The auth instance of the process (sessions, the sign-in endpoints), created on first use, never at build time.
 * Server actions that must set the session cookie use app/_server/auth.ts's, which adds the Next.js cookie plugin. */
export function auth(): Auth {
  globalForAuth.tapestryAuth ??= createAuth();
  return globalForAuth.tapestryAuth;
}
