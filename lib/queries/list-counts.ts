// Member counts for the list's tabs and for saved segments. Exact up to EXACT_COUNT_CAP matching rows (a capped
// count stops reading there); above it the planner's estimate, flagged so the UI shows "≈".
import type pg from "pg";
import { pool } from "../db/pool";
import { cappedCountStatement, estimateStatement } from "./list-sql";
import { TABS, type ListState, type Tab } from "./list-state";

export const EXACT_COUNT_CAP = 10_000;

export type Count = { n: number; estimated: boolean };
export type TabCounts = Record<Tab, Count>;

export async function countProfiles(accountId: string, state: Pick<ListState, "q" | "filters">, tab: Tab, db: Pick<pg.Pool, "query"> = pool()): Promise<Count> {
  const capped = cappedCountStatement(accountId, state, tab, EXACT_COUNT_CAP);
  const { rows } = await db.query<{ n: number }>(capped.text, capped.values);
  if (rows[0].n <= EXACT_COUNT_CAP) return { n: rows[0].n, estimated: false };
  const explain = estimateStatement(accountId, state, tab);
  const plan = await db.query<{ "QUERY PLAN": [{ Plan: { "Plan Rows": number } }] }>(explain.text, explain.values);
  return { n: Math.max(EXACT_COUNT_CAP + 1, Math.round(plan.rows[0]["QUERY PLAN"][0].Plan["Plan Rows"])), estimated: true };
}

export async function countTabs(accountId: string, state: Pick<ListState, "q" | "filters">, db: Pick<pg.Pool, "query"> = pool()): Promise<TabCounts> {
  const [all, identified, anonymous] = await Promise.all(TABS.map((tab) => countProfiles(accountId, state, tab, db)));
  return { all, identified, anonymous };
}
