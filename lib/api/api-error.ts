// The REST API's error shape, CleverTap's: {"status":"fail","error":"…","code":N}. Always JSON.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: number = status,
    /** Extra answer headers, e.g. Retry-After of a 503. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8", ...headers } });
}

export function errorResponse(error: ApiError, requestId?: string): Response {
  return jsonResponse({ status: "fail", error: error.message, code: error.code }, error.status, {
    ...error.headers,
    ...(requestId ? { "x-request-id": requestId } : {}),
  });
}
