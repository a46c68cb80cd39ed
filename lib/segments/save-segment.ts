// Saves the list's current filters under a name (unique per account; saving an existing name is refused).
// A low-volume admin record: written with Prisma (ARCHITECTURE.md, "Prisma or pg").
import { Refusal } from "../action-result";
import { prisma } from "../db/prisma";
import { parseListState, searchParamsRecord } from "../queries/list-state";
import type { SaveSegmentResult, SegmentInput } from "./segment-schema";
import { segmentStateOf } from "./segment-state";

export async function saveSegment(options: { accountId: string; input: SegmentInput; createdBy: string }): Promise<SaveSegmentResult> {
  const { name, query } = options.input;
  const state = parseListState(searchParamsRecord(new URLSearchParams(query.replace(/^\?/, ""))));
  if (!state.q && state.filters.length === 0 && state.tab === "all")
    throw new Refusal("Add a search, a filter or pick a tab first: a segment of everyone is the list itself");
  try {
    const created = await prisma().savedSegment.create({
      data: { accountId: options.accountId, name, state: segmentStateOf(state), createdBy: options.createdBy },
      select: { id: true },
    });
    return { ok: true, id: Number(created.id), name };
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") throw new Refusal(`A segment named “${name}” already exists`, "name");
    throw error;
  }
}
