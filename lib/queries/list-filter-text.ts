// How a filter reads to a person ("Plan equals pro"), for the chips on the list and the segments page.
import { type Filter, type FilterOp, OPS_WITHOUT_VALUE } from "./list-state";

export const OP_LABELS: Record<FilterOp, string> = {
  eq: "equals",
  contains: "contains",
  gt: "greater than / after",
  lt: "less than / before",
  between: "between",
  set: "is set",
  notset: "is not set",
  true: "is true",
  false: "is false",
};
const SYSTEM_LABELS: Record<string, string> = {
  $last_seen: "Last seen",
  $first_seen: "First seen",
  $id: "Profile id",
  $joined: "Joined to profile",
};

export const filterText = (f: Filter) =>
  `${SYSTEM_LABELS[f.key] ?? f.key} ${OP_LABELS[f.op]}${OPS_WITHOUT_VALUE.includes(f.op) ? "" : ` ${f.value}`}${f.op === "between" ? ` and ${f.value2}` : ""}`;
