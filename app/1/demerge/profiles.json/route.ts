import { jsonResponse } from "@/lib/api/api-error";
import { handleApi, methodNotAllowed } from "@/lib/api/handle-api";
import { demergeIdentities } from "@/lib/clevertap/identity-requests";
import { demergeProfiles } from "@/lib/profiles/demerge-profiles";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  return handleApi(request, async ({ accountId, requestId, readBody }) => {
    const result = await demergeProfiles({
      accountId,
      identities: demergeIdentities(await readBody()),
      context: { source: "api", actor: `api:${accountId}`, requestId },
    });
    const problems = [...result.unknown.map((identity) => `no profile has identity '${identity}'`), ...result.errors];
    return jsonResponse({ status: problems.length === 0 ? "success" : "partial", devices: result.devices, errors: problems });
  });
}

export const GET = methodNotAllowed("POST");
export const PUT = GET;
export const DELETE = GET;
export const PATCH = GET;
