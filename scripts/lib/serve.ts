// Serves the built Next.js app (dashboard, /1 REST API, /a Web SDK endpoint) on HTTP and, when given a
// certificate, on HTTPS too (the Web SDK only speaks HTTPS) from the same handler.
import http from "node:http";
import https from "node:https";
import next from "next";
import { handleSdkRequest } from "../../lib/clevertap/sdk/handle-sdk-request";
import { preflightResponse, type SdkHttpResponse } from "../../lib/clevertap/sdk/sdk-http";

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

/**
 * The Web SDK endpoint is answered here, before Next's router: it is the hottest path of the server (one call per
 * page view and event of every visitor) and the same handler as app/a/route.ts, minus the framework's per-request
 * overhead (measured with npm run bench:sdk). Other methods fall through to Next (405).
 */
function answerSdk(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const path = req.url ?? "";
  if (path !== "/a" && !path.startsWith("/a?")) return false;
  const send = (answer: SdkHttpResponse) => {
    res.writeHead(answer.status, answer.headers);
    res.end(answer.status === 204 || req.method === "HEAD" ? undefined : answer.body);
  };
  const origin = typeof req.headers.origin === "string" ? req.headers.origin : null;
  if (req.method === "OPTIONS") {
    send(preflightResponse(origin));
    return true;
  }
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  const url = `http://${req.headers.host ?? "localhost"}${path}`;
  handleSdkRequest({ url, accept: req.headers.accept ?? null, origin }).then(send, (error: unknown) => {
    console.error("[sdk /a] unhandled", error);
    if (!res.headersSent) res.writeHead(200, { "content-type": "application/javascript; charset=utf-8" });
    res.end("");
  });
  return true;
}

export async function serve(options: {
  port: number;
  host: string;
  https?: { port: number; cert: string; key: string };
}): Promise<Servers> {
  const app = next({ dev: false, dir: process.cwd(), hostname: options.host, port: options.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (answerSdk(req, res)) return;
    handle(req, res).catch((error) => {
      console.error("[http] unhandled", error);
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
  const closeOne = (server: http.Server | https.Server) =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return { close: async () => void (await Promise.all(servers.map(closeOne))) };
}
