// Property filters of the profile list (equals, contains, greater / less than, between, set / not set, true / false)
// compiled to SQL over profile p. The query engine (query-sql.ts) compiles every "property" condition through here, so
// the list's filters and segments' property conditions are one rule. Keys and values are always bind parameters.
import { parseCalendarDate, parseIsoDate } from "../profiles/dates";
import { identityMatchValue } from "../profiles/identity-claims";
import { IDENTITY_KINDS, type IdentityKind } from "../profiles/types";
import { type Filter, isSystemField, SYSTEM_FIELDS } from "./list-state";

export type Statement = { text: string; values: unknown[] };

export class ListQueryError extends Error {}

export class Params {
  values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Escapes LIKE's wildcards so user text matches literally ("50%_off" finds "50%_off", not "50 anything"). */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A number, or a date (parseIsoDate: "2024-05-01" or an ISO date-time, UTC unless zoned) → epoch seconds; null when
 * neither. `endOfDay`: a plain date means its last second (for "after" and the end of "between"). */
export function toEpochSeconds(text: string, endOfDay = false): number | null {
  const t = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  const day = parseCalendarDate(t);
  if (day !== null) return day + (endOfDay ? 86399 : 0);
  return parseIsoDate(t);
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
  if (column === "joined_to_profile_id") {
    if (filter.op === "set") return "p.joined_to_profile_id IS NOT NULL";
    if (filter.op === "notset") return "p.joined_to_profile_id IS NULL";
    const id = Math.trunc(numberOrDate(filter, filter.value));
    if (filter.op === "eq" && Number.isSafeInteger(id)) return `p.joined_to_profile_id = ${params.add(id)}::bigint`;
    throw new ListQueryError(`'${filter.key}' supports is set, is not set and equals (a profile id)`);
  }
  if (filter.op === "set" || filter.op === "notset") throw new ListQueryError(`'${filter.key}' is always set`);
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

/**
 * `properties @> value` through the GIN index. The index expression copies the whole document to drop six keys
 * (≈ 3 µs a row), so the plain containment comes first: a row-by-row read (a sample, a join's recheck) rejects most
 * rows with it, about 5× faster, and only matches pay the copy. The two agree on every value without those keys.
 */
const ginContains = (json: string, prefilter = true) =>
  prefilter
    ? `(p.properties @> ${json}::jsonb AND ${GIN_INDEXED_PROPERTIES} @> ${json}::jsonb)`
    : `${GIN_INDEXED_PROPERTIES} @> ${json}::jsonb`;

/** Narrows an equality filter on a key with an index of its own to that index's candidates. */
function ownIndexSql(filter: Filter, account: string, params: Params): string {
  if (IDENTITY_KEYS.includes(filter.key)) {
    const value = params.add(identityMatchValue(filter.key as IdentityKind, filter.value));
    const kind = params.add(filter.key);
    return (
      "p.id IN (SELECT i.profile_id FROM profile_identity i " +
      `WHERE i.account_id = ${account} AND i.value = ${value} AND i.kind = ${kind})`
    );
  }
  if (filter.key === "Name") return `lower(p.properties ->> 'Name') = lower(${params.add(filter.value)})`;
  return `(p.properties ->> 'Phone') = ${params.add(filter.value)}`;
}

/** `estimate`: for the planner's estimate only (list-estimate.ts), without the plain containment before the GIN
 * expression: the planner knows the expression's selectivity from its index, and would multiply in a guess for the
 * plain test (City = Lisbon: 3,570 profiles expected instead of 50,484, for 44,854). */
export function propertyFilterSql(filter: Filter, account: string, params: Params, estimate = false): string {
  if (isSystemField(filter.key)) return systemFilterSql(filter, SYSTEM_FIELDS[filter.key], params);
  const k = () => params.add(filter.key);
  const numeric = (key: string) => `CASE WHEN jsonb_typeof(p.properties -> ${key}) = 'number' THEN (p.properties -> ${key})::numeric END`;
  const ownIndex = OWN_INDEX_KEYS.includes(filter.key);
  switch (filter.op) {
    case "eq": {
      const candidates = equalityCandidates(filter.key, filter.value).map((json) =>
        ownIndex ? `p.properties @> ${params.add(json)}::jsonb` : ginContains(params.add(json), !estimate),
      );
      const match = candidates.length === 1 ? candidates[0] : `(${candidates.join(" OR ")})`;
      return ownIndex ? `${ownIndexSql(filter, account, params)} AND ${match}` : match;
    }
    case "true":
    case "false":
      // Those keys only ever hold text (see system-properties): no profile matches, and no index is needed to say so.
      if (ownIndex) return "FALSE";
      return ginContains(params.add(JSON.stringify({ [filter.key]: filter.op === "true" })), !estimate);
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
