// The list's columns: labels, sort keys and how a cell reads, shared by the table (browser) and the CSV export.
// Pure: no database access here (see list-property-keys.ts).
import { CONSENT_KEYS } from "../profiles/system-properties";
import type { ListRow } from "./list-profiles";
import type { Sort, StandardColumn } from "./list-state";

const STANDARD: Record<StandardColumn, { label: string; sort: Sort | null }> = {
  name: { label: "Name", sort: "p:Name" },
  email: { label: "Email", sort: "p:Email" },
  identity: { label: "Identity", sort: "p:Identity" },
  phone: { label: "Phone", sort: "p:Phone" },
  identified: { label: "Identified", sort: null },
  first_seen: { label: "First seen", sort: "first_seen" },
  last_seen: { label: "Last seen", sort: "last_seen" },
};
const PROPERTY_OF: Partial<Record<StandardColumn, string>> = { name: "Name", email: "Email", identity: "Identity", phone: "Phone" };

export const columnLabel = (column: string): string =>
  column.startsWith("p:") ? column.slice(2) : (STANDARD[column as StandardColumn]?.label ?? column);

/** The sort a column header asks for; null when the column does not sort (identified: use the tabs). */
export function columnSort(column: string): Sort | null {
  if (column.startsWith("p:")) return column as Sort;
  return STANDARD[column as StandardColumn]?.sort ?? null;
}

const dateText = (seconds: number) =>
  new Date(seconds * 1000)
    .toISOString()
    .replace("T", " ")
    .replace(/\.000Z$/, "Z")
    .replace(/ 00:00:00Z$/, "");

/** A property value as text, by its recorded type (dates are epoch seconds; lists are joined). */
export function formatValue(value: unknown, type: string | undefined): string {
  if (value === undefined || value === null) return "";
  if (type === "date" && typeof value === "number") return dateText(value);
  if (Array.isArray(value)) return value.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export function cellText(row: ListRow, column: string): string {
  if (column === "identified") return row.identified ? "yes" : "no";
  if (column === "first_seen") return row.firstSeen.replace("T", " ").replace(/\.\d{3}Z$/, "Z");
  if (column === "last_seen") return row.lastSeen.replace("T", " ").replace(/\.\d{3}Z$/, "Z");
  const key = column.startsWith("p:") ? column.slice(2) : PROPERTY_OF[column as StandardColumn];
  if (!key) return "";
  if ((CONSENT_KEYS as readonly string[]).includes(key)) {
    const value = row.properties[key];
    return value === true ? "on" : value === false ? "off" : "not set";
  }
  return formatValue(row.properties[key], row.propertyTypes[key]);
}
