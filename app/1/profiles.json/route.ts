import { jsonResponse } from "@/lib/api/api-error";
import { handleApi, methodNotAllowed } from "@/lib/api/handle-api";
import { answerPagedQuery } from "@/lib/clevertap/query/paged-query";

export const dynamic = "force-dynamic";

// First call: the query (POST body, or GET ?query= as the Node library sends it) and batch_size → a cursor.
// Then GET ?cursor= → a page of records and next_cursor.
const page = (request: Request) =>
  handleApi(request, async ({ accountId, readBody }) =>
    jsonResponse(await answerPagedQuery({ kind: "profiles", accountId, request, readBody })),
  );

export { page as GET, page as POST };
export const PUT = methodNotAllowed("GET or POST");
export const DELETE = PUT;
export const PATCH = PUT;
