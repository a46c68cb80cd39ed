// Every setting Tapestry reads, validated once. Nothing else in the code base reads process.env.
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { parseTrustedProxies } from "./http/client-address";
import { isKeyWithinLimit } from "./profiles/limits";

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
const optionalText = z.string().trim().min(1).optional().catch(undefined);
/** An empty variable counts as unset; a set one must be valid (no silent fallback). */
const unsetWhenEmpty = <T extends z.ZodType>(inner: T) =>
  z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), inner);

const schema = z.object({
  /** External PostgreSQL. Unset: an embedded PostgreSQL under TAPESTRY_DATA_DIR is started by `npm start`. */
  DATABASE_URL: optionalText,
  PORT: port(3000),
  HTTPS_PORT: port(3443),
  HOST: z.string().default("0.0.0.0"),
  TLS_CERT: optionalText,
  TLS_KEY: optionalText,
  /** The host[:port] the demo page points the Web SDK at (e.g. behind a TLS-terminating proxy). Unset: the page's
   * own host name with HTTPS_PORT. */
  TAPESTRY_SDK_DOMAIN: optionalText,
  TAPESTRY_DATA_DIR: z.string().default(".data"),
  TAPESTRY_PG_PORT: port(54329),
  TAPESTRY_ACCOUNT_ID: optionalText,
  TAPESTRY_PASSCODE: optionalText,
  TAPESTRY_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(8 * 1024 * 1024),
  TAPESTRY_API_CONCURRENCY: z.coerce.number().int().min(1).default(15),
  TAPESTRY_DB_POOL_SIZE: z.coerce.number().int().min(2).default(20),
  /** The dashboard's own pool (list, counts, exports, profile pages). */
  TAPESTRY_DASHBOARD_POOL_SIZE: z.coerce.number().int().min(1).default(4),
  /** Statement timeouts per pool, in milliseconds: the engine's writes, the APIs' reads, the dashboard's queries. */
  TAPESTRY_ENGINE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  TAPESTRY_READ_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  TAPESTRY_DASHBOARD_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  /** How long a request waits for a database connection before it is answered "busy". */
  TAPESTRY_DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  /** Records being written or waiting to be, per process, before new writes are refused (REST: 503 + Retry-After;
   * /a: answered, nothing recorded). One request is always admitted when nothing is waiting. */
  TAPESTRY_WRITE_QUEUE_LIMIT: z.coerce.number().int().min(1).default(20_000),
  /** Devices the Web SDK endpoint creates per client address and minute; beyond it calls are answered, not recorded. */
  TAPESTRY_SDK_NEW_DEVICES_PER_MINUTE: z.coerce.number().int().min(1).default(300),
  /** "1" runs the embedded PostgreSQL with synchronous_commit=off: faster small writes, but a crash of the database
   * or the machine loses the last ≈ 0.6 s of writes that were already answered "success". Off by default. */
  TAPESTRY_PG_UNSAFE_ASYNC_COMMIT: z.enum(["0", "1"]).default("0"),
  /** Signs dashboard sessions (32+ characters). Unset: generated on first start and kept in TAPESTRY_DATA_DIR. */
  BETTER_AUTH_SECRET: unsetWhenEmpty(z.string().min(32, "must be at least 32 characters").optional()),
  /** The first dashboard admin, created on a start with no staff. Unset password: one is generated and printed once. */
  ADMIN_EMAIL: unsetWhenEmpty(z.email("must be an email address").toLowerCase().optional()),
  ADMIN_PASSWORD: unsetWhenEmpty(z.string().min(8, "must be at least 8 characters").optional()),
  /** Keys the suppression list's hashes (32+ characters). Unset: generated on first start and kept in TAPESTRY_DATA_DIR. */
  TAPESTRY_SUPPRESSION_SECRET: unsetWhenEmpty(z.string().min(32, "must be at least 32 characters").optional()),
  /** "0" skips the demo data `npm start` writes into an empty database. */
  TAPESTRY_SEED: z.string().default("1"),
  /** How long a dashboard session lasts without activity, in hours. */
  TAPESTRY_SESSION_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 30)
    .default(12),
  /** Addresses or CIDR ranges of the reverse proxies in front of Tapestry ("10.0.0.5, 10.1.0.0/16"): X-Forwarded-For
   * is believed only on connections from them. Unset: the client address is always the connection's own. */
  TAPESTRY_TRUSTED_PROXIES: z
    .string()
    .default("")
    .superRefine((text, context) => {
      try {
        parseTrustedProxies(text);
      } catch (error) {
        context.addIssue({ code: "custom", message: (error as Error).message });
      }
    }),
  /** Sign-in attempts allowed per client address and minute. */
  TAPESTRY_SIGNIN_LIMIT: z.coerce.number().int().min(1).default(10),
  /** Least severe log level written (pino's levels; "silent" writes nothing). Request lines are "info". */
  TAPESTRY_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Bearer token GET /metrics asks for. Unset: /metrics answers loopback clients only. */
  TAPESTRY_METRICS_TOKEN: unsetWhenEmpty(z.string().min(16, "must be at least 16 characters").optional()),
  /** "ignore": consent keys (MSG-*) sent by the Web SDK are dropped (the SDK carries no proof of who is logged in);
   * consents then change only through the REST API and staff. */
  TAPESTRY_SDK_CONSENT: unsetWhenEmpty(z.enum(["accept", "ignore"], { error: "must be accept or ignore" }).default("accept")),
  /** The IP-location database (MaxMind DB format, e.g. GeoLite2-City.mmdb) that locates SDK calls and uploads by
   * address; "off": none. Unset: DB-IP's City Lite, bundled (lib/location/lookup-location.ts). */
  TAPESTRY_GEOIP_DB: unsetWhenEmpty(
    z
      .string()
      .trim()
      .refine((value) => value === "off" || fs.statSync(value, { throwIfNoEntry: false })?.isFile() === true, {
        message: "must be the path of a MaxMind-format .mmdb file, or off",
      })
      .optional(),
  ),
  /** How many sort indexes the profile list may build on demand for custom properties (0: none). list-sort-indexes.ts */
  TAPESTRY_SORT_INDEX_LIMIT: z.coerce.number().int().min(0).max(100).default(8),
  /** Property keys the profile list sorts by often ("Score,LTV"): each gets a sort index at start. Comma-separated. */
  TAPESTRY_INDEXED_PROPERTIES: z
    .string()
    .default("")
    .transform((text) => [
      ...new Set(
        text
          .split(",")
          .map((k) => k.trim())
          .filter((k) => k.length > 0 && isKeyWithinLimit(k)),
      ),
    ]),
  /** More placeholder values refused as identities, besides the built-in list (lib/profiles/junk-identities.ts). */
  TAPESTRY_JUNK_IDENTITIES: z
    .string()
    .default("")
    .transform(
      (text) =>
        new Set(
          text
            .split(",")
            .map((v) => v.trim().toLowerCase())
            .filter((v) => v.length > 0),
        ) as ReadonlySet<string>,
    ),
});

export type Env = z.infer<typeof schema> & { dataDir: string };

let cached: Env | undefined;

/** The validated settings. Throws one readable line per bad variable. */
export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid configuration: ${lines.join("; ")}`);
  }
  cached = { ...parsed.data, dataDir: path.resolve(parsed.data.TAPESTRY_DATA_DIR) };
  return cached;
}

/** For the start and test scripts, which decide the database URL before the app reads it. */
export function setDatabaseUrl(url: string): void {
  process.env.DATABASE_URL = url;
  cached = undefined;
}
