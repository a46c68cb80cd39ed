// Builds the profile list's SQL from a parsed ListState: ONE parameterised statement per question. Property keys,
// values, search text and cursors are always bind parameters; only allowlisted fragments (system columns, operators,
// sort direction) are written into the text. Pure: no database access, unit-tested in list-sql.test.ts.
import { identityMatchValue } from "../profiles/identity-claims";
import { IDENTITY_KINDS, type IdentityKind } from "../profiles/types";
import { type Cursor, type Filter, isSystemField, type ListState, type Sort, SYSTEM_FIELDS, type Tab } from "./list-state";

export type Statement = { text: string; values: unknown[] };

export class ListQueryError extends Error {}

class Params {
  values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Escapes LIKE's wildcards so user text matches literally ("50%_off" finds "50%_off", not "50 anything"). */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A date ("2024-05-01" or ISO date-time, read as UTC) or a number → epoch seconds; null when neither. */
export function toEpochSeconds(text: string, endOfDay = false): number | null {
  const t = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(t);
  if (!dateOnly && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/.test(t)) return null;
  const ms = Date.parse(dateOnly ? `${t}T00:00:00Z` : /Z|[+-]\d{2}:\d{2}$/.test(t) ? t : `${t}Z`);
  if (Number.isNaN(ms)) return null;
  return Math.floor(ms / 1000) + (dateOnly && endOfDay ? 86399 : 0);
}

const isoUtc = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 23);

/** JSON values an "equals" filter may mean: always the text; also the number / boolean it spells. */
function equalityCandidates(key: string, text: string): string[] {
  const out = [JSON.stringify({ [key]: text })];
  const t = text.trim();
  if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(t) && Number.isFinite(Number(t))) out.push(JSON.stringify({ [key]: Number(t) }));
  if (t === "true" || t === "false") out.push(JSON.stringify({ [key]: t === "true" }));
  const seconds = /^\d{4}-\d{2}-\d{2}/.test(t) ? toEpochSeconds(t) : null;
  if (seconds !== null) out.push(JSON.stringify({ [key]: seconds }));
  return out;
}

function numberOrDate(filter: Filter, text: string, endOfDay = false): number {
  const n = toEpochSeconds(text, endOfDay);
  if (n === null || !Number.isFinite(n))
    throw new ListQueryError(`'${filter.key}': "${text.slice(0, 40)}" is not a number or a date (YYYY-MM-DD)`);
  return n;
}

/** Times PostgreSQL and JavaScript can both hold (years 1–9999), in epoch seconds. */
const MIN_EPOCH_SECONDS = -62135596800;
const MAX_EPOCH_SECONDS = 253402300799;

function systemFilterSql(filter: Filter, column: string, params: Params): string {
  const at = (text: string, endOfDay = false) => {
    const n = numberOrDate(filter, text, endOfDay);
    if (column === "id") {
      if (!Number.isSafeInteger(Math.trunc(n))) throw new ListQueryError(`'${filter.key}': "${text.slice(0, 40)}" is not a profile id`);
      return `${params.add(Math.trunc(n))}::bigint`;
    }
    if (n < MIN_EPOCH_SECONDS || n > MAX_EPOCH_SECONDS)
      throw new ListQueryError(`'${filter.key}': "${text.slice(0, 40)}" is outside the dates this list knows (years 1 to 9999)`);
    return `${params.add(isoUtc(n))}::timestamp`;
  };
  switch (filter.op) {
    case "gt":
      return `p.${column} > ${at(filter.value, true)}`;
    case "lt":
      return `p.${column} < ${at(filter.value)}`;
    case "between":
      return `p.${column} BETWEEN ${at(filter.value)} AND ${at(filter.value2, true)}`;
    case "eq":
      if (column === "id") return `p.id = ${at(filter.value)}`;
      return `p.${column} BETWEEN ${at(filter.value)} AND ${at(filter.value, true)}`;
    default:
      throw new ListQueryError(`'${filter.key}' supports equals, greater than, less than and between`);
  }
}

/**
 * The GIN index on properties leaves out the keys with an index of their own (migration 20261129100000): one value
 * per person, each a new key of the GIN index and the dearest part of a profile's insert. An equality filter on one
 * of them goes through its own index — the identity key (Identity, Email, FBID, GPID: the engine gives every such
 * property value an identity row), the name and the phone prefix indexes; on any other key through the GIN index,
 * whose expression the filter repeats exactly (keep it in step with the migration).
 */
const IDENTITY_KEYS: readonly string[] = IDENTITY_KINDS;
const OWN_INDEX_KEYS: readonly string[] = [...IDENTITY_KEYS, "Name", "Phone"];
export const GIN_INDEXED_PROPERTIES = "(p.properties - '{Identity,Email,FBID,GPID,Name,Phone}'::text[])";

/** Narrows an equality filter on a key with an index of its own to that index's candidates. */
function ownIndexSql(filter: Filter, account: string, params: Params): string {
  if (IDENTITY_KEYS.includes(filter.key)) {
    const value = params.add(identityMatchValue(filter.key as IdentityKind, filter.value));
    return `p.id IN (SELECT i.profile_id FROM profile_identity i WHERE i.account_id = ${account} AND i.value = ${value} AND i.kind = ${params.add(filter.key)})`;
  }
  if (filter.key === "Name") return `lower(p.properties ->> 'Name') = lower(${params.add(filter.value)})`;
  return `(p.properties ->> 'Phone') = ${params.add(filter.value)}`;
}

function filterSql(filter: Filter, account: string, params: Params): string {
  if (isSystemField(filter.key)) return systemFilterSql(filter, SYSTEM_FIELDS[filter.key], params);
  const k = () => params.add(filter.key);
  const numeric = (key: string) => `CASE WHEN jsonb_typeof(p.properties -> ${key}) = 'number' THEN (p.properties -> ${key})::numeric END`;
  const ownIndex = OWN_INDEX_KEYS.includes(filter.key);
  switch (filter.op) {
    case "eq": {
      const target = ownIndex ? "p.properties" : GIN_INDEXED_PROPERTIES;
      const candidates = equalityCandidates(filter.key, filter.value).map((json) => `${target} @> ${params.add(json)}::jsonb`);
      const match = candidates.length === 1 ? candidates[0] : `(${candidates.join(" OR ")})`;
      return ownIndex ? `${ownIndexSql(filter, account, params)} AND ${match}` : match;
    }
    case "true":
    case "false":
      // Those keys only ever hold text (see system-properties): no profile matches, and no index is needed to say so.
      if (ownIndex) return "FALSE";
      return `${GIN_INDEXED_PROPERTIES} @> ${params.add(JSON.stringify({ [filter.key]: filter.op === "true" }))}::jsonb`;
    case "contains":
      return `(p.properties ->> ${k()}) ILIKE ${params.add(`%${escapeLike(filter.value.trim())}%`)}`;
    case "set":
      return `p.properties ? ${k()}`;
    case "notset":
      return `NOT (p.properties ? ${k()})`;
    case "gt": {
      const key = k();
      return `${numeric(key)} > ${params.add(numberOrDate(filter, filter.value, true))}::numeric`;
    }
    case "lt": {
      const key = k();
      return `${numeric(key)} < ${params.add(numberOrDate(filter, filter.value))}::numeric`;
    }
    case "between": {
      const key = k();
      const low = numberOrDate(filter, filter.value);
      const high = numberOrDate(filter, filter.value2, true);
      return `${numeric(key)} BETWEEN ${params.add(Math.min(low, high))}::numeric AND ${params.add(Math.max(low, high))}::numeric`;
    }
  }
}

/** Search: a prefix of the name (any case), Identity, Email, phone or device guid, each through its own index
 * (COLLATE "C" matches the name and phone prefix indexes and the identity and device keys, whatever the database's locale). */
function searchSql(q: string, accountParam: string, params: Params): string {
  const asTyped = params.add(`${escapeLike(q)}%`);
  const lower = q.toLowerCase() === q ? asTyped : params.add(`${escapeLike(q.toLowerCase())}%`);
  const branches = [
    `SELECT i.profile_id FROM profile_identity i WHERE i.account_id = ${accountParam} AND i.value COLLATE "C" LIKE ${asTyped}`,
    `SELECT n.id FROM profile n WHERE n.account_id = ${accountParam} AND lower(n.properties ->> 'Name') LIKE ${lower}`,
  ];
  if (lower !== asTyped)
    branches.push(`SELECT i.profile_id FROM profile_identity i WHERE i.account_id = ${accountParam} AND i.value COLLATE "C" LIKE ${lower}`);
  if (/^[0-9a-fA-F-]{4,}$/.test(q))
    branches.push(`SELECT d.profile_id FROM device d WHERE d.account_id = ${accountParam} AND d.guid COLLATE "C" LIKE ${asTyped}`);
  const phone = q.replace(/[\s\-().]/g, "");
  if (/^\+?\d{3,}$/.test(phone)) {
    const pattern = params.add(`${phone.startsWith("+") ? "" : "+"}${escapeLike(phone.replace(/^\+/, ""))}%`);
    branches.push(`SELECT ph.id FROM profile ph WHERE ph.account_id = ${accountParam} AND (ph.properties ->> 'Phone') LIKE ${pattern}`);
  }
  return `p.id IN (${branches.join(" UNION ALL ")})`;
}

export type SortSql = { expr: string; cast: string };
/** The ORDER BY expression for a sort (system columns allowlisted; a property sorts as jsonb, missing = lowest). */
export function sortSql(sort: Sort, params: Params): SortSql {
  if (sort === "last_seen" || sort === "first_seen") return { expr: `p.${sort}`, cast: "timestamp" };
  if (sort === "id") return { expr: "p.id", cast: "bigint" };
  return { expr: `COALESCE(p.properties -> ${params.add(sort.slice(2))}, 'null'::jsonb)`, cast: "jsonb" };
}

/** WHERE clauses shared by the page, the counts and the export. */
function whereSql(accountId: string, state: Pick<ListState, "q" | "filters">, tab: Tab, params: Params): string[] {
  const account = params.add(accountId);
  const where = [`p.account_id = ${account}`];
  if (tab === "identified") where.push("p.identified");
  if (tab === "anonymous") where.push("NOT p.identified");
  if (state.q) where.push(searchSql(state.q, account, params));
  for (const filter of state.filters) where.push(filterSql(filter, account, params));
  return where;
}

export const PAGE_COLUMNS = "p.id, p.identified, p.properties, p.property_types, p.first_seen, p.last_seen";

/**
 * One page: keyset on (sort value, id). `after` continues in the sort direction; `before` reads backwards (the
 * caller reverses the rows). One extra row tells whether there is a further page.
 */
export function pageStatement(
  accountId: string,
  state: ListState,
  limit = state.size + 1,
  cursor: { after?: Cursor | null; before?: Cursor | null } = state,
): Statement & { backwards: boolean } {
  const params = new Params();
  const where = whereSql(accountId, state, state.tab, params);
  const sort = sortSql(state.sort, params);
  const backwards = !cursor.after && !!cursor.before;
  const position = cursor.after ?? cursor.before ?? null;
  const descending = (state.dir === "desc") !== backwards;
  if (position) {
    const op = descending ? "<" : ">";
    where.push(`(${sort.expr}, p.id) ${op} (${params.add(position.key)}::${sort.cast}, ${params.add(position.id)}::bigint)`);
  }
  const order = descending ? "DESC" : "ASC";
  const text = `SELECT ${PAGE_COLUMNS}, (${sort.expr})::text AS sort_key FROM profile p WHERE ${where.join(" AND ")} ORDER BY ${sort.expr} ${order}, p.id ${order} LIMIT ${params.add(limit)}`;
  return { text, values: params.values, backwards };
}

/** Exact count up to `cap` rows (cheap: stops there); the caller estimates beyond it. */
export function cappedCountStatement(accountId: string, state: Pick<ListState, "q" | "filters">, tab: Tab, cap: number): Statement {
  const params = new Params();
  const where = whereSql(accountId, state, tab, params);
  return {
    text: `SELECT count(*)::int AS n FROM (SELECT 1 FROM profile p WHERE ${where.join(" AND ")} LIMIT ${params.add(cap + 1)}) s`,
    values: params.values,
  };
}

/** The planner's row estimate for the same filter (EXPLAIN, no execution). */
export function estimateStatement(accountId: string, state: Pick<ListState, "q" | "filters">, tab: Tab): Statement {
  const params = new Params();
  const where = whereSql(accountId, state, tab, params);
  return { text: `EXPLAIN (FORMAT JSON) SELECT 1 FROM profile p WHERE ${where.join(" AND ")}`, values: params.values };
}
