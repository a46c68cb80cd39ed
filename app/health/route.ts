// GET /health under a plain `next start` (npm start answers it before Next's router: scripts/lib/pre-router.ts).
import { checkHealth } from "@/lib/health/check-health";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await checkHealth();
  return Response.json(health.body, { status: health.status, headers: { "cache-control": "no-store" } });
}
