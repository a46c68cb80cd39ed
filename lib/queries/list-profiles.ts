// The profile list's page of rows: runs the one statement built by list-sql.ts, turns rows into plain DTOs and
// hands back cursors for the next and previous pages.
import type pg from "pg";
import { dashboardPool } from "../db/pool";
import { env } from "../env";
import { logger } from "../observability/logger";
import type { PropertyType } from "../profiles/types";
import { profileTableSize } from "./list-counts";
import { estimatedMatches } from "./list-estimate";
import { requestSortIndex } from "./list-sort-indexes";
import { ListQueryError, pageStatement } from "./list-sql";
import { type Cursor, encodeCursor, type ListState } from "./list-state";

export type ListRow = {
  id: number;
  identified: boolean;
  /** has a Charged event (profile type Customer) */
  customer: boolean;
  properties: Record<string, unknown>;
  propertyTypes: Record<string, PropertyType>;
  firstSeen: string;
  lastSeen: string;
  /** an anonymous profile's most recently seen device (its link text names it); null for identified ones */
  deviceGuid: string | null;
  /** the URL of its last page view, when the view shows that column */
  lastPage: string | null;
};

export type ListPage = { rows: ListRow[]; next: string | null; prev: string | null };

type DbRow = {
  id: number;
  identified: boolean;
  customer: boolean;
  properties: Record<string, unknown>;
  property_types: Record<string, PropertyType>;
  first_seen: Date;
  last_seen: Date;
  sort_key: string;
  device_guid: string | null;
  last_page: string | null;
};

const toRow = (r: DbRow): ListRow => ({
  id: Number(r.id),
  identified: r.identified,
  customer: r.customer,
  properties: r.properties,
  propertyTypes: r.property_types,
  firstSeen: r.first_seen.toISOString(),
  lastSeen: r.last_seen.toISOString(),
  deviceGuid: r.device_guid,
  lastPage: r.last_page,
});
const cursorOf = (r: DbRow): Cursor => ({ key: r.sort_key, id: Number(r.id) });

/** A sort by a custom property without a declared index asks for one to be built (list-sort-indexes.ts); never waits. */
function askForSortIndex(state: ListState, db: Pick<pg.Pool, "connect">): void {
  if (typeof state.sort !== "string" || !state.sort.startsWith("p:")) return;
  const { TAPESTRY_INDEXED_PROPERTIES, TAPESTRY_SORT_INDEX_LIMIT } = env();
  const key = state.sort.slice(2);
  if (TAPESTRY_SORT_INDEX_LIMIT === 0 || TAPESTRY_INDEXED_PROPERTIES.includes(key)) return;
  requestSortIndex(db, key, TAPESTRY_SORT_INDEX_LIMIT).catch((error: unknown) =>
    logger().warn({ key, err: { message: (error as Error).message } }, "sort index request failed"),
  );
}

/** How many profiles a page reads along its order before it gives up and reads the matches as a set. */
export const WALK_ROWS = 10_000;
const INDEXED_SORTS: readonly string[] = ["last_seen", "first_seen", "id"];

/**
 * Whether a page should walk its order (list-sql.ts, `walk`) rather than read every match and sort them: a search or
 * behaviour conditions (the planner walks plain property filters by itself), in an order an index serves, that the
 * planner expects to match so many profiles that a walk of WALK_ROWS finds a page twice over (at a million profiles
 * and 50 rows: 10,200). At a million profiles: search "maria" 808 → 11 ms, Charged ≥ 2 in 30 days 150 → 21 ms.
 */
async function walkPays(db: Pick<pg.Pool, "query">, accountId: string, state: ListState): Promise<boolean> {
  if (!INDEXED_SORTS.includes(state.sort) || (!state.q && state.conditions.length === 0)) return false;
  const { rows } = await profileTableSize(db);
  const enough = Math.max(state.size + 1, Math.ceil((rows * (state.size + 1) * 2) / WALK_ROWS));
  return (await estimatedMatches(db, accountId, state, state.tab)) >= enough;
}

/** Reads one page. `db` defaults to the app's pool (the benchmark passes its own). */
export async function listProfiles(
  accountId: string,
  state: ListState,
  db: Pick<pg.Pool, "query" | "connect"> = dashboardPool(),
): Promise<ListPage> {
  askForSortIndex(state, db);
  const run = async (statement: { text: string; values: unknown[] }) =>
    (
      await db.query<DbRow>(statement.text, statement.values).catch((error: unknown) => {
        // The dashboard pool's statement timeout stopped it (an unindexed filter or sort over many profiles).
        if ((error as { code?: unknown }).code === "57014")
          throw new ListQueryError(
            "This view took too long to compute and was stopped: narrow it with a filter or a search, or sort by an indexed column.",
          );
        throw error;
      })
    ).rows;
  const statement = pageStatement(accountId, state);
  let rows: DbRow[] | null = null;
  // Many matches: walk the order first; a walk that fills no page was cut short (or the estimate was wrong), and
  // the set answers.
  if (await walkPays(db, accountId, state)) {
    const walked = await run(pageStatement(accountId, state, state.size + 1, state, undefined, WALK_ROWS));
    if (walked.length > state.size) rows = walked;
  }
  rows ??= await run(statement);
  const more = rows.length > state.size;
  const page = rows.slice(0, state.size);
  if (statement.backwards) page.reverse();
  const first = page[0];
  const last = page[page.length - 1];
  // Going forward: a previous page exists when we came from a cursor; a next one when the extra row came back.
  // Going backwards: the reverse.
  const hasNext = statement.backwards ? true : more;
  const hasPrev = statement.backwards ? more : state.after !== null;
  return {
    rows: page.map(toRow),
    next: hasNext && last ? encodeCursor(cursorOf(last)) : null,
    prev: hasPrev && first ? encodeCursor(cursorOf(first)) : null,
  };
}

/** Every row of the filter in keyset chunks (for the CSV export), without loading them all at once. */
export async function* listAllProfiles(
  accountId: string,
  state: ListState,
  chunk = 1000,
  db: Pick<pg.Pool, "query"> = dashboardPool(),
): AsyncGenerator<ListRow[]> {
  let after: Cursor | null = null;
  for (;;) {
    // The CSV names each row by its id: no device lookup; the last page only when it is a column.
    const details = { device: false, lastPage: state.cols.includes("last_page") };
    const statement = pageStatement(accountId, { ...state, size: chunk }, chunk, { after }, details);
    const { rows } = await db.query<DbRow>(statement.text, statement.values);
    if (rows.length === 0) return;
    yield rows.map(toRow);
    if (rows.length < chunk) return;
    after = cursorOf(rows[rows.length - 1]);
  }
}
