// The request id: made by the server for every request (scripts/lib/serve.ts puts it on the request as
// X-Request-Id before any handler runs), answered in X-Request-Id, and carried by the request log line, the error
// log lines and the change sets the request writes. A plain `next start` has no such front: handlers then make one.
import crypto from "node:crypto";

export const REQUEST_ID_HEADER = "x-request-id";
const SHAPE = /^[A-Za-z0-9-]{8,64}$/;

export const newRequestId = (): string => crypto.randomUUID();

/** The id the server front gave this request, or a new one (a value of another shape is not trusted). */
export function requestIdOf(headers: Headers): string {
  const given = headers.get(REQUEST_ID_HEADER);
  return given && SHAPE.test(given) ? given : newRequestId();
}
