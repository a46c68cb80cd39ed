// Requests the server answers itself, before Next's router: the Web SDK endpoint (the hottest path), the health
// check and the metrics (each must stay cheap and answer even when the app is busy). PRE_ROUTER_ROUTES lists them
// for the authorization matrix test (e2e/api/authorization-matrix.spec.ts).
import type http from "node:http";
import { handleSdkRequest } from "../../lib/clevertap/sdk/handle-sdk-request";
import { preflightResponse, type SdkHttpResponse } from "../../lib/clevertap/sdk/sdk-http";
import { checkHealth } from "../../lib/health/check-health";
import { CLIENT_ADDRESS_HEADER } from "../../lib/http/client-address";
import { errorFields, logger } from "../../lib/observability/logger";
import { metricsText } from "../../lib/observability/metrics";
import { canReadMetrics } from "../../lib/observability/metrics-access";

export const PRE_ROUTER_ROUTES = [
  { path: "/a", methods: ["GET", "HEAD", "OPTIONS"] },
  { path: "/health", methods: ["GET", "HEAD"] },
  { path: "/metrics", methods: ["GET"] },
] as const;

type Answer = { status: number; headers: Record<string, string>; body: string };

function send(req: http.IncomingMessage, res: http.ServerResponse, answer: Answer): void {
  res.writeHead(answer.status, answer.headers);
  res.end(answer.status === 204 || req.method === "HEAD" ? undefined : answer.body);
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => ({
  status,
  headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
  body: JSON.stringify(body),
});

/** The same handler as app/a/route.ts, minus the framework's per-request overhead (measured with npm run bench:sdk). */
function answerSdk(req: http.IncomingMessage, res: http.ServerResponse, path: string): void {
  const origin = typeof req.headers.origin === "string" ? req.headers.origin : null;
  if (req.method === "OPTIONS") {
    send(req, res, preflightResponse(origin));
    return;
  }
  const url = `http://${req.headers.host ?? "localhost"}${path}`;
  const clientAddress = String(req.headers[CLIENT_ADDRESS_HEADER] ?? req.socket.remoteAddress ?? "");
  handleSdkRequest({ url, accept: req.headers.accept ?? null, origin, requestId: String(req.headers["x-request-id"]), clientAddress }).then(
    (answer: SdkHttpResponse) => send(req, res, answer),
    (error: unknown) => {
      logger().error({ reqId: req.headers["x-request-id"], ...errorFields(error) }, "sdk /a unhandled");
      if (!res.headersSent) res.writeHead(200, { "content-type": "application/javascript; charset=utf-8" });
      res.end("");
    },
  );
}

function answerHealth(req: http.IncomingMessage, res: http.ServerResponse): void {
  checkHealth().then(
    (health) => send(req, res, json(health.status, health.body)),
    () => send(req, res, json(503, { status: "fail" })),
  );
}

function answerMetrics(req: http.IncomingMessage, res: http.ServerResponse): void {
  if (!canReadMetrics({ authorization: req.headers.authorization, remoteAddress: req.socket.remoteAddress })) {
    send(req, res, json(401, { status: "fail", error: "Metrics need the Bearer token of TAPESTRY_METRICS_TOKEN", code: 401 }));
    return;
  }
  metricsText().then(
    (metrics) =>
      send(req, res, { status: 200, headers: { "content-type": metrics.contentType, "cache-control": "no-store" }, body: metrics.body }),
    () => send(req, res, json(500, { status: "fail", error: "Metrics unavailable", code: 500 })),
  );
}

/** Answers the request when it is one of PRE_ROUTER_ROUTES; false lets Next answer it (other methods: Next's 405). */
export function answerPreRouter(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const path = req.url ?? "";
  const pathname = path.split("?", 1)[0];
  const route = PRE_ROUTER_ROUTES.find((candidate) => candidate.path === pathname);
  if (!route || !(route.methods as readonly string[]).includes(req.method ?? "")) return false;
  if (route.path === "/a") answerSdk(req, res, path);
  else if (route.path === "/health") answerHealth(req, res);
  else answerMetrics(req, res);
  return true;
}
