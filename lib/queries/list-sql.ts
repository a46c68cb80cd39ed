// Builds the profile list's SQL from a parsed ListState: ONE parameterised statement per question. Property keys,
// values, search text and cursors are always bind parameters; only allowlisted fragments (system columns, operators,
// sort direction) are written into the text. Pure: no database access, unit-tested in list-sql.test.ts.
import type { Cursor, ListState, Sort, Tab } from "./list-state";
import { escapeLike, Params, type Statement } from "./query-property";
import { type Condition, PAGE_VIEW_EVENT } from "./query-schema";
import { type CompileContext, compileCondition } from "./query-sql";

export { escapeLike, GIN_INDEXED_PROPERTIES, ListQueryError, type Statement, toEpochSeconds } from "./query-property";

/** The search's LIKE patterns: as typed and lower-cased (the name index is lower-case), and a phone number's. */
function searchPatterns(q: string, params: Params) {
  const asTyped = params.add(`${escapeLike(q)}%`);
  const lower = q.toLowerCase() === q ? asTyped : params.add(`${escapeLike(q.toLowerCase())}%`);
  const phone = q.replace(/[\s\-().]/g, "");
  return {
    asTyped,
    lower,
    /** the distinct patterns an identity value may match */
    identities: lower === asTyped ? [asTyped] : [asTyped, lower],
    guid: /^[0-9a-fA-F-]{4,}$/.test(q),
    /** a phone number's pattern (to add as a parameter where used) */
    phone: /^\+?\d{3,}$/.test(phone) ? `${phone.startsWith("+") ? "" : "+"}${escapeLike(phone.replace(/^\+/, ""))}%` : null,
  };
}

/**
 * Search: a prefix of the name (any case), Identity, Email, phone or device guid. As a set (`perRow` false), each
 * through its own index (COLLATE "C" matches the name and phone prefix indexes and the identity and device keys,
 * whatever the database's locale): cheap while few profiles match. `perRow` asks the same of one profile at a time
 * (its identities and devices by their profile_id index; OFFSET 0 keeps the planner from hashing every match
 * instead), for reading along an order or over a sample when a prefix such as "maria" matches tens of thousands.
 */
function searchSql(q: string, accountParam: string, params: Params, perRow = false): string {
  const { asTyped, lower, identities, guid, phone: phonePattern } = searchPatterns(q, params);
  const phone = phonePattern === null ? null : params.add(phonePattern);
  if (perRow) {
    const identity = identities.map((pattern) => `i.value COLLATE "C" LIKE ${pattern}`).join(" OR ");
    const tests = [`lower(p.properties ->> 'Name') LIKE ${lower}`];
    if (phone) tests.push(`(p.properties ->> 'Phone') LIKE ${phone}`);
    tests.push(`EXISTS (SELECT 1 FROM profile_identity i WHERE i.profile_id = p.id AND (${identity}) OFFSET 0)`);
    if (guid) tests.push(`EXISTS (SELECT 1 FROM device d WHERE d.profile_id = p.id AND d.guid COLLATE "C" LIKE ${asTyped} OFFSET 0)`);
    return `(${tests.join(" OR ")})`;
  }
  const branches = [
    ...identities.map(
      (pattern) =>
        `SELECT i.profile_id FROM profile_identity i WHERE i.account_id = ${accountParam} AND i.value COLLATE "C" LIKE ${pattern}`,
    ),
    `SELECT n.id FROM profile n WHERE n.account_id = ${accountParam} AND lower(n.properties ->> 'Name') LIKE ${lower}`,
  ];
  if (guid) branches.push(`SELECT d.profile_id FROM device d WHERE d.account_id = ${accountParam} AND d.guid COLLATE "C" LIKE ${asTyped}`);
  if (phone)
    branches.push(`SELECT ph.id FROM profile ph WHERE ph.account_id = ${accountParam} AND (ph.properties ->> 'Phone') LIKE ${phone}`);
  return `p.id IN (${branches.join(" UNION ALL ")})`;
}

/** Asks the planner how many profiles a view's filters match (list-estimate.ts). */
export function matchEstimateStatement(accountId: string, state: WhereState, tab: Tab): Statement {
  const params = new Params();
  const where = whereSql(accountId, state, tab, params, { estimate: true });
  return { text: `EXPLAIN (FORMAT JSON) SELECT FROM profile p WHERE ${where.join(" AND ")}`, values: params.values };
}

export type SortSql = { expr: string; cast: string };
/** The ORDER BY expression for a sort (system columns allowlisted; a property sorts as jsonb, missing = lowest). */
export function sortSql(sort: Sort, params: Params): SortSql {
  if (sort === "last_seen" || sort === "first_seen") return { expr: `p.${sort}`, cast: "timestamp" };
  if (sort === "id") return { expr: "p.id", cast: "bigint" };
  return { expr: `COALESCE(p.properties -> ${params.add(sort.slice(2))}, 'null'::jsonb)`, cast: "jsonb" };
}

export type WhereState = Pick<ListState, "q" | "filters"> & { conditions?: readonly Condition[] };

type Shape = { search?: boolean; conditions?: boolean; estimate?: boolean };

/** WHERE clauses shared by the page, the counts and the export: property filters and conditions through the query
 * engine. `shape` tests the search or the conditions one profile at a time (see searchSql and CompileContext), or
 * writes them for the planner's estimate only (propertyFilterSql). */
function whereSql(accountId: string, state: WhereState, tab: Tab, params: Params, shape: Shape = {}, now = new Date()): string[] {
  const account = params.add(accountId);
  const ctx: CompileContext = { params, account, now, perRow: shape.conditions, estimate: shape.estimate };
  const where = [`p.account_id = ${account}`];
  if (tab === "identified") where.push("p.identified");
  // The anonymous profiles left behind when their device joined a known user belong to that user: out of the
  // Anonymous tab, unless a filter asks for them ($joined).
  if (tab === "anonymous") where.push("NOT p.identified");
  if (tab === "anonymous" && !state.filters.some((f) => f.key === "$joined")) where.push("p.joined_to_profile_id IS NULL");
  if (state.q) where.push(searchSql(state.q, account, params, shape.search));
  for (const filter of state.filters) where.push(compileCondition({ kind: "property", filter }, ctx));
  for (const condition of state.conditions ?? []) where.push(compileCondition(condition, ctx));
  return where;
}

export const PAGE_COLUMNS = "p.id, p.identified, p.properties, p.property_types, p.first_seen, p.last_seen";

/** How many of a profile's newest events the list reads to find its last page view: the (profile, time) index serves
 * it, and a profile with thousands of other events since costs no more than this (its last page then shows blank). */
export const LAST_PAGE_LOOKBACK = 200;

/** What a shown row carries besides the profile: `device`, an anonymous profile's most recently seen device (its
 * link text); `lastPage`, the URL of its last page view. Looked up for the page's rows only, after the LIMIT. */
export type RowDetails = { device: boolean; lastPage: boolean };

/**
 * One page: keyset on (sort value, id). `after` continues in the sort direction; `before` reads backwards (the
 * caller reverses the rows). One extra row tells whether there is a further page.
 */
export function pageStatement(
  accountId: string,
  state: ListState,
  limit = state.size + 1,
  cursor: { after?: Cursor | null; before?: Cursor | null } = state,
  details: RowDetails = { device: true, lastPage: state.cols.includes("last_page") },
  walk?: number,
): Statement & { backwards: boolean } {
  const params = new Params();
  const where = whereSql(accountId, state, state.tab, params, walk === undefined ? {} : { search: true, conditions: true });
  const sort = sortSql(state.sort, params);
  const backwards = !cursor.after && !!cursor.before;
  const position = cursor.after ?? cursor.before ?? null;
  const descending = (state.dir === "desc") !== backwards;
  const order = descending ? "DESC" : "ASC";
  const orderBy = `ORDER BY ${sort.expr} ${order}, p.id ${order}`;
  const keyset = position
    ? [`(${sort.expr}, p.id) ${descending ? "<" : ">"} (${params.add(position.key)}::${sort.cast}, ${params.add(position.id)}::bigint)`]
    : [];
  // A walk reads the account's next `walk` profiles in the page's order (its index) and keeps those that pass, one
  // at a time: the caller asks for it when the filters match so many that reading them all to sort them costs more.
  const from =
    walk === undefined
      ? "profile p"
      : `(SELECT * FROM profile p WHERE ${[where[0], ...keyset].join(" AND ")} ${orderBy} LIMIT ${params.add(walk)}) p`;
  const page =
    `SELECT ${PAGE_COLUMNS}, (${sort.expr})::text AS sort_key, ${sort.expr} AS sort_value FROM ${from} ` +
    `WHERE ${[...where, ...keyset].join(" AND ")} ${orderBy} LIMIT ${params.add(limit)}`;
  // What each shown row carries besides the profile is read outside the keyset statement, for its (at most limit)
  // rows, one index probe each: inside it, the planner may cost a probe for every candidate row and hash a whole
  // table instead (an EXISTS on event hashed every Charged event for a 50-row page).
  // Customer (CleverTap's profile type): has a Charged event — one probe of the purchase totals per row shown.
  const customer = "coalesce((SELECT true FROM profile_purchase c WHERE c.profile_id = page.id), false)";
  const device = details.device
    ? "(SELECT d.guid FROM device d WHERE d.profile_id = page.id AND NOT page.identified ORDER BY d.last_seen DESC, d.id DESC LIMIT 1)"
    : "NULL::text";
  const lastPage = details.lastPage
    ? `(SELECT e.properties ->> 'URL' FROM (SELECT e.name, e.properties FROM event e WHERE e.profile_id = page.id ` +
      `ORDER BY e.ts DESC, e.id DESC LIMIT ${LAST_PAGE_LOOKBACK}) e WHERE e.name = ${params.add(PAGE_VIEW_EVENT)} LIMIT 1)`
    : "NULL::text";
  const text =
    `SELECT page.id, page.identified, page.properties, page.property_types, page.first_seen, page.last_seen, ${customer} AS customer, ` +
    `page.sort_key, ${device} AS device_guid, ${lastPage} AS last_page FROM (${page}) page ` +
    `ORDER BY page.sort_value ${order}, page.id ${order}`;
  return { text, values: params.values, backwards };
}

/**
 * The three tabs' counts in one pass over the filter's profiles: exactly, stopping after `cap` + 1 rows (the caller
 * knows then that there are more), or over a sample of the table's pages (TABLESAMPLE SYSTEM, the same pages every
 * time: REPEATABLE) for the caller to scale. Anonymous as on its tab: without joined profiles unless a filter names them.
 */
export function tabCountsStatement(
  accountId: string,
  state: WhereState,
  how: { cap: number } | { samplePercent: number; perRowSearch?: boolean },
): Statement {
  const params = new Params();
  const sample = "samplePercent" in how ? ` TABLESAMPLE SYSTEM (${params.add(how.samplePercent)}::float4) REPEATABLE (0)` : "";
  const where = whereSql(accountId, state, "all", params, { search: "samplePercent" in how && how.perRowSearch === true });
  const limit = "cap" in how ? ` LIMIT ${params.add(how.cap + 1)}` : "";
  const joined = state.filters.some((f) => f.key === "$joined") ? "" : " AND t.joined_to_profile_id IS NULL";
  return {
    text:
      `SELECT count(*)::int AS "all", count(*) FILTER (WHERE t.identified)::int AS identified, ` +
      `count(*) FILTER (WHERE NOT t.identified${joined})::int AS anonymous ` +
      `FROM (SELECT p.identified, p.joined_to_profile_id FROM profile p${sample} WHERE ${where.join(" AND ")}${limit}) t`,
    values: params.values,
  };
}
