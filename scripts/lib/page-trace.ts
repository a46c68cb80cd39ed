// Where a page request's time goes, seen from inside a benchmark's server child (bench:page): every SQL statement's
// start and duration (pg's Client#query, which the app's pools and Prisma's pg adapter all call — `pg` is a server
// external package, so Next's bundles share this module), and each HTTP request's arrival, first byte and end.
// Kept in memory; the benchmark asks for it over IPC ("trace") after each navigation, which also clears it.
import http from "node:http";
import pg from "pg";

export type TracedStatement = { start: number; ms: number; text: string };
export type TracedRequest = { url: string; start: number; firstByte: number | null; end: number };
export type Trace = { statements: TracedStatement[]; requests: TracedRequest[] };

/** Milliseconds since the epoch with sub-millisecond precision: comparable with the browser's timeOrigin-based times. */
export const epochMs = () => performance.timeOrigin + performance.now();

export function installTrace(): void {
  let trace: Trace = { statements: [], requests: [] };

  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const start = epochMs();
    const first = args[0] as string | { text?: string } | undefined;
    const text = typeof first === "string" ? first : (first?.text ?? "");
    const done = () => trace.statements.push({ start, ms: epochMs() - start, text });
    const last = args.length - 1;
    if (typeof args[last] === "function") {
      // pg-pool hands a callback: time until it is called.
      const callback = args[last] as (...results: unknown[]) => void;
      args[last] = (...results: unknown[]) => {
        done();
        callback(...results);
      };
      return query.apply(this, args);
    }
    const result = query.apply(this, args) as { then?: (ok: () => void, failed: () => void) => void } | undefined;
    if (typeof result?.then === "function") result.then(done, done);
    return result;
  } as typeof pg.Client.prototype.query;

  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const [req, res] = args as [http.IncomingMessage, http.ServerResponse];
      const start = epochMs();
      let firstByte: number | null = null;
      for (const name of ["write", "end"] as const) {
        const original = res[name] as (...a: unknown[]) => unknown;
        (res as unknown as Record<string, unknown>)[name] = function (this: http.ServerResponse, ...a: unknown[]) {
          if (a[0] !== undefined && typeof a[0] !== "function") firstByte ??= epochMs();
          return original.apply(this, a);
        };
      }
      res.once("finish", () => trace.requests.push({ url: req.url ?? "", start, firstByte, end: epochMs() }));
    }
    return (emit as (...a: unknown[]) => boolean).call(this, event, ...args);
  } as typeof http.Server.prototype.emit;

  process.on("message", (message) => {
    if (message !== "trace") return;
    process.send?.({ trace });
    trace = { statements: [], requests: [] };
  });
}
