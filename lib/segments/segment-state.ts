// What a saved segment keeps of the list state: the tab, the search and the filters (not sort, columns or paging).
import { z } from "zod";
import { DEFAULT_STATE, filterSchema, type ListState, MAX_FILTERS, TABS } from "../queries/list-state";
import { conditionSchema } from "../queries/query-schema";

export const segmentStateSchema = z.object({
  tab: z.enum(TABS),
  q: z.string().max(200),
  filters: z.array(filterSchema).max(MAX_FILTERS),
  /** behaviour, purchases, profile type, Age… (segments saved before conditions existed have none) */
  conditions: z.array(conditionSchema).max(MAX_FILTERS).default([]),
});
export type SegmentState = z.infer<typeof segmentStateSchema>;

export const segmentStateOf = (state: ListState): SegmentState => ({
  tab: state.tab,
  q: state.q,
  filters: state.filters,
  conditions: state.conditions,
});

/** The list state that opens a segment (stored JSON is re-validated: a bad row yields the unfiltered list, flagged). */
export function listStateOfSegment(stored: unknown): { state: ListState; valid: boolean } {
  const parsed = segmentStateSchema.safeParse(stored);
  if (!parsed.success) return { state: DEFAULT_STATE, valid: false };
  return { state: { ...DEFAULT_STATE, ...parsed.data }, valid: true };
}
