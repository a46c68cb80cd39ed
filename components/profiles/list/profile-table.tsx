"use client";
// The profile table: TanStack Table v9 with server-side sorting and paging (manualSorting / manualPagination);
// sorting and paging change the URL, the server answers with the rows.
import {
  createColumnHelper,
  type PaginationState,
  rowPaginationFeature,
  rowSortingFeature,
  type SortingState,
  tableFeatures,
  type Updater,
  useTable,
} from "@tanstack/react-table";
import Link from "next/link";
import { useMemo } from "react";
import { profileLabel } from "@/lib/profiles/profile-label";
import { cellText, columnLabel, columnSort } from "@/lib/queries/list-columns";
import type { ListPage, ListRow } from "@/lib/queries/list-profiles";
import { decodeCursor, firstPage, type ListState, PAGE_SIZES } from "@/lib/queries/list-state";
import { PROFILE_TYPE_LABELS, profileTypeOf } from "@/lib/queries/profile-type";
import styles from "./profile-list.module.css";
import { useListNavigation } from "./use-list-navigation";

const features = tableFeatures({ rowSortingFeature, rowPaginationFeature });
const helper = createColumnHelper<typeof features, ListRow>();

/** Values longer than this may be cut by the cell's width: they carry their whole text as a title. */
const TITLE_AFTER = 30;

const resolve = <T,>(updater: Updater<T>, old: T): T => (typeof updater === "function" ? (updater as (old: T) => T)(old) : updater);

export function ProfileTable({ state, page }: { state: ListState; page: ListPage }) {
  const { go, pending } = useListNavigation();

  const columns = useMemo(
    () =>
      helper.columns([
        helper.accessor((row) => row.id, {
          id: "id",
          header: "Profile",
          enableSorting: true,
          cell: (info) => {
            const row = info.row.original;
            const type = profileTypeOf(row);
            const label = profileLabel(row);
            return (
              <>
                {/* No prefetch: 50 rows would send 50 requests, each a session check and a profile read. */}
                <Link
                  className={styles.link}
                  href={`/profiles/${row.id}`}
                  prefetch={false}
                  title={label.length > TITLE_AFTER ? label : undefined}
                >
                  {label}
                </Link>{" "}
                <span className={`${styles.typeBadge} ${styles[type]}`} data-testid="profile-type">
                  {PROFILE_TYPE_LABELS[type]}
                </span>{" "}
                <span className={styles.muted}>#{row.id}</span>
              </>
            );
          },
        }),
        ...state.cols.map((col) =>
          helper.accessor((row) => cellText(row, col), {
            id: col,
            header: columnLabel(col),
            enableSorting: columnSort(col) !== null,
            // Long values are cut by CSS (an ellipsis); the whole text is in the title.
            cell: (info) => {
              const text = info.getValue();
              return text.length > TITLE_AFTER ? <span title={text}>{text}</span> : text;
            },
          }),
        ),
      ]),
    [state.cols],
  );

  const sortedColumn = state.sort === "id" ? "id" : (["id", ...state.cols].find((c) => c !== "id" && columnSort(c) === state.sort) ?? null);
  const sorting: SortingState = sortedColumn ? [{ id: sortedColumn, desc: state.dir === "desc" }] : [];
  const pagination: PaginationState = { pageIndex: state.page - 1, pageSize: state.size };

  const table = useTable({
    features,
    columns,
    data: page.rows,
    getRowId: (row) => String(row.id),
    manualSorting: true,
    manualPagination: true,
    enableMultiSort: false,
    sortDescFirst: false,
    pageCount: -1,
    state: { sorting, pagination },
    onSortingChange: (updater) => {
      const next = resolve(updater, sorting)[0];
      if (!next) return go(firstPage({ ...state, sort: "last_seen", dir: "desc" }));
      const sort = next.id === "id" ? "id" : columnSort(next.id);
      if (sort) go(firstPage({ ...state, sort, dir: next.desc ? "desc" : "asc" }));
    },
    onPaginationChange: (updater) => {
      const next = resolve(updater, pagination);
      if (next.pageSize !== state.size) return go(firstPage({ ...state, size: next.pageSize }));
      if (next.pageIndex === 0) return go(firstPage(state));
      if (next.pageIndex === pagination.pageIndex + 1 && page.next)
        return go({ ...state, after: decodeCursor(page.next), before: null, page: state.page + 1 });
      if (next.pageIndex === pagination.pageIndex - 1 && page.prev)
        return go({ ...state, after: null, before: decodeCursor(page.prev), page: Math.max(1, state.page - 1) });
    },
  });

  return (
    <div className={styles.list} aria-busy={pending}>
      <p className={styles.status} role="status">
        {pending ? "Loading…" : ""}
      </p>
      <div className={`${styles.tableWrap} ${pending ? styles.busy : ""}`}>
        <table className={styles.table}>
          <caption className={styles.srOnly}>Profiles, page {state.page}</caption>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                    >
                      {header.column.getCanSort() ? (
                        <button
                          type="button"
                          className={styles.sort}
                          onClick={header.column.getToggleSortingHandler()}
                          title={`Sort by ${columnLabel(header.column.id)}`}
                        >
                          <table.FlexRender header={header} />
                          <span aria-hidden="true">{sorted === "asc" ? " ▲" : sorted === "desc" ? " ▼" : ""}</span>
                        </button>
                      ) : (
                        <table.FlexRender header={header} />
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id} data-profile-id={row.original.id}>
                {row.getAllCells().map((cell) => (
                  <td key={cell.id}>
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {page.rows.length === 0 && <p className={styles.empty}>No profiles match this view. Clear the search or remove a filter.</p>}
      </div>
      <nav className={styles.pager} aria-label="Pages">
        <button type="button" className={styles.button} onClick={() => table.firstPage()} disabled={state.page === 1 && !page.prev}>
          First
        </button>
        <button type="button" className={styles.button} onClick={() => table.previousPage()} disabled={!page.prev}>
          Previous
        </button>
        <span>Page {state.page}</span>
        <button type="button" className={styles.button} onClick={() => table.nextPage()} disabled={!page.next}>
          Next
        </button>
        <label className={styles.field}>
          Rows per page
          <select value={state.size} onChange={(e) => table.setPageSize(Number(e.target.value))}>
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </nav>
    </div>
  );
}
