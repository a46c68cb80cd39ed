// Where a call comes from, and the one rule that turns it into the profile's location properties. Pure.
//   place       — Country, Region, City, from the request's address (lookup-location.ts)
//   coordinates — Latitude, Longitude, from the Web SDK's getLocation (its `af` object)
// A key whose newest change was made by staff is "pinned": an automatic fix never changes it (a staff edit sticks).
import type { ProfileState, StoredValue } from "../profiles/types";

export type Place = { country: string; region: string | null; city: string | null };
export type Coordinates = { latitude: number; longitude: number };
export type LocationFix = { place?: Place; coordinates?: Coordinates };

export const PLACE_KEYS = ["Country", "Region", "City"] as const;
export const COORDINATE_KEYS = ["Latitude", "Longitude"] as const;
export const LOCATION_KEYS: readonly string[] = [...PLACE_KEYS, ...COORDINATE_KEYS];

function wanted(fix: LocationFix): [key: string, value: StoredValue | null][] {
  const pairs: [string, StoredValue | null][] = [];
  if (fix.place) pairs.push(["Country", fix.place.country], ["Region", fix.place.region], ["City", fix.place.city]);
  if (fix.coordinates) pairs.push(["Latitude", fix.coordinates.latitude], ["Longitude", fix.coordinates.longitude]);
  return pairs;
}

/**
 * The profile data a fix writes: each location key whose value differs from the profile's, unless pinned. A place is
 * taken whole: a Region or City the new place does not know is deleted (a City of the old country would be wrong).
 * Empty when nothing changes — the common case, which writes nothing.
 */
export function locationData(state: ProfileState, fix: LocationFix, pinned: ReadonlySet<string> = new Set()): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [key, value] of wanted(fix)) {
    if (pinned.has(key)) continue;
    const current = Object.hasOwn(state.properties, key) ? state.properties[key] : undefined;
    if (value === null) {
      if (current !== undefined) data[key] = { $delete: true };
    } else if (current !== value) data[key] = value;
  }
  return data;
}

/** Whether a place differs from the profile's current Country / Region / City (read from the database as text). */
export function placeDiffers(place: Place, current: { country: string | null; region: string | null; city: string | null }): boolean {
  return place.country !== current.country || place.region !== current.region || place.city !== current.city;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/** The Web SDK's getLocation coordinates (`af: {Latitude, Longitude}`), when both are numbers in range; else none
 * (the SDK checks them itself; a hand-made call with other values is simply not located). */
export function readCoordinates(af: unknown): Coordinates | undefined {
  if (!isObject(af)) return undefined;
  const { Latitude: latitude, Longitude: longitude } = af;
  if (typeof latitude !== "number" || typeof longitude !== "number" || !Number.isFinite(latitude) || !Number.isFinite(longitude))
    return undefined;
  if (latitude < -90 || latitude > 90 || longitude < -180 || longitude > 180) return undefined;
  return { latitude, longitude };
}
