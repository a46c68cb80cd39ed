// GET /1/export/profile.json?identity=|email=|objectId= — everything held about one person as one streamed JSON
// document (lib/dsr/export-profile.ts). The lookup is exact: identity= is an Identity, email= an Email.
import { ApiError } from "@/lib/api/api-error";
import { handleApi, methodNotAllowed } from "@/lib/api/handle-api";
import { profileLookupFromUrl } from "@/lib/clevertap/profile-query";
import { exportProfileByLookup } from "@/lib/dsr/export-profile";
import { exactLookup } from "@/lib/dsr/find-erasure-targets";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  return handleApi(request, async ({ accountId }) => {
    const stream = await exportProfileByLookup({ accountId, lookup: exactLookup(profileLookupFromUrl(request.url)) });
    if (!stream) throw new ApiError(404, "Profile not found");
    return new Response(stream, { headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" } });
  });
}

export const POST = methodNotAllowed("GET");
export const PUT = POST;
export const DELETE = POST;
export const PATCH = POST;
