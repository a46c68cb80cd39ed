// Every request the server answers: a request id (put on the request for the handlers and answered as
// X-Request-Id), one structured log line when the answer ends, and the request and latency metrics.
// The path is logged without its query string: /a carries a visitor's payload there, list URLs their filters.
import type http from "node:http";
import { logger } from "./logger";
import { recordRequest } from "./metrics";
import { newRequestId, REQUEST_ID_HEADER } from "./request-id";
import { routeLabel } from "./route-label";

export function observeRequest(req: http.IncomingMessage, res: http.ServerResponse): string {
  const started = process.hrtime.bigint();
  const requestId = newRequestId();
  req.headers[REQUEST_ID_HEADER] = requestId; // whatever the client sent: ids are the server's
  res.setHeader(REQUEST_ID_HEADER, requestId);
  const path = (req.url ?? "").split("?", 1)[0];
  const route = routeLabel(path);
  let logged = false;
  const done = () => {
    if (logged) return;
    logged = true;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    // A connection closed before the answer ended counts as 499 (nginx's "client closed request").
    const status = res.writableFinished ? res.statusCode : 499;
    recordRequest(route, req.method ?? "", status, seconds);
    logger().info(
      { reqId: requestId, method: req.method, path: path.slice(0, 200), route, status, ms: Math.round(seconds * 10000) / 10 },
      "request",
    );
  };
  res.once("finish", done);
  res.once("close", done);
  return requestId;
}
