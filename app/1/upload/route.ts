import { jsonResponse } from "@/lib/api/api-error";
import { handleApi, methodNotAllowed } from "@/lib/api/handle-api";
import { upload } from "@/lib/clevertap/upload";
import { parseIdempotencyKey, uploadOnce } from "@/lib/clevertap/upload-once";
import { requestClientAddress } from "@/lib/http/client-address";
import { lookupLocation } from "@/lib/location/lookup-location";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  return handleApi(request, async ({ accountId, requestId, readBody }) => {
    const key = parseIdempotencyKey(request.headers.get("idempotency-key"));
    const context = { source: "api", actor: `api:${accountId}`, requestId } as const;
    const place = await lookupLocation(requestClientAddress(request.headers));
    if (key === undefined) return jsonResponse(await upload(accountId, await readBody(), context, undefined, place));
    const { result, replayed } = await uploadOnce({ accountId, key, body: await readBody(), context, place });
    return jsonResponse(result, 200, replayed ? { "idempotent-replayed": "true" } : {});
  });
}

export const GET = methodNotAllowed("POST");
export const PUT = GET;
export const DELETE = GET;
export const PATCH = GET;
