// /1/counts/top.json: for each named group, the most (or least) frequent values of an event property (counted per
// event) or a profile field (counted per profile that did the event): {status, <group>: {<value>: n, …, "-1": rest}}
// where "-1" counts every other value.
import { z } from "zod";
import { ApiError } from "../../api/api-error";
import { propertyKeySchema } from "../../profiles/property-key-schema";
import { topValues } from "../../queries/query-top-values";
import { parseQueryOrFail } from "./query-input";

const groupSchema = z.object({
  property_type: z.enum(["event_properties", "profile_fields"]),
  name: propertyKeySchema,
  top_n: z.number().int().min(1).max(1000).default(10),
  order: z.enum(["asc", "desc"]).default("desc"),
});
const groupsSchema = z.record(z.string().min(1).max(120), groupSchema).refine((g) => Object.keys(g).length <= 10, "at most 10 groups");

const valueKey = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

export async function answerTop(options: { accountId: string; body: unknown }) {
  const query = parseQueryOrFail(options.body, true);
  if (!query.events) throw new ApiError(400, "Invalid query: event_name is required");
  const groups = groupsSchema.safeParse((options.body as { groups?: unknown } | null)?.groups);
  if (!groups.success)
    throw new ApiError(400, `Invalid groups: ${groups.error.issues[0]?.path.join(".")} ${groups.error.issues[0]?.message}`);
  const answer: Record<string, unknown> = { status: "success" };
  for (const [name, group] of Object.entries(groups.data)) {
    const top = await topValues({
      accountId: options.accountId,
      events: query.events,
      profile: query.profile,
      source: group.property_type === "event_properties" ? "event" : "profile",
      key: group.name,
      limit: group.top_n,
      order: group.order,
    });
    const counts: Record<string, number> = {};
    for (const { value, count } of top.values) counts[valueKey(value)] = count;
    const shown = top.values.reduce((sum, v) => sum + v.count, 0);
    if (top.total > shown) counts["-1"] = top.total - shown;
    answer[name] = counts;
  }
  return answer;
}
