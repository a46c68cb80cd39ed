import { jsonResponse } from "@/lib/api/api-error";
import { handleApi, methodNotAllowed } from "@/lib/api/handle-api";
import { deleteLookups } from "@/lib/clevertap/delete-request";
import { eraseProfiles } from "@/lib/dsr/erase-profiles";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  return handleApi(request, async ({ accountId, requestId, readBody }) => {
    const { erased } = await eraseProfiles({
      accountId,
      lookups: deleteLookups(await readBody()),
      context: { source: "api", actor: `api:${accountId}`, requestId },
    });
    return jsonResponse({ status: "success", deleted: erased.length });
  });
}

export const GET = methodNotAllowed("POST");
export const PUT = GET;
export const DELETE = GET;
export const PATCH = GET;
