// Saved segments with their member counts (exact up to the cap, else an estimate), newest first.
import { pool } from "../db/pool";
import { type Count, countProfiles } from "../queries/list-counts";
import { listStateToQuery } from "../queries/list-state";
import { listStateOfSegment } from "./segment-state";

export type SegmentSummary = {
  id: number;
  name: string;
  createdBy: string | null;
  createdAt: string;
  href: string;
  members: Count | null;
  valid: boolean;
};

export async function listSegments(accountId: string): Promise<SegmentSummary[]> {
  const { rows } = await pool().query<{ id: number; name: string; state: unknown; created_by: string | null; created_at: Date }>(
    "SELECT id, name, state, created_by, created_at FROM saved_segment WHERE account_id = $1 ORDER BY created_at DESC, id DESC LIMIT 500",
    [accountId],
  );
  return Promise.all(
    rows.map(async (row) => {
      const { state, valid } = listStateOfSegment(row.state);
      const members = valid ? await countProfiles(accountId, state, state.tab) : null;
      const query = listStateToQuery(state);
      return {
        id: Number(row.id),
        name: row.name,
        createdBy: row.created_by,
        createdAt: row.created_at.toISOString(),
        href: `/profiles${query ? `?${query}` : ""}`,
        members,
        valid,
      };
    }),
  );
}
