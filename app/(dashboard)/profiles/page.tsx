// /profiles — the profile list. The whole view lives in the URL; this page parses it, asks the query layer for one
// page of rows and renders the table. Tab counts stream in separately (Suspense) so the rows never wait for them.
import Link from "next/link";
import { Suspense } from "react";
import { requireStaff } from "@/app/_server/require-staff";
import { ColumnChooser } from "@/components/profiles/list/column-chooser";
import { ConditionForm } from "@/components/profiles/list/condition-form";
import { ExportButton } from "@/components/profiles/list/export-button";
import styles from "@/components/profiles/list/profile-list.module.css";
import { ProfileTable } from "@/components/profiles/list/profile-table";
import { SaveSegmentForm } from "@/components/profiles/list/save-segment-form";
import { SearchAndFilters } from "@/components/profiles/list/search-and-filters";
import { dashboardAccountId } from "@/lib/accounts/dashboard-account";
import { canViewProfiles } from "@/lib/permissions/roles";
import { type Count, countTabs, type TabCounts } from "@/lib/queries/list-counts";
import { listEventNames } from "@/lib/queries/list-event-names";
import { type ListPage, listProfiles } from "@/lib/queries/list-profiles";
import { recentPropertyKeys } from "@/lib/queries/list-property-keys";
import { ListQueryError } from "@/lib/queries/list-sql";
import { firstPage, type ListState, listStateToQuery, parseListStateWithNotes, TABS, type Tab } from "@/lib/queries/list-state";
import { saveSegmentAction } from "../segments/actions";

export const metadata = { title: "Profiles · Tapestry" };

const TAB_LABELS: Record<Tab, string> = { all: "All", identified: "Identified", anonymous: "Anonymous" };
const countText = (count: Count) => `${count.estimated ? "≈" : ""}${count.n.toLocaleString("en")}`;

// The three tabs are counted in one pass (lib/queries/list-counts.ts); each count and the export await that one promise.
async function TabCount({ counts, tab }: { counts: Promise<TabCounts | null>; tab: Tab }) {
  const count = (await counts)?.[tab];
  return <span data-testid={`count-${tab}`}>{count ? countText(count) : "?"}</span>;
}

async function ExportWithCount({ counts, state }: { counts: Promise<TabCounts | null>; state: ListState }) {
  const count = (await counts)?.[state.tab];
  return <ExportButton query={listStateToQuery(firstPage(state))} expected={count ? count.n : null} />;
}

export default async function ProfilesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireStaff(canViewProfiles);
  const accountId = await dashboardAccountId();
  const { state, notes } = parseListStateWithNotes(await searchParams);
  if (!accountId) {
    return (
      <main>
        <h1>Profiles</h1>
        <p className={styles.empty}>No account yet: start Tapestry once with TAPESTRY_ACCOUNT_ID set, then send profiles to it.</p>
      </main>
    );
  }

  let page: ListPage = { rows: [], next: null, prev: null };
  let problem: string | null = null;
  try {
    page = await listProfiles(accountId, state);
  } catch (error) {
    if (!(error instanceof ListQueryError)) throw error;
    problem = error.message;
  }
  // Started once the rows are read, so they never wait for it; streamed into the tabs and the export button.
  const counts = countTabs(accountId, state).catch(() => null);
  const [keys, eventNames] = await Promise.all([recentPropertyKeys(accountId), listEventNames({ accountId })]);

  return (
    <main className={styles.list} style={{ maxWidth: "none" }}>
      <h1>Profiles</h1>
      <nav className={styles.tabs} aria-label="Profile kinds">
        {TABS.map((tab) => {
          const query = listStateToQuery(firstPage({ ...state, tab }));
          return (
            <Link
              key={tab}
              className={styles.tab}
              href={query ? `/profiles?${query}` : "/profiles"}
              aria-current={tab === state.tab ? "page" : undefined}
            >
              {TAB_LABELS[tab]}{" "}
              <Suspense
                fallback={
                  <span>
                    <span aria-hidden="true">…</span>
                    <span className={styles.srOnly}>counting</span>
                  </span>
                }
              >
                <TabCount counts={counts} tab={tab} />
              </Suspense>
            </Link>
          );
        })}
      </nav>
      <SearchAndFilters key={listStateToQuery(firstPage(state))} state={state} keys={keys} />
      <ConditionForm state={state} events={eventNames} />
      {notes.map((note) => (
        <p key={note} role="status" className={styles.error} data-testid="list-note">
          {note}
        </p>
      ))}
      {problem && (
        <p role="alert" className={styles.error}>
          {problem}
        </p>
      )}
      <div className={styles.bar}>
        <ColumnChooser key={state.cols.join("\u0000")} state={state} keys={keys} />
        <SaveSegmentForm query={listStateToQuery(firstPage(state))} action={saveSegmentAction} />
        <Suspense
          fallback={
            <button type="button" disabled>
              Export CSV
            </button>
          }
        >
          <ExportWithCount counts={counts} state={state} />
        </Suspense>
      </div>
      <ProfileTable state={state} page={page} />
    </main>
  );
}
