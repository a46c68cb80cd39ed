// /segments — saved segments with their member counts; opening one shows the list with its filters.
import Link from "next/link";
import { requireStaff } from "@/app/_server/require-staff";
import styles from "@/components/profiles/list/profile-list.module.css";
import { dashboardAccountId } from "@/lib/accounts/dashboard-account";
import { canViewProfiles } from "@/lib/permissions/roles";
import { filterText } from "@/lib/queries/list-filter-text";
import { parseListState, searchParamsRecord } from "@/lib/queries/list-state";
import { conditionText } from "@/lib/queries/query-condition-text";
import { listSegments } from "@/lib/segments/list-segments";

export const metadata = { title: "Segments · Tapestry" };

export default async function SegmentsPage() {
  await requireStaff(canViewProfiles);
  const accountId = await dashboardAccountId();
  const segments = accountId ? await listSegments(accountId) : [];
  return (
    <main className={styles.list}>
      <h1>Segments</h1>
      {segments.length === 0 ? (
        <p className={styles.empty}>
          No saved segments yet. Filter the{" "}
          <Link className={styles.link} href="/profiles">
            profile list
          </Link>{" "}
          and choose “Save as segment”.
        </p>
      ) : (
        <div className={styles.tableWrap}>
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">Segment</th>
                <th scope="col">Members</th>
                <th scope="col">Conditions</th>
                <th scope="col">Saved by</th>
                <th scope="col">Saved</th>
                <th scope="col">Export</th>
              </tr>
            </thead>
            <tbody>
              {segments.map((s) => {
                const state = parseListState(searchParamsRecord(new URL(s.href, "http://x").searchParams));
                const conditions = [
                  state.tab !== "all" ? state.tab : null,
                  state.q ? `search “${state.q}”` : null,
                  ...state.filters.map(filterText),
                  ...state.conditions.map(conditionText),
                ].filter(Boolean);
                const query = s.href.split("?")[1] ?? "";
                return (
                  <tr key={s.id}>
                    <td>
                      <Link className={styles.link} href={s.href}>
                        {s.name}
                      </Link>
                    </td>
                    <td data-testid="segment-members">
                      {s.members ? `${s.members.estimated ? "≈" : ""}${s.members.n.toLocaleString("en")}` : "—"}
                    </td>
                    <td>{s.valid ? conditions.join("; ") : "(stored filters are no longer valid)"}</td>
                    <td>{s.createdBy ?? ""}</td>
                    <td>{s.createdAt.slice(0, 16).replace("T", " ")}</td>
                    <td>
                      <a className={styles.link} href={`/profiles/export${query ? `?${query}` : ""}`} download>
                        CSV
                      </a>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
