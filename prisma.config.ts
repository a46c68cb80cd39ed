// Prisma CLI configuration (generate, migrate diff / dev / deploy). The app itself applies migrations with
// lib/db/migrate.ts and never needs the CLI at run time. Three workarounds for Prisma 6.19's wasm schema engine
// over adapter-pg are documented in ../shared/docs/stack.md and kept here, in the CLI process only.

import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { defineConfig } from "prisma/config";

// `prisma generate` wants a URL even though it never connects.
process.env.DATABASE_URL ??= "postgresql://placeholder@localhost:5432/placeholder";

// 1. adapter-pg cannot decode catalog types such as `name` and `char`: present them as text.
const TEXT_OID = 25;
const originalQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;
function relabel(result: unknown): unknown {
  const fields = (result as { fields?: { dataTypeID: number }[] } | undefined)?.fields;
  for (const field of fields ?? [])
    if (field.dataTypeID < 10000 && [18, 19, 22, 24, 30, 194, 2205, 2206].includes(field.dataTypeID)) field.dataTypeID = TEXT_OID;
  return result;
}
pg.Client.prototype.query = function patchedQuery(this: pg.Client, ...args: unknown[]) {
  const callbackIndex = args.findIndex((arg) => typeof arg === "function");
  if (callbackIndex >= 0) {
    const callback = args[callbackIndex] as (err: unknown, res: unknown) => void;
    args[callbackIndex] = (err: unknown, res: unknown) => callback(err, err ? res : relabel(res));
    return originalQuery.apply(this, args);
  }
  const out = originalQuery.apply(this, args);
  return out instanceof Promise ? out.then(relabel) : out;
} as typeof pg.Client.prototype.query;

// 3. The wasm engine leaves long timers behind that keep every command alive for up to a minute.
const originalSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = ((fn: (...a: unknown[]) => void, ms?: number, ...rest: unknown[]) => {
  const timer = originalSetTimeout(fn, ms, ...rest);
  if ((ms ?? 0) >= 5000) timer.unref?.();
  return timer;
}) as typeof setTimeout;

export default defineConfig({
  schema: "prisma/schema.prisma",
  experimental: { adapter: true },
  engine: "js",
  // 2. A plain config object (not a URL, not a Pool): the shadow database must differ from the main one.
  async adapter() {
    const url = new URL(process.env.DATABASE_URL!);
    return new PrismaPg({
      host: url.hostname,
      port: Number(url.port || 5432),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      database: url.pathname.slice(1),
      idleTimeoutMillis: 100,
    });
  },
});
