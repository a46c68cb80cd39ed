// Member counts for the list's tabs and for saved segments. The planner's estimate comes first (EXPLAIN, no rows
// read): when it is far above EXACT_COUNT_CAP it is the answer, flagged so the UI shows "≈". Otherwise a capped
// count (it stops reading at the cap) gives the exact number, or the estimate when the cap is reached.
import type pg from "pg";
import { dashboardPool } from "../db/pool";
import { cappedCountStatement, estimateStatement } from "./list-sql";
import { type ListState, TABS, type Tab } from "./list-state";

/** Counting up to this many rows stays within a few milliseconds (index-only scans); beyond it, an estimate. */
export const EXACT_COUNT_CAP = 20_000;
/** Estimates this far above the cap are not worth checking (they are never off by 5x on these filters). */
const ESTIMATE_TRUSTED_ABOVE = 5 * EXACT_COUNT_CAP;

export type Count = { n: number; estimated: boolean };
export type TabCounts = Record<Tab, Count>;

export async function countProfiles(
  accountId: string,
  state: Pick<ListState, "q" | "filters">,
  tab: Tab,
  db: Pick<pg.Pool, "query"> = dashboardPool(),
): Promise<Count> {
  const explain = estimateStatement(accountId, state, tab);
  const plan = await db.query<{ "QUERY PLAN": [{ Plan: { "Plan Rows": number } }] }>(explain.text, explain.values);
  const estimate = Math.round(plan.rows[0]["QUERY PLAN"][0].Plan["Plan Rows"]);
  if (estimate > ESTIMATE_TRUSTED_ABOVE) return { n: estimate, estimated: true };
  const capped = cappedCountStatement(accountId, state, tab, EXACT_COUNT_CAP);
  const { rows } = await db.query<{ n: number }>(capped.text, capped.values);
  if (rows[0].n <= EXACT_COUNT_CAP) return { n: rows[0].n, estimated: false };
  return { n: Math.max(EXACT_COUNT_CAP + 1, estimate), estimated: true };
}

export async function countTabs(
  accountId: string,
  state: Pick<ListState, "q" | "filters">,
  db: Pick<pg.Pool, "query"> = dashboardPool(),
): Promise<TabCounts> {
  const [all, identified, anonymous] = await Promise.all(TABS.map((tab) => countProfiles(accountId, state, tab, db)));
  return { all, identified, anonymous };
}
