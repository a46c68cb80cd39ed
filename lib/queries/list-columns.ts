// The list's columns: labels, sort keys and how a cell reads, shared by the table (browser) and the CSV export.
// Pure: no database access here (see list-property-keys.ts).
import { formatDate, formatValue } from "../profiles/format-value";
import { CONSENT_KEYS } from "../profiles/system-properties";
import type { ListRow } from "./list-profiles";
import type { Sort, StandardColumn } from "./list-state";

const STANDARD: Record<StandardColumn, { label: string; sort: Sort | null }> = {
  name: { label: "Name", sort: "p:Name" },
  email: { label: "Email", sort: "p:Email" },
  identity: { label: "Identity", sort: "p:Identity" },
  phone: { label: "Phone", sort: "p:Phone" },
  identified: { label: "Identified", sort: null },
  location: { label: "Location", sort: "p:Country" },
  last_page: { label: "Last page", sort: null },
  first_seen: { label: "First seen", sort: "first_seen" },
  last_seen: { label: "Last seen", sort: "last_seen" },
};
const PROPERTY_OF: Partial<Record<StandardColumn, string>> = { name: "Name", email: "Email", identity: "Identity", phone: "Phone" };

export const columnLabel = (column: string): string =>
  column.startsWith("p:") ? column.slice(2) : (STANDARD[column as StandardColumn]?.label ?? column);

/** The sort a column header asks for; null when the column does not sort (identified: use the tabs; last page). */
export function columnSort(column: string): Sort | null {
  if (column.startsWith("p:")) return column as Sort;
  return STANDARD[column as StandardColumn]?.sort ?? null;
}

/** City, Region, Country — the location system properties the profile has, most precise first. */
const locationText = (properties: Record<string, unknown>) =>
  ["City", "Region", "Country"]
    .map((key) => properties[key])
    .filter((value): value is string => typeof value === "string" && value !== "")
    .filter((value, index, all) => all.indexOf(value) === index)
    .join(", ");

export function cellText(row: ListRow, column: string): string {
  if (column === "identified") return row.identified ? "yes" : "no";
  if (column === "location") return locationText(row.properties);
  if (column === "last_page") return row.lastPage ?? "";
  if (column === "first_seen") return formatDate(Math.floor(Date.parse(row.firstSeen) / 1000));
  if (column === "last_seen") return formatDate(Math.floor(Date.parse(row.lastSeen) / 1000));
  const key = column.startsWith("p:") ? column.slice(2) : PROPERTY_OF[column as StandardColumn];
  if (!key) return "";
  if ((CONSENT_KEYS as readonly string[]).includes(key)) {
    const value = row.properties[key];
    return value === true ? "on" : value === false ? "off" : "not set";
  }
  return formatValue(row.properties[key], row.propertyTypes[key], key);
}
