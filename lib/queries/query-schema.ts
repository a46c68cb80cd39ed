// The query engine's input: a typed tree of conditions over profiles and their events. The dashboard's list and
// segments, the overview's links and the CleverTap query API (/1/profiles.json, /1/counts/…) all build one of these
// and compile it with query-sql.ts. Parsed with zod, so a tree from a URL, a saved segment or a REST body is checked
// the same way; every value stays data (bind parameters), only allowlisted operators become SQL text.
import { z } from "zod";
import { parseCalendarDate } from "../profiles/dates";
import { byteLength, isKeyWithinLimit, MAX_EVENT_NAME_BYTES, MAX_KEY_BYTES } from "../profiles/limits";
import { unstorableText } from "../profiles/storable-text";
// filterSchema is read only inside z.lazy: list-state imports this module too (its `c` parameters).
import { filterSchema } from "./list-state";
import { MAX_VALUE_LENGTH } from "./query-limits";

/** CleverTap's profile types: Customer (has a Charged event) > Identified / Addressable (has an identity) > Anonymous. */
export const PROFILE_TYPES = ["anonymous", "identified", "customer"] as const;
export type ProfileType = (typeof PROFILE_TYPES)[number];

export const CONSENT_CHANNELS = ["email", "push", "sms", "whatsapp"] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];
export const consentKey = (channel: ConsentChannel) => `MSG-${channel}`;

/** The purchase event whose Amount is revenue (CleverTap's). */
export const CHARGED_EVENT = "Charged";
export const CHARGED_AMOUNT = "Amount";
/** The Web SDK's page view and its campaign fields (lib/clevertap/sdk/sdk-records.ts writes them). */
export const PAGE_VIEW_EVENT = "Page Viewed";
export const FIRST_VISIT_FIELDS = { source: "UTM Source", medium: "UTM Medium", campaign: "UTM Campaign" } as const;

export const MAX_CONDITIONS = 20;
export const MAX_DAYS = 3660;

/** Text PostgreSQL can take as a parameter (no NUL, no lone surrogate). */
const storable = (t: string) => unstorableText(t) === null;
const text = z.string().max(MAX_VALUE_LENGTH).refine(storable, "text PostgreSQL cannot store");
const isoDate = z.string().refine((t) => parseCalendarDate(t) !== null, "a date as YYYY-MM-DD");
const count = z.number().int().min(0).max(1_000_000_000);
const amount = z.number().finite().min(-1e15).max(1e15);

/** When an event happened: between two calendar days (UTC, both included) or within the last N days. */
export const windowSchema = z.union([
  z.object({ from: isoDate, to: isoDate }).refine((w) => w.from <= w.to, { message: "from is after to", path: ["to"] }),
  z.object({ lastDays: z.number().int().min(1).max(MAX_DAYS) }),
]);
export type TimeWindow = z.infer<typeof windowSchema>;

/** A condition on one property of the event (Charged Amount > 50). Numbers compare as numbers, the rest as text. */
export const EVENT_PROPERTY_OPS = ["eq", "neq", "contains", "gt", "gte", "lt", "lte", "between", "set", "notset"] as const;
export const eventPropertySchema = z
  .object({
    key: z
      .string()
      .trim()
      .min(1)
      .refine(isKeyWithinLimit, `at most ${MAX_KEY_BYTES} bytes`)
      .refine(storable, "text PostgreSQL cannot store"),
    op: z.enum(EVENT_PROPERTY_OPS),
    value: z.union([text, z.number().finite()]).optional(),
    value2: z.number().finite().optional(),
  })
  .refine((p) => p.op === "set" || p.op === "notset" || p.value !== undefined, { message: "this condition needs a value", path: ["value"] })
  .refine((p) => !["gt", "gte", "lt", "lte", "between"].includes(p.op) || Number.isFinite(Number(p.value)), {
    message: "a number is needed",
    path: ["value"],
  })
  .refine((p) => p.op !== "between" || p.value2 !== undefined, { message: "between needs two values", path: ["value2"] });
export type EventPropertyCondition = z.infer<typeof eventPropertySchema>;

/** How many times: did (≥ 1), did not (0), at least / at most / exactly N. */
export const EVENT_COUNT_OPS = ["did", "didNot", "atLeast", "atMost", "exactly"] as const;
export type EventCountOp = (typeof EVENT_COUNT_OPS)[number];

/** Comparisons of a number (purchase totals, Age). */
export const NUMBER_OPS = ["eq", "gt", "gte", "lt", "lte", "between"] as const;
export type NumberOp = (typeof NUMBER_OPS)[number];

const numberTest = <T extends z.ZodNumber>(value: T) =>
  z.object({ op: z.enum(NUMBER_OPS), value, value2: value.optional() }).refine((c) => c.op !== "between" || c.value2 !== undefined, {
    message: "between needs two values",
    path: ["value2"],
  });

export const eventConditionSchema = z
  .object({
    kind: z.literal("event"),
    name: z
      .string()
      .trim()
      .min(1)
      .max(MAX_EVENT_NAME_BYTES)
      .refine((t) => byteLength(t) <= MAX_EVENT_NAME_BYTES, `an event name of at most ${MAX_EVENT_NAME_BYTES} bytes`)
      .refine(storable, "text PostgreSQL cannot store"),
    op: z.enum(EVENT_COUNT_OPS),
    n: count.optional(),
    when: windowSchema.optional(),
    where: z.array(eventPropertySchema).max(MAX_CONDITIONS).default([]),
  })
  .refine((c) => c.op === "did" || c.op === "didNot" || c.n !== undefined, { message: "how many times?", path: ["n"] });

export const purchasesConditionSchema = z
  .object({
    kind: z.literal("purchases"),
    /** count of Charged events, or the sum of their Amount (lifetime value when no window is given) */
    measure: z.enum(["count", "sum"]),
    when: windowSchema.optional(),
  })
  .and(numberTest(amount));

export const ageConditionSchema = z.object({ kind: z.literal("age") }).and(numberTest(z.number().int().min(0).max(200)));

export type Condition =
  | { kind: "all"; of: Condition[] }
  | { kind: "any"; of: Condition[] }
  | { kind: "not"; of: Condition }
  | { kind: "property"; filter: z.infer<typeof filterSchema> }
  | z.infer<typeof eventConditionSchema>
  | z.infer<typeof purchasesConditionSchema>
  | z.infer<typeof ageConditionSchema>
  | { kind: "profileType"; type: ProfileType }
  | { kind: "firstVisit"; field: keyof typeof FIRST_VISIT_FIELDS; op: "eq" | "contains" | "set" | "notset"; value?: string }
  | { kind: "consent"; channel: ConsentChannel; state: "in" | "out" | "unset" };

export type EventCondition = Extract<Condition, { kind: "event" }>;
export type PurchasesCondition = Extract<Condition, { kind: "purchases" }>;

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ kind: z.literal("all"), of: z.array(conditionSchema).max(MAX_CONDITIONS) }),
    z.object({ kind: z.literal("any"), of: z.array(conditionSchema).min(1).max(MAX_CONDITIONS) }),
    z.object({ kind: z.literal("not"), of: conditionSchema }),
    z.object({ kind: z.literal("property"), filter: filterSchema }),
    eventConditionSchema,
    purchasesConditionSchema,
    ageConditionSchema,
    z.object({ kind: z.literal("profileType"), type: z.enum(PROFILE_TYPES) }),
    z
      .object({
        kind: z.literal("firstVisit"),
        field: z.enum(["source", "medium", "campaign"]),
        op: z.enum(["eq", "contains", "set", "notset"]),
        value: text.optional(),
      })
      .refine((c) => c.op === "set" || c.op === "notset" || (c.value ?? "").trim() !== "", {
        message: "this condition needs a value",
        path: ["value"],
      }),
    z.object({ kind: z.literal("consent"), channel: z.enum(CONSENT_CHANNELS), state: z.enum(["in", "out", "unset"]) }),
  ]),
);
