// The planner's estimate of how many profiles a view's filters match: planned, not run (EXPLAIN, ≈ 1 ms). It only
// picks a way to answer — walk the order or read the set (list-profiles.ts), sample first or count exactly first
// (list-counts.ts) — and each way checks its own result, so a wrong estimate costs time, never a wrong answer.
import type pg from "pg";
import { matchEstimateStatement, type WhereState } from "./list-sql";
import type { Tab } from "./list-state";

type Explained = { "QUERY PLAN": [{ Plan: { "Plan Rows": number } }] };

export async function estimatedMatches(db: Pick<pg.Pool, "query">, accountId: string, state: WhereState, tab: Tab): Promise<number> {
  const explain = matchEstimateStatement(accountId, state, tab);
  const { rows } = await db.query<Explained>(explain.text, explain.values);
  return rows[0]["QUERY PLAN"][0].Plan["Plan Rows"];
}
