// Member counts for the list's tabs, saved segments and the overview's profile types. All three tabs are counted in
// one pass: exactly while the filter matches at most EXACT_COUNT_CAP profiles (the pass stops there), else from a
// fixed sample of the profile table's pages, scaled up and flagged so the UI shows "≈". The sample reads about
// SAMPLE_PAGES pages whatever the table's size, so a count never reads a whole million-profile table. Which pass
// goes first follows the planner's estimate (list-estimate.ts): a filter expected to match many is sampled first
// and not counted exactly when the sample confirms it; the rows an exact pass saw are a floor for each estimate.
import type pg from "pg";
import { dashboardPool } from "../db/pool";
import { estimatedMatches } from "./list-estimate";
import { tabCountsStatement, type WhereState } from "./list-sql";
import type { Tab } from "./list-state";

/** Counting up to this many rows stays within a few tens of milliseconds at a million profiles, even for a filter
 * no index serves (a scan finds them in the first pages it reads); beyond it, a sample. */
export const EXACT_COUNT_CAP = 2_000;
/** Pages a sampled count reads (≈ 8 KB each): ±3–5 % for a filter matching a few percent of a million profiles. */
export const SAMPLE_PAGES = 2_000;

export type Count = { n: number; estimated: boolean };
export type TabCounts = Record<Tab, Count>;
type Db = Pick<pg.Pool, "query">;
type Row = Record<Tab, number>;

/** The profile table's size in pages and rows, as of its last ANALYZE or VACUUM (read at most once a minute). */
let size: { pages: number; rows: number; at: number } | null = null;
export async function profileTableSize(db: Db): Promise<{ pages: number; rows: number }> {
  if (size && Date.now() - size.at < 60_000) return size;
  const { rows } = await db.query<{ pages: number; rows: number }>(
    "SELECT greatest(relpages, 1)::int AS pages, greatest(reltuples, 0)::float8 AS rows FROM pg_class WHERE oid = 'profile'::regclass",
  );
  size = { pages: rows[0]?.pages ?? 1, rows: rows[0]?.rows ?? 0, at: Date.now() };
  return size;
}

/** The TABLESAMPLE SYSTEM percentage that reads about `pages` pages of the profile table. */
export async function samplePercent(db: Db, pages = SAMPLE_PAGES): Promise<number> {
  return Math.min(100, (100 * pages) / (await profileTableSize(db)).pages);
}

/** A count over a `percent` % TABLESAMPLE of the profile table, scaled to the whole table. */
export const fromSample = (n: number, percent: number) => Math.round((n * 100) / percent);

export async function countTabs(
  accountId: string,
  state: WhereState,
  db: Db = dashboardPool(),
  limits = { cap: EXACT_COUNT_CAP, samplePages: SAMPLE_PAGES },
): Promise<TabCounts> {
  const percent = await samplePercent(db, limits.samplePages);
  const sample = async (perRowSearch: boolean) => {
    const statement = tabCountsStatement(accountId, state, { samplePercent: percent, perRowSearch });
    return (await db.query<Row>(statement.text, statement.values)).rows[0];
  };
  const exact = (row: Row): TabCounts => ({
    all: { n: row.all, estimated: false },
    identified: { n: row.identified, estimated: false },
    anonymous: { n: row.anonymous, estimated: false },
  });
  // A table small enough that the "sample" is every page (the demo's few thousand profiles) is counted exactly.
  if (percent >= 100) return exact(await sample(false));
  // Expected to match far more than the cap: the sample first (a search then tested per sampled profile: its set is
  // the union of every match, ≈ 390 ms for "maria" at a million profiles), and no exact pass if it confirms.
  const many = (await estimatedMatches(db, accountId, state, "all")) > 4 * (limits.cap + 1);
  const scaled = (row: Row, seen: Row): TabCounts => {
    const scale = (tab: Tab) => ({ n: Math.max(seen[tab], fromSample(row[tab], percent)), estimated: true });
    return { all: scale("all"), identified: scale("identified"), anonymous: scale("anonymous") };
  };
  let sampled = many ? await sample(true) : null;
  if (sampled && fromSample(sampled.all, percent) > 2 * limits.cap)
    return scaled(sampled, { all: limits.cap + 1, identified: 0, anonymous: 0 });
  const capped = tabCountsStatement(accountId, state, { cap: limits.cap });
  const seen = (await db.query<Row>(capped.text, capped.values)).rows[0];
  if (seen.all <= limits.cap) return exact(seen);
  sampled ??= await sample(false);
  // The rows the exact pass saw are a floor for each estimate (a tab the sample misses never reads ≈ 0).
  return scaled(sampled, { ...seen, all: limits.cap + 1 });
}

/** One tab's count (a saved segment's members, the overview's types): the same passes, read for that tab. */
export async function countProfiles(accountId: string, state: WhereState, tab: Tab, db: Db = dashboardPool()): Promise<Count> {
  return (await countTabs(accountId, state, db))[tab];
}
