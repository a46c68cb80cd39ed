import { jsonResponse } from "@/lib/api/api-error";
import { handleApi, methodNotAllowed } from "@/lib/api/handle-api";
import { answerProfileCount } from "@/lib/clevertap/query/count-answers";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  return handleApi(request, async ({ accountId, readBody }) =>
    jsonResponse(await answerProfileCount({ accountId, body: await readBody() })),
  );
}

export const GET = methodNotAllowed("POST");
export const PUT = GET;
export const DELETE = GET;
export const PATCH = GET;
