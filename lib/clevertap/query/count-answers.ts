// /1/counts/profiles.json and /1/counts/events.json: {status: "success", count}. Answered synchronously (CleverTap may
// answer "partial" with a req_id to poll; the official Node library does not poll, and these counts are exact here).
import { ApiError } from "../../api/api-error";
import { countMatchingEvents } from "../../queries/query-events";
import { countMatchingProfiles } from "../../queries/query-profiles";
import { profileConditionOfQuery } from "./event-query";
import { parseQueryOrFail } from "./query-input";

export async function answerProfileCount(options: { accountId: string; body: unknown }) {
  const query = parseQueryOrFail(options.body, false);
  return {
    status: "success",
    count: await countMatchingProfiles({ accountId: options.accountId, condition: profileConditionOfQuery(query) }),
  };
}

export async function answerEventCount(options: { accountId: string; body: unknown }) {
  const query = parseQueryOrFail(options.body, true);
  if (!query.events) throw new ApiError(400, "Invalid query: event_name is required");
  return {
    status: "success",
    count: await countMatchingEvents({ accountId: options.accountId, events: query.events, profile: query.profile }),
  };
}
