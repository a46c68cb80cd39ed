// Shared reading of the query API's input: the query from the body (POST) or the `query` URL parameter (the Node
// library's GET), batch_size, and CleverTap's dates. Bad input is a 400 naming the problem.
import { ApiError } from "../../api/api-error";
import { EventQueryError, type ParsedEventQuery, parseEventQuery } from "./event-query";

export const MAX_BATCH_SIZE = 5000;
const DEFAULT_BATCH_SIZE = 10;

export function batchSizeOf(url: URL): number {
  const text = url.searchParams.get("batch_size");
  if (text === null || text === "") return DEFAULT_BATCH_SIZE;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new ApiError(400, `batch_size must be a whole number from 1 to ${MAX_BATCH_SIZE}`);
  return Math.min(n, MAX_BATCH_SIZE);
}

export function parseQueryOrFail(raw: unknown, requireEvent: boolean): ParsedEventQuery {
  try {
    return parseEventQuery(raw, { requireEvent });
  } catch (error) {
    if (error instanceof EventQueryError) throw new ApiError(400, `Invalid query: ${error.message}`);
    throw error;
  }
}

/** The query of a first call: the JSON body of a POST, else the `query` URL parameter. */
export async function rawQueryOf(request: Request, readBody: () => Promise<unknown>): Promise<unknown> {
  if (request.method === "POST") return readBody();
  const query = new URL(request.url).searchParams.get("query");
  if (query === null) throw new ApiError(400, "Send the query as a JSON body (POST) or a `query` parameter, or a `cursor`");
  return query;
}
