// /profiles — the profile list. The whole view lives in the URL; this page parses it, asks the query layer for one
// page of rows and renders the table. Tab counts come with the rows when quick, else stream in (tab-counts.tsx).
// No loading.tsx here on purpose: its fallback would put the rows in a streamed boundary too, and React reveals a
// streamed boundary no sooner than 300 ms after the first paint — rows would always show ≥ 300 ms late, while the
// page's own queries take milliseconds (npm run bench:page measures both).
import Link from "next/link";
import { requireStaff } from "@/app/_server/require-staff";
import { ColumnChooser } from "@/components/profiles/list/column-chooser";
import { ConditionForm } from "@/components/profiles/list/condition-form";
import styles from "@/components/profiles/list/profile-list.module.css";
import { ProfileTable } from "@/components/profiles/list/profile-table";
import { SaveSegmentForm } from "@/components/profiles/list/save-segment-form";
import { SearchAndFilters } from "@/components/profiles/list/search-and-filters";
import { dashboardAccountId } from "@/lib/accounts/dashboard-account";
import { canViewProfiles } from "@/lib/permissions/roles";
import { listEventNames } from "@/lib/queries/list-event-names";
import { type ListPage, listProfiles } from "@/lib/queries/list-profiles";
import { recentPropertyKeys } from "@/lib/queries/list-property-keys";
import { ListQueryError } from "@/lib/queries/list-sql";
import { firstPage, listStateToQuery, parseListStateWithNotes, TABS, type Tab } from "@/lib/queries/list-state";
import { saveSegmentAction } from "../segments/actions";
import { countsReadyInTime, ExportWithCount, startCounts, TabCount } from "./tab-counts";

export const metadata = { title: "Profiles · Tapestry" };

const TAB_LABELS: Record<Tab, string> = { all: "All", identified: "Identified", anonymous: "Anonymous" };

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

  // The rows, the forms' property keys and event names in parallel (the first HTML carries all three), and the tab
  // counts beside them.
  startCounts(accountId, state);
  const [{ page, problem }, keys, eventNames] = await Promise.all([
    listProfiles(accountId, state).then(
      (page): { page: ListPage; problem: string | null } => ({ page, problem: null }),
      (error: unknown) => {
        if (!(error instanceof ListQueryError)) throw error;
        return { page: { rows: [], next: null, prev: null }, problem: error.message };
      },
    ),
    recentPropertyKeys(accountId),
    listEventNames({ accountId }),
  ]);
  const counts = await countsReadyInTime(accountId, state);

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
              {TAB_LABELS[tab]} <TabCount accountId={accountId} state={state} tab={tab} ready={counts} />
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
        <ExportWithCount accountId={accountId} state={state} ready={counts} />
      </div>
      <ProfileTable state={state} page={page} />
    </main>
  );
}
