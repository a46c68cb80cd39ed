// /1/profiles.json and /1/events.json: CleverTap's two-step cursor flow. The first call (the query, batch_size)
// answers {status, cursor}; each call with ?cursor= answers {status, records, next_cursor} until a page has no
// next_cursor. The cursor carries the query, so the server keeps no state between pages.
import { ApiError } from "../../api/api-error";
import { getProfiles } from "../../profiles/get-profiles";
import { findEvents } from "../../queries/query-events";
import { findProfileIds } from "../../queries/query-profiles";
import { profileJson } from "../profile-json";
import { serverCursorKey } from "./cursor-key";
import { profileConditionOfQuery } from "./event-query";
import { eventRecord } from "./event-record";
import { CursorError, decodeQueryCursor, encodeQueryCursor, type QueryCursor } from "./query-cursor";
import { batchSizeOf, parseQueryOrFail, rawQueryOf } from "./query-input";

type Kind = QueryCursor["kind"];

export async function answerPagedQuery(options: {
  kind: Kind;
  accountId: string;
  request: Request;
  readBody: () => Promise<unknown>;
}): Promise<Record<string, unknown>> {
  const { kind, accountId, request } = options;
  const url = new URL(request.url);
  const key = serverCursorKey();
  const cursorText = url.searchParams.get("cursor");
  if (cursorText === null) {
    const raw = await rawQueryOf(request, options.readBody);
    parseQueryOrFail(raw, kind === "events");
    const first: QueryCursor = {
      kind,
      query: typeof raw === "string" ? JSON.parse(raw) : raw,
      size: batchSizeOf(url),
      after: 0,
      issuedAt: Date.now(),
    };
    return { status: "success", cursor: encodeQueryCursor(first, { key, accountId }) };
  }
  let cursor: QueryCursor;
  try {
    cursor = decodeQueryCursor(cursorText, { key, accountId, kind });
  } catch (error) {
    if (error instanceof CursorError) throw new ApiError(400, `Invalid cursor: ${error.message}`);
    throw error;
  }
  const query = parseQueryOrFail(cursor.query, kind === "events");
  const next = (after: number) => encodeQueryCursor({ ...cursor, after }, { key, accountId });
  if (kind === "profiles") {
    const ids = await findProfileIds({ accountId, condition: profileConditionOfQuery(query), after: cursor.after, limit: cursor.size + 1 });
    const page = ids.slice(0, cursor.size);
    const records = (await getProfiles({ ids: page })).map((view) => profileJson(view).record);
    return { status: "success", records, ...(ids.length > cursor.size ? { next_cursor: next(page[page.length - 1]) } : {}) };
  }
  const events = query.events;
  if (!events) throw new ApiError(400, "Invalid query: event_name is required");
  const rows = await findEvents({ accountId, events, profile: query.profile, after: cursor.after, limit: cursor.size + 1 });
  const page = rows.slice(0, cursor.size);
  return {
    status: "success",
    records: page.map(eventRecord),
    ...(rows.length > cursor.size ? { next_cursor: next(page[page.length - 1].id) } : {}),
  };
}
