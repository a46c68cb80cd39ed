// Serves the built Next.js app (dashboard, /1 REST API, /a Web SDK endpoint) on HTTP and, when given a
// certificate, on HTTPS too (the Web SDK only speaks HTTPS) from the same handler. Every request gets an id, a log
// line and its metrics (lib/observability); /a, /health and /metrics are answered before Next (pre-router.ts).
import http from "node:http";
import https from "node:https";
import next from "next";
import { enginePool } from "../../lib/db/pool";
import { env } from "../../lib/env";
import { CLIENT_ADDRESS_HEADER, clientAddress, parseTrustedProxies } from "../../lib/http/client-address";
import { errorFields, logger } from "../../lib/observability/logger";
import { observeRequest } from "../../lib/observability/observe-request";
import { pruneRequestKeys } from "../../lib/profiles/request-keys";
import { answerPreRouter } from "./pre-router";

export type Servers = { close: () => Promise<void> };

/** Node's default 16 KB header limit would reset a long SDK query string before Next sees it; /a must answer it. */
export const MAX_HEADER_BYTES = 2 * 1024 * 1024;

function listen(server: http.Server | https.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") reject(new Error(`Port ${port} is in use: stop what is using it or set PORT.`));
      else if (error.code === "EACCES") reject(new Error(`Port ${port} needs privileges: choose a port above 1024 with PORT.`));
      else reject(error);
    });
    server.listen(port, host, () => resolve());
  });
}

export async function serve(options: {
  port: number;
  host: string;
  https?: { port: number; cert: string; key: string };
}): Promise<Servers> {
  const app = next({ dev: false, dir: process.cwd(), hostname: options.host, port: options.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const trustedProxies = parseTrustedProxies(env().TAPESTRY_TRUSTED_PROXIES);
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    // The one client address every feature uses (lib/http/client-address.ts); a value the client sent is replaced.
    req.headers[CLIENT_ADDRESS_HEADER] = clientAddress({
      remoteAddress: req.socket.remoteAddress,
      forwardedFor: req.headers["x-forwarded-for"],
      trustedProxies,
    });
    const requestId = observeRequest(req, res);
    if (answerPreRouter(req, res)) return;
    handle(req, res).catch((error) => {
      logger().error({ reqId: requestId, ...errorFields(error) }, "unhandled");
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: "fail", error: "Internal error", code: 500 }));
    });
  };
  const servers: (http.Server | https.Server)[] = [http.createServer({ maxHeaderSize: MAX_HEADER_BYTES }, onRequest)];
  if (options.https)
    servers.push(https.createServer({ cert: options.https.cert, key: options.https.key, maxHeaderSize: MAX_HEADER_BYTES }, onRequest));
  const ports = [options.port, options.https?.port ?? 0];
  for (const [index, server] of servers.entries()) {
    server.keepAliveTimeout = 65_000;
    await listen(server, ports[index], options.host);
  }
  // Keys of Web SDK calls applied more than a week ago (lib/profiles/request-keys.ts): a minute after start, then hourly.
  const prune = () =>
    void pruneRequestKeys(enginePool()).catch((error: unknown) => logger().warn(errorFields(error), "pruning request keys failed"));
  const timers = [setTimeout(prune, 60_000), setInterval(prune, 3_600_000)];
  for (const timer of timers) timer.unref();
  const closeOne = (server: http.Server | https.Server) =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return {
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      await Promise.all(servers.map(closeOne));
    },
  };
}
