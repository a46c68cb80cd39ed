// The profile list's state as it lives in the URL (/profiles?tab=…&q=…&f=…&sort=…&dir=…&size=…&after=…), parsed
// with zod into a typed query. Everything the server later turns into SQL starts here: unknown values fall back to
// defaults (a shared link never breaks), hostile keys stay data (they become bind parameters, see list-sql.ts).
import { z } from "zod";
import { isKeyWithinLimit, MAX_KEY_BYTES } from "../profiles/limits";
import { unstorableText } from "../profiles/storable-text";
import { MAX_FILTERS, MAX_VALUE_LENGTH } from "./query-limits";
import { type Condition, conditionSchema } from "./query-schema";

export const TABS = ["all", "identified", "anonymous"] as const;
export type Tab = (typeof TABS)[number];

/** Filter operators. eq / true / false / set / notset work on any property; gt / lt / between on numbers and dates. */
export const FILTER_OPS = ["eq", "contains", "gt", "lt", "between", "set", "notset", "true", "false"] as const;
export type FilterOp = (typeof FILTER_OPS)[number];
export const OPS_WITHOUT_VALUE: readonly FilterOp[] = ["set", "notset", "true", "false"];

/** System fields a filter or sort may name besides properties (allowlist). Property keys never start with "$".
 * `$joined`: the profile an anonymous profile's device joined (anonymous profiles left behind by a sign-in are out of
 * the Anonymous tab unless a filter names this field). */
export const SYSTEM_FIELDS = { $last_seen: "last_seen", $first_seen: "first_seen", $id: "id", $joined: "joined_to_profile_id" } as const;
export type SystemField = keyof typeof SYSTEM_FIELDS;
export const isSystemField = (key: string): key is SystemField => Object.hasOwn(SYSTEM_FIELDS, key);

export const PAGE_SIZES = [25, 50, 100, 200] as const;
export const DEFAULT_PAGE_SIZE = 50;
export { MAX_FILTERS, MAX_VALUE_LENGTH } from "./query-limits";

/** Columns: the standard ones by name, any property as "p:<key>". */
export const STANDARD_COLUMNS = [
  "name",
  "email",
  "identity",
  "phone",
  "identified",
  "location",
  "last_page",
  "first_seen",
  "last_seen",
] as const;
export type StandardColumn = (typeof STANDARD_COLUMNS)[number];
/** The first column (the profile: its name, identity or device as the link, and its type) says who it is; these say
 * the rest, and say something for an anonymous visitor too (where, which page, when). */
export const DEFAULT_COLUMNS: readonly string[] = ["email", "identity", "phone", "location", "last_page", "last_seen"];

/** Text PostgreSQL can take as a parameter (no NUL, no lone surrogate): anything else could only fail the query. */
const storable = (text: string) => unstorableText(text) === null;
const key = z.string().trim().min(1).refine(isKeyWithinLimit, `at most ${MAX_KEY_BYTES} bytes`).refine(storable);
const value = z.string().max(MAX_VALUE_LENGTH).refine(storable);

export const filterSchema = z
  .object({ key, op: z.enum(FILTER_OPS), value: value.default(""), value2: value.default("") })
  .refine((f) => !f.key.startsWith("$") || isSystemField(f.key), { message: "unknown system field", path: ["key"] })
  .refine((f) => OPS_WITHOUT_VALUE.includes(f.op) || f.value.trim() !== "", { message: "this condition needs a value", path: ["value"] })
  .refine((f) => f.op !== "between" || f.value2.trim() !== "", { message: "between needs two values", path: ["value2"] });
export type Filter = z.infer<typeof filterSchema>;

export const sortSchema = z.union([
  z.enum(["last_seen", "first_seen", "id"]),
  z
    .string()
    .regex(/^p:/)
    .refine((s) => s.length > 2 && isKeyWithinLimit(s.slice(2)) && storable(s)),
]);
export type Sort = z.infer<typeof sortSchema>;

export type Cursor = { key: string; id: number };

export type ListState = {
  tab: Tab;
  q: string;
  filters: Filter[];
  /** Conditions of the query engine beyond property filters: behaviour, purchases, profile type, Age… (`c` parameters) */
  conditions: Condition[];
  sort: Sort;
  dir: "asc" | "desc";
  size: number;
  /** Keyset position: rows after (next page) or before (previous page) this one. */
  after: Cursor | null;
  before: Cursor | null;
  /** 1-based page number, for display only (keyset paging does not need it). */
  page: number;
  cols: string[];
};

export const DEFAULT_STATE: ListState = {
  tab: "all",
  q: "",
  filters: [],
  conditions: [],
  sort: "last_seen",
  dir: "desc",
  size: DEFAULT_PAGE_SIZE,
  after: null,
  before: null,
  page: 1,
  cols: [...DEFAULT_COLUMNS],
};

// base64url of UTF-8, without Buffer: this module also runs in the browser (the table builds its links with it).
const toBase64Url = (text: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
const fromBase64Url = (text: string) =>
  new TextDecoder("utf-8", { fatal: true }).decode(
    Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0)),
  );

/** Opaque cursor: base64url of [sortKeyText, id]. */
export function encodeCursor(cursor: Cursor): string {
  return toBase64Url(JSON.stringify([cursor.key, cursor.id]));
}

const cursorTuple = z.tuple([z.string().max(4096).refine(storable), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)]);
/** The sort value of a cursor must read as the sort's SQL type (it is cast there): a timestamp, a bigint or JSON. */
const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;
function fitsSort(key: string, sort: Sort): boolean {
  if (sort === "last_seen" || sort === "first_seen") return TIMESTAMP_TEXT.test(key);
  if (sort === "id") return /^\d{1,15}$/.test(key);
  try {
    JSON.parse(key);
    return !/\\u(0000|d[89a-f])/i.test(key); // jsonb refuses the escapes of NUL and of lone surrogates
  } catch {
    return false;
  }
}

export function decodeCursor(text: string | undefined | null, sort?: Sort): Cursor | null {
  if (!text || text.length > 6000) return null;
  try {
    const parsed = cursorTuple.safeParse(JSON.parse(fromBase64Url(text)));
    if (!parsed.success || (sort !== undefined && !fitsSort(parsed.data[0], sort))) return null;
    return { key: parsed.data[0], id: parsed.data[1] };
  } catch {
    return null;
  }
}

export type SearchParams = Record<string, string | string[] | undefined>;
const all = (params: SearchParams, name: string): string[] => {
  const v = params[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
};
const first = (params: SearchParams, name: string): string | undefined => all(params, name)[0];

/** A filter in the URL is one `f` parameter holding a JSON array [key, op, value, value2?]. */
export function parseFilterParam(text: string): Filter | null {
  try {
    const raw = JSON.parse(text) as unknown;
    if (!Array.isArray(raw)) return null;
    const parsed = filterSchema.safeParse({ key: raw[0], op: raw[1], value: raw[2] ?? "", value2: raw[3] ?? "" });
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
export const filterParam = (f: Filter): string =>
  JSON.stringify(
    f.op === "between" ? [f.key, f.op, f.value, f.value2] : OPS_WITHOUT_VALUE.includes(f.op) ? [f.key, f.op] : [f.key, f.op, f.value],
  );

// Built once: constructing zod schemas per request would cost more than parsing with them.
const tabParam = z.enum(TABS).catch("all");
const qParam = z.string().trim().max(200).refine(storable).catch("");
const sortParam = sortSchema.catch("last_seen");
const dirParam = z.enum(["asc", "desc"]).catch("desc");
const sizeParam = z.coerce
  .number()
  .pipe(z.union(PAGE_SIZES.map((n) => z.literal(n))))
  .catch(DEFAULT_PAGE_SIZE);
const pageParam = z.coerce.number().int().min(1).max(10_000_000).catch(1);
const isColumn = (c: string) =>
  (STANDARD_COLUMNS as readonly string[]).includes(c) || (c.startsWith("p:") && c.length > 2 && isKeyWithinLimit(c.slice(2)));

/** A condition in the URL is one `c` parameter holding its JSON (checked by the query engine's schema). */
export function parseConditionParam(text: string): Condition | null {
  if (text.length > 4000) return null;
  try {
    const parsed = conditionSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Parses Next's searchParams (or URLSearchParams turned into a record). Invalid parts fall back to defaults. */
export function parseListState(params: SearchParams): ListState {
  return parseListStateWithNotes(params).state;
}

/** parseListState, plus a note for each part of the URL that was not understood and fell back to its default
 * (the page shows them, so a mangled link is visibly not the view it meant). */
export function parseListStateWithNotes(params: SearchParams): { state: ListState; notes: string[] } {
  const notes: string[] = [];
  const tab = tabParam.parse(first(params, "tab"));
  const q = qParam.parse(first(params, "q") ?? "");
  const filterParams = all(params, "f");
  const filters = filterParams
    .map(parseFilterParam)
    .filter((f): f is Filter => f !== null)
    .slice(0, MAX_FILTERS);
  if (filters.length < Math.min(filterParams.length, MAX_FILTERS)) notes.push("A filter in the link was not understood and was left out.");
  const conditionParams = all(params, "c");
  const conditions = conditionParams
    .map(parseConditionParam)
    .filter((c): c is Condition => c !== null)
    .slice(0, MAX_FILTERS);
  if (conditions.length < Math.min(conditionParams.length, MAX_FILTERS))
    notes.push("A condition in the link was not understood and was left out.");
  const sortText = first(params, "sort");
  const sort = sortParam.parse(sortText ?? "last_seen");
  if (sortText !== undefined && sort !== sortText) notes.push("The sort in the link was not understood: sorted by last seen.");
  const dir = dirParam.parse(first(params, "dir"));
  const size = sizeParam.parse(first(params, "size") ?? DEFAULT_PAGE_SIZE);
  const after = decodeCursor(first(params, "after"), sort);
  const before = after ? null : decodeCursor(first(params, "before"), sort);
  if ((first(params, "after") || first(params, "before")) && !after && !before)
    notes.push("The page position in the link was not understood: showing the first page.");
  const page = after || before ? pageParam.parse(first(params, "page") ?? 1) : 1;
  const colParams = all(params, "col")
    .map((c) => c.trim())
    .filter(isColumn);
  const cols = colParams.length > 0 ? [...new Set(colParams)].slice(0, 30) : [...DEFAULT_COLUMNS];
  return { state: { tab, q, filters, conditions, sort, dir, size, after, before, page, cols }, notes };
}

/** The URL query for a state (defaults omitted), so a view can be shared and bookmarked. */
export function listStateToQuery(state: ListState): string {
  const out = new URLSearchParams();
  if (state.tab !== "all") out.set("tab", state.tab);
  if (state.q) out.set("q", state.q);
  for (const f of state.filters) out.append("f", filterParam(f));
  for (const c of state.conditions) out.append("c", JSON.stringify(c));
  if (state.sort !== "last_seen") out.set("sort", state.sort);
  if (state.dir !== "desc") out.set("dir", state.dir);
  if (state.size !== DEFAULT_PAGE_SIZE) out.set("size", String(state.size));
  if (state.after) out.set("after", encodeCursor(state.after));
  if (state.before) out.set("before", encodeCursor(state.before));
  if ((state.after || state.before) && state.page > 1) out.set("page", String(state.page));
  const defaultCols = state.cols.length === DEFAULT_COLUMNS.length && state.cols.every((c, i) => c === DEFAULT_COLUMNS[i]);
  if (!defaultCols) for (const c of state.cols) out.append("col", c);
  return out.toString();
}

/** The same view from the first page (used whenever filters, search, sort or size change). */
export const firstPage = (state: ListState): ListState => ({ ...state, after: null, before: null, page: 1 });

/** URLSearchParams → the record parseListState takes (repeated keys such as `f` and `col` kept). */
export const searchParamsRecord = (params: URLSearchParams): SearchParams =>
  Object.fromEntries([...new Set(params.keys())].map((k) => [k, params.getAll(k)]));
