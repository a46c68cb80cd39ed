// The HTTP side of /a: headers of both transports and of the CORS preflight fetch mode needs.
export type SdkHttpResponse = { status: number; headers: Record<string, string>; body: string };

const COMMON = {
  "cache-control": "no-store",
  // Pages with COEP (Cross-Origin-Embedder-Policy) may only load cross-origin scripts that allow it.
  "cross-origin-resource-policy": "cross-origin",
  "x-content-type-options": "nosniff",
};

const ALLOWED_HEADERS = "accept, content-type, x-clevertap-encryption-enabled";

function cors(origin: string | null): Record<string, string> {
  return { "access-control-allow-origin": origin && origin !== "null" ? origin : "*", vary: "Origin" };
}

export function jsonpResponse(body: string): SdkHttpResponse {
  return { status: 200, headers: { ...COMMON, "content-type": "application/javascript; charset=utf-8" }, body };
}

export function fetchResponse(status: number, body: string, origin: string | null): SdkHttpResponse {
  return { status, headers: { ...COMMON, ...cors(origin), "content-type": "application/json; charset=utf-8" }, body };
}

export function preflightResponse(origin: string | null): SdkHttpResponse {
  return {
    status: 204,
    headers: {
      ...COMMON,
      ...cors(origin),
      "access-control-allow-methods": "GET, OPTIONS",
      "access-control-allow-headers": ALLOWED_HEADERS,
      "access-control-max-age": "86400",
    },
    body: "",
  };
}
