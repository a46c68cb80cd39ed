import { jsonResponse } from "@/lib/api/api-error";
import { handleApi, methodNotAllowed } from "@/lib/api/handle-api";
import { subscribe } from "@/lib/clevertap/subscribe";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  return handleApi(request, async ({ accountId, requestId, readBody }) =>
    jsonResponse(await subscribe(accountId, await readBody(), { source: "api", actor: `api:${accountId}`, requestId })),
  );
}

export const GET = methodNotAllowed("POST");
export const PUT = GET;
export const DELETE = GET;
export const PATCH = GET;
