import { ApiError, errorResponse } from "@/lib/api/api-error";
import { describeRestEndpoints } from "@/lib/api/rest-endpoints";

export const dynamic = "force-dynamic";

// Unknown /1/ endpoints answer in JSON, never with an HTML page.
const notFound = async (request: Request) =>
  errorResponse(new ApiError(404, `No such endpoint: ${new URL(request.url).pathname}. Supported: ${describeRestEndpoints()}`));

export { notFound as GET, notFound as POST, notFound as PUT, notFound as DELETE, notFound as PATCH };
