// The list's tab counts and the export button's expected count, counted alongside the rows. Counts ready within a
// short wait after the rows ship in the first HTML with them; slower ones stream in (Suspense), so the rows never
// wait longer than that.
// Why wait at all: React reveals a streamed boundary no sooner than 300 ms after the first paint, so a count that
// takes 5 ms would otherwise show 300 ms after the rows.
import { cache, Suspense } from "react";
import { ExportButton } from "@/components/profiles/list/export-button";
import styles from "@/components/profiles/list/profile-list.module.css";
import { type Count, countTabs, type TabCounts } from "@/lib/queries/list-counts";
import { firstPage, type ListState, listStateToQuery, type Tab } from "@/lib/queries/list-state";

/** How long the first HTML waits for the counts once the rows are in. */
export const COUNT_WAIT_MS = 50;

/** Once per request: the three tabs in one pass (lib/queries/list-counts.ts), for the tabs and the export button.
 * null: it failed. */
const countOnce = cache((accountId: string, state: ListState) => countTabs(accountId, state).catch(() => null));

/** The counts when ready in time (null: they failed), or undefined: they stream. */
export type ReadyCounts = TabCounts | null | undefined;

/** Starts the tab counts alongside the rows (the page calls it first), so their wait below overlaps the rows'. */
export function startCounts(accountId: string, state: ListState): void {
  void countOnce(accountId, state);
}

/** The tab counts if they are ready within COUNT_WAIT_MS of the rows. */
export async function countsReadyInTime(accountId: string, state: ListState): Promise<ReadyCounts> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), COUNT_WAIT_MS)));
  const ready = await Promise.race([countOnce(accountId, state), late]);
  clearTimeout(timer);
  return ready;
}

const countText = (count: Count | null | undefined) => (count ? `${count.estimated ? "≈" : ""}${count.n.toLocaleString("en")}` : "?");

async function StreamedCount({ accountId, state, tab }: { accountId: string; state: ListState; tab: Tab }) {
  return <span data-testid={`count-${tab}`}>{countText((await countOnce(accountId, state))?.[tab])}</span>;
}

export function TabCount({ accountId, state, tab, ready }: { accountId: string; state: ListState; tab: Tab; ready: ReadyCounts }) {
  if (ready !== undefined) return <span data-testid={`count-${tab}`}>{countText(ready?.[tab])}</span>;
  return (
    <Suspense
      fallback={
        <span>
          <span aria-hidden="true">…</span>
          <span className={styles.srOnly}>counting</span>
        </span>
      }
    >
      <StreamedCount accountId={accountId} state={state} tab={tab} />
    </Suspense>
  );
}

async function StreamedExport({ accountId, state }: { accountId: string; state: ListState }) {
  const count = (await countOnce(accountId, state))?.[state.tab];
  return <ExportButton query={listStateToQuery(firstPage(state))} expected={count ? count.n : null} />;
}

export function ExportWithCount({ accountId, state, ready }: { accountId: string; state: ListState; ready: ReadyCounts }) {
  if (ready !== undefined) return <ExportButton query={listStateToQuery(firstPage(state))} expected={ready?.[state.tab].n ?? null} />;
  return (
    <Suspense
      fallback={
        <button type="button" disabled>
          Export CSV
        </button>
      }
    >
      <StreamedExport accountId={accountId} state={state} />
    </Suspense>
  );
}
