// One wrapper for every /1/* route: request id, credentials, per-account concurrency, body size, JSON errors.
// Expected failures are ApiErrors; anything else is logged with the request id and answered as a JSON 500.
import { verifyCredentials } from "../accounts/verify-credentials";
import { isDatabaseUnavailable } from "../db/database-unavailable";
import { isOverloadError } from "../db/pool";
import { env } from "../env";
import { errorFields, logger } from "../observability/logger";
import { requestIdOf } from "../observability/request-id";
import { WriteBacklogFull } from "../profiles/write-backlog";
import { ApiError, errorResponse } from "./api-error";
import { tryAcquire } from "./concurrency";
import { readJsonBody } from "./read-json-body";

export type ApiContext = { accountId: string; requestId: string; readBody: () => Promise<unknown> };

export async function handleApi(request: Request, handler: (context: ApiContext) => Promise<Response>): Promise<Response> {
  const requestId = requestIdOf(request.headers);
  let release: (() => Promise<void>) | null = null;
  try {
    const accountId = request.headers.get("x-clevertap-account-id");
    const passcode = request.headers.get("x-clevertap-passcode");
    if (!(await verifyCredentials(accountId, passcode))) {
      throw new ApiError(401, "Invalid credentials: send X-CleverTap-Account-Id and X-CleverTap-Passcode of an account of this server");
    }
    const { TAPESTRY_API_CONCURRENCY, TAPESTRY_MAX_BODY_BYTES } = env();
    const declared = Number(request.headers.get("content-length") ?? "0");
    if (declared > TAPESTRY_MAX_BODY_BYTES)
      throw new ApiError(413, `Request body is ${declared} bytes; the limit is ${TAPESTRY_MAX_BODY_BYTES}`);
    release = await tryAcquire(accountId!, TAPESTRY_API_CONCURRENCY);
    if (!release) throw new ApiError(429, `Too many concurrent requests: at most ${TAPESTRY_API_CONCURRENCY} per account`);
    const response = await handler({ accountId: accountId!, requestId, readBody: () => readJsonBody(request, TAPESTRY_MAX_BODY_BYTES) });
    response.headers.set("x-request-id", requestId);
    return response;
  } catch (error) {
    if (error instanceof ApiError) return errorResponse(error, requestId);
    // Busy, not broken: the client retries after a pause (CleverTap's clients retry on 5xx).
    if (error instanceof WriteBacklogFull) return errorResponse(new ApiError(503, error.message, 503, { "retry-after": "1" }), requestId);
    if (isOverloadError(error))
      return errorResponse(new ApiError(503, "The database is busy: retry in a moment", 503, { "retry-after": "2" }), requestId);
    if (isDatabaseUnavailable(error)) {
      logger().warn({ reqId: requestId, ...errorFields(error) }, "database unavailable");
      return errorResponse(
        new ApiError(503, "The database is unavailable; retry in a few seconds", 503, { "retry-after": "5" }),
        requestId,
      );
    }
    logger().error(
      { reqId: requestId, method: request.method, path: new URL(request.url).pathname, ...errorFields(error) },
      "api request failed",
    );
    return errorResponse(new ApiError(500, `Internal error; quote request id ${requestId}`), requestId);
  } finally {
    await release?.();
  }
}

/** For methods a route does not support, and unknown /1/ paths. */
export const methodNotAllowed = (allowed: string) => async () => errorResponse(new ApiError(405, `Method not allowed; use ${allowed}`));
