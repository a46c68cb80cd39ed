// The Web SDK's ingestion endpoint (JSONP by default, JSON in fetch mode). Thin: lib/clevertap/sdk does the work.
import { handleSdkRequest } from "@/lib/clevertap/sdk/handle-sdk-request";
import { preflightResponse, type SdkHttpResponse } from "@/lib/clevertap/sdk/sdk-http";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import { requestIdOf } from "@/lib/observability/request-id";

export const dynamic = "force-dynamic";

const toResponse = (answer: SdkHttpResponse) =>
  new Response(answer.status === 204 ? null : answer.body, { status: answer.status, headers: answer.headers });

export async function GET(request: Request) {
  return toResponse(
    await handleSdkRequest({
      url: request.url,
      accept: request.headers.get("accept"),
      origin: request.headers.get("origin"),
      requestId: requestIdOf(request.headers),
      clientAddress: request.headers.get(CLIENT_ADDRESS_HEADER),
    }),
  );
}

export function OPTIONS(request: Request) {
  return toResponse(preflightResponse(request.headers.get("origin")));
}
