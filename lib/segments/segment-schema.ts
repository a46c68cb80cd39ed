// The input of "save segment": a name and the list's current URL query (its filters are kept, paging is not).
import { z } from "zod";
import type { ActionResult } from "../action-result";

export const segmentInputSchema = z.object({
  name: z.string().trim().min(1, "Give the segment a name").max(80, "At most 80 characters"),
  query: z.string().max(20_000, "Too many filters to save"),
});
export type SegmentInput = z.infer<typeof segmentInputSchema>;

export type SaveSegmentResult = ActionResult<{ id: number; name: string }>;
