// GET /metrics under a plain `next start` (npm start answers it before Next's router: scripts/lib/pre-router.ts).
// The client's address is not known here, so only the TAPESTRY_METRICS_TOKEN path opens it.

import { metricsText } from "@/lib/observability/metrics";
import { canReadMetrics } from "@/lib/observability/metrics-access";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  if (!canReadMetrics({ authorization: request.headers.get("authorization"), remoteAddress: null }))
    return Response.json({ status: "fail", error: "Metrics need the Bearer token of TAPESTRY_METRICS_TOKEN", code: 401 }, { status: 401 });
  const metrics = await metricsText();
  return new Response(metrics.body, { headers: { "content-type": metrics.contentType, "cache-control": "no-store" } });
}
