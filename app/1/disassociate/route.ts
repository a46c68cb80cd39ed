import { jsonResponse } from "@/lib/api/api-error";
import { handleApi, methodNotAllowed } from "@/lib/api/handle-api";
import { disassociateEntries } from "@/lib/clevertap/identity-requests";
import { disassociatePhones } from "@/lib/profiles/disassociate-phones";
import { ErrorCode } from "@/lib/profiles/error-codes";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  return handleApi(request, async ({ accountId, requestId, readBody }) => {
    const entries = disassociateEntries(await readBody());
    const valid = entries.filter((entry) => entry.error === null);
    const outcomes = await disassociatePhones({
      accountId,
      phones: valid.map((entry) => entry.phone),
      context: { source: "api", actor: `api:${accountId}`, requestId },
    });
    const unprocessed: { status: "fail"; code: number; error: string; record: unknown }[] = [];
    let next = 0;
    for (const entry of entries) {
      const outcome = entry.error === null ? outcomes[next++] : null;
      if (entry.error !== null) unprocessed.push({ status: "fail", code: ErrorCode.invalid, error: entry.error, record: entry.record });
      else if (outcome && !outcome.ok)
        unprocessed.push({ status: "fail", code: outcome.error.code, error: outcome.error.message, record: entry.record });
    }
    const processed = entries.length - unprocessed.length;
    return jsonResponse({ status: unprocessed.length === 0 ? "success" : processed === 0 ? "fail" : "partial", processed, unprocessed });
  });
}

export const GET = methodNotAllowed("POST");
export const PUT = GET;
export const DELETE = GET;
export const PATCH = GET;
