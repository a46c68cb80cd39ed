// Saves the list's current filters under a name (unique per account; saving an existing name is refused).
import { z } from "zod";
import { pool } from "../db/pool";
import { parseListState, searchParamsRecord } from "../queries/list-state";
import { type SaveSegmentResult, segmentInputSchema } from "./segment-schema";
import { segmentStateOf } from "./segment-state";

export async function saveSegment(options: { accountId: string; input: unknown; createdBy: string }): Promise<SaveSegmentResult> {
  const parsed = segmentInputSchema.safeParse(options.input);
  if (!parsed.success) return { ok: false, fieldErrors: z.flattenError(parsed.error).fieldErrors };
  const url = new URLSearchParams(parsed.data.query.replace(/^\?/, ""));
  const state = parseListState(searchParamsRecord(url));
  if (!state.q && state.filters.length === 0 && state.tab === "all") {
    return {
      ok: false,
      fieldErrors: {},
      formError: "Add a search, a filter or pick a tab first: a segment of everyone is the list itself",
    };
  }
  try {
    const { rows } = await pool().query<{ id: number }>(
      "INSERT INTO saved_segment (account_id, name, state, created_by) VALUES ($1, $2, $3::jsonb, $4) RETURNING id",
      [options.accountId, parsed.data.name, JSON.stringify(segmentStateOf(state)), options.createdBy],
    );
    return { ok: true, id: Number(rows[0].id), name: parsed.data.name };
  } catch (error) {
    if ((error as { code?: string }).code === "23505")
      return { ok: false, fieldErrors: { name: [`A segment named “${parsed.data.name}” already exists`] } };
    throw error;
  }
}
