// CleverTap's event query (the body of /1/profiles.json, /1/events.json and /1/counts/*.json, or the `query` URL
// parameter the official Node library sends) translated into the query engine's terms. Wire format only: what it
// means is decided by lib/queries/query-sql.ts.
//   { "event_name": "Charged", "from": 20260101, "to": 20260131,
//     "event_properties": [{ "name": "Amount", "operator": "greater_than", "value": 50 }],
//     "common_profile_properties": { "profile_fields": [{ "name": "Plan", "operator": "equals", "value": "pro" }] } }
import { z } from "zod";
import { propertyKeySchema } from "../../profiles/property-key-schema";
import type { Filter } from "../../queries/list-state";
import {
  type Condition,
  conditionSchema,
  type EventPropertyCondition,
  eventPropertySchema,
  MAX_CONDITIONS,
  type TimeWindow,
  windowSchema,
} from "../../queries/query-schema";
import type { EventSelector } from "../../queries/query-sql";

export class EventQueryError extends Error {}

const OPERATORS = [
  "equals",
  "not_equals",
  "contains",
  "greater_than",
  "greater_than_equals",
  "less_than",
  "less_than_equals",
  "between",
  "exists",
  "not_exists",
] as const;
type Operator = (typeof OPERATORS)[number];

const scalar = z.union([z.string().max(512), z.number().finite(), z.boolean()]);
const propertyTest = z.object({
  name: propertyKeySchema,
  operator: z.enum(OPERATORS).default("equals"),
  value: z.union([scalar, z.array(scalar).max(100)]).optional(),
});
type PropertyTest = z.infer<typeof propertyTest>;

/** YYYYMMDD as an integer (or its digits as text), CleverTap's date format. */
const ymd = z.union([z.number().int(), z.string().regex(/^\d{8}$/)]).transform((v, ctx) => {
  const text = String(v);
  const iso = `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
  const ms = Date.parse(`${iso}T00:00:00Z`);
  if (!/^\d{8}$/.test(text) || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== iso) {
    ctx.addIssue({ code: "custom", message: `${text} is not a date as YYYYMMDD` });
    return z.NEVER;
  }
  return iso;
});

export const eventQuerySchema = z
  .object({
    event_name: z.string().trim().min(1).max(512).optional(),
    from: ymd.optional(),
    to: ymd.optional(),
    event_properties: z.array(propertyTest).max(MAX_CONDITIONS).optional(),
    /** the Node library's README spells event_properties `props` */
    props: z.array(propertyTest).max(MAX_CONDITIONS).optional(),
    common_profile_properties: z
      .object({ profile_fields: z.array(propertyTest).max(MAX_CONDITIONS).optional() })
      .catchall(z.unknown())
      .optional(),
  })
  .catchall(z.unknown());
export type EventQuery = z.infer<typeof eventQuerySchema>;

export type ParsedEventQuery = {
  /** the event part (null when the query names no event: then only profile fields select) */
  events: EventSelector | null;
  /** conditions on the profile (common_profile_properties.profile_fields) */
  profile: Condition;
};

const issueText = (error: z.ZodError) =>
  error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join(".") || "query"}: ${i.message}`)
    .join("; ");

function eventPropertyOf(test: PropertyTest): EventPropertyCondition {
  const ops: Record<Operator, EventPropertyCondition["op"]> = {
    equals: "eq",
    not_equals: "neq",
    contains: "contains",
    greater_than: "gt",
    greater_than_equals: "gte",
    less_than: "lt",
    less_than_equals: "lte",
    between: "between",
    exists: "set",
    not_exists: "notset",
  };
  const op = ops[test.operator];
  let value: unknown = test.value;
  let value2: unknown;
  if (op === "between") {
    if (!Array.isArray(test.value) || test.value.length !== 2) throw new EventQueryError(`'${test.name}': between needs [low, high]`);
    [value, value2] = test.value.map(Number);
  } else if (Array.isArray(value)) {
    throw new EventQueryError(`'${test.name}': ${test.operator} takes one value`);
  }
  if (typeof value === "boolean") value = String(value);
  const parsed = eventPropertySchema.safeParse({ key: test.name, op, value, ...(value2 === undefined ? {} : { value2 }) });
  if (!parsed.success) throw new EventQueryError(`event property ${issueText(parsed.error)}`);
  return parsed.data;
}

/** A profile field test as the list's property filters (the same engine, the same rules). */
function profileConditionOf(test: PropertyTest): Condition {
  const filter = (op: Filter["op"], value = "", value2 = ""): Condition => ({
    kind: "property",
    filter: { key: test.name, op, value, value2 },
  });
  const values = Array.isArray(test.value) ? test.value.map(String) : test.value === undefined ? [] : [String(test.value)];
  const one = () => {
    if (values.length !== 1) throw new EventQueryError(`'${test.name}': ${test.operator} takes one value`);
    return values[0];
  };
  let condition: Condition;
  switch (test.operator) {
    case "equals":
      if (values.length === 0) throw new EventQueryError(`'${test.name}': equals needs a value`);
      condition = values.length === 1 ? filter("eq", values[0]) : { kind: "any", of: values.map((v) => filter("eq", v)) };
      break;
    case "not_equals":
      condition = { kind: "not", of: filter("eq", one()) };
      break;
    case "contains":
      condition = filter("contains", one());
      break;
    case "greater_than":
      condition = filter("gt", one());
      break;
    case "less_than":
      condition = filter("lt", one());
      break;
    case "greater_than_equals":
      condition = { kind: "any", of: [filter("eq", one()), filter("gt", one())] };
      break;
    case "less_than_equals":
      condition = { kind: "any", of: [filter("eq", one()), filter("lt", one())] };
      break;
    case "between":
      if (values.length !== 2) throw new EventQueryError(`'${test.name}': between needs [low, high]`);
      condition = filter("between", values[0], values[1]);
      break;
    case "exists":
      condition = filter("set");
      break;
    case "not_exists":
      condition = filter("notset");
      break;
  }
  const parsed = conditionSchema.safeParse(condition);
  if (!parsed.success) throw new EventQueryError(`profile field ${issueText(parsed.error)}`);
  return parsed.data;
}

/** Parses a query (an object, or JSON text from the URL). Throws EventQueryError with a message naming the problem. */
export function parseEventQuery(input: unknown, options: { requireEvent: boolean }): ParsedEventQuery {
  let raw = input;
  if (typeof input === "string") {
    try {
      raw = JSON.parse(input);
    } catch {
      throw new EventQueryError("query is not valid JSON");
    }
  }
  const parsed = eventQuerySchema.safeParse(raw);
  if (!parsed.success) throw new EventQueryError(issueText(parsed.error));
  const query = parsed.data;
  const unsupported = Object.keys(query.common_profile_properties ?? {}).filter((k) => k !== "profile_fields");
  if (unsupported.length > 0)
    throw new EventQueryError(`common_profile_properties: ${unsupported.join(", ")} not supported (profile_fields is)`);
  const profile: Condition = { kind: "all", of: (query.common_profile_properties?.profile_fields ?? []).map(profileConditionOf) };
  if (!query.event_name) {
    if (options.requireEvent) throw new EventQueryError("event_name is required");
    if (profile.kind === "all" && profile.of.length === 0) throw new EventQueryError("give event_name or common_profile_properties");
    return { events: null, profile };
  }
  let window: TimeWindow | undefined;
  if (query.from || query.to) {
    if (!query.from || !query.to) throw new EventQueryError("from and to go together (YYYYMMDD)");
    const checked = windowSchema.safeParse({ from: query.from, to: query.to });
    if (!checked.success) throw new EventQueryError(issueText(checked.error));
    window = checked.data;
  }
  const where = [...(query.event_properties ?? []), ...(query.props ?? [])].map(eventPropertyOf);
  return { events: { name: query.event_name, window, where }, profile };
}

/** The profiles a query selects: those who did the event (as filtered) and pass the profile fields. */
export function profileConditionOfQuery(query: ParsedEventQuery): Condition {
  if (!query.events) return query.profile;
  const did: Condition = { kind: "event", name: query.events.name, op: "did", when: query.events.window, where: query.events.where };
  return { kind: "all", of: [did, query.profile] };
}
