// How a condition of the query engine reads to a person ("Charged at least 2 times in the last 30 days"), for the
// list's chips and the segments page.
import { filterText } from "./list-filter-text";
import type { Condition, NumberOp, TimeWindow } from "./query-schema";

const NUMBER_OPS: Record<NumberOp, string> = { eq: "=", gt: ">", gte: "≥", lt: "<", lte: "≤", between: "between" };
const TYPES = { anonymous: "Anonymous", identified: "Identified", customer: "Customer" } as const;
const FIELDS = { source: "UTM source", medium: "UTM medium", campaign: "UTM campaign" } as const;
const CONSENT = { in: "opted in", out: "opted out", unset: "not set" } as const;

const windowText = (w: TimeWindow | undefined) =>
  !w ? "" : "lastDays" in w ? ` in the last ${w.lastDays} days` : w.from === w.to ? ` on ${w.from}` : ` between ${w.from} and ${w.to}`;
const numberText = (c: { op: NumberOp; value: number; value2?: number }) =>
  c.op === "between" ? `between ${c.value} and ${c.value2}` : `${NUMBER_OPS[c.op]} ${c.value}`;

export function conditionText(c: Condition): string {
  switch (c.kind) {
    case "all":
      return c.of.map(conditionText).join(" and ") || "everyone";
    case "any":
      return `(${c.of.map(conditionText).join(" or ")})`;
    case "not":
      return `not ${conditionText(c.of)}`;
    case "property":
      return filterText(c.filter);
    case "event": {
      const times = {
        did: "did",
        didNot: "did not do",
        atLeast: `at least ${c.n} times`,
        atMost: `at most ${c.n} times`,
        exactly: `exactly ${c.n} times`,
      }[c.op];
      const where = c.where.map(
        (w) =>
          `${w.key} ` +
          (w.op === "set"
            ? "is set"
            : w.op === "notset"
              ? "is not set"
              : `${w.op} ${w.value}${w.op === "between" ? ` and ${w.value2}` : ""}`),
      );
      const head = c.op === "did" || c.op === "didNot" ? `${times} ${c.name}` : `${c.name} ${times}`;
      return `${head}${windowText(c.when)}${where.length ? ` where ${where.join(", ")}` : ""}`;
    }
    case "purchases":
      return `${c.measure === "sum" ? "Purchase total (Charged Amount)" : "Purchases"} ${numberText(c)}${windowText(c.when)}`;
    case "age":
      return `Age ${numberText(c)}`;
    case "profileType":
      return `Profile type is ${TYPES[c.type]}`;
    case "firstVisit":
      return (
        `First visit ${FIELDS[c.field]} ` +
        (c.op === "set" ? "is set" : c.op === "notset" ? "is not set" : `${c.op === "eq" ? "equals" : "contains"} ${c.value}`)
      );
    case "consent":
      return `MSG-${c.channel} ${CONSENT[c.state]}`;
  }
}
