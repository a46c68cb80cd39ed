// How a filter reads to a person ("Plan equals pro"), for the chips on the list and the segments page.
import { type Filter, type FilterOp, OPS_WITHOUT_VALUE, type SystemField } from "./list-state";

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
/** The system fields a filter may name (list-state's SYSTEM_FIELDS), as people read them. */
export const SYSTEM_FIELD_LABELS: Record<SystemField, string> = {
  $last_seen: "Last seen",
  $first_seen: "First seen",
  $id: "Profile id",
  $joined: "Joined to profile",
};
const SYSTEM_LABELS: Record<string, string> = SYSTEM_FIELD_LABELS;

export const filterText = (f: Filter) =>
  `${SYSTEM_LABELS[f.key] ?? f.key} ${OP_LABELS[f.op]}` +
  `${OPS_WITHOUT_VALUE.includes(f.op) ? "" : ` ${f.value}`}${f.op === "between" ? ` and ${f.value2}` : ""}`;
