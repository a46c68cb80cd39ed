import { ApiError, jsonResponse } from "@/lib/api/api-error";
import { handleApi, methodNotAllowed } from "@/lib/api/handle-api";
import { profileJson } from "@/lib/clevertap/profile-json";
import { profileLookupFromUrl } from "@/lib/clevertap/profile-query";
import { getProfile } from "@/lib/profiles/get-profile";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  return handleApi(request, async ({ accountId }) => {
    const profile = await getProfile(accountId, profileLookupFromUrl(request.url));
    if (!profile) throw new ApiError(404, "Profile not found");
    return jsonResponse(profileJson(profile));
  });
}

export const POST = methodNotAllowed("GET");
export const PUT = POST;
export const DELETE = POST;
export const PATCH = POST;
