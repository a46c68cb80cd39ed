// The device-activity fast path: events, page views and pings of known devices (most Web SDK calls) change no
// property, so they skip the working set and are written by one statement (profile-store's recordDeviceActivity).
// That statement is the whole request when the request is only such activity (it then writes all or nothing), or
// runs inside the request's transaction beside the rest: a record is written exactly once per accepted request.
import type pg from "pg";
import type { Tx } from "../db/pool";
import type { Place } from "../location/location-fix";
import { type Accepted, isActivity, type Prepared } from "./prepare-record";
import * as store from "./profile-store";
import type { ChangeContext } from "./types";

/** The records of devices whose records in this call are all activity, by device (their order kept). */
export function activityByDevice(prepared: Prepared[]): Map<string, number[]> {
  const byDevice = new Map<string, number[]>();
  const other = new Set<string>();
  prepared.forEach((p, index) => {
    if ("error" in p || p.record.target.by !== "device") return;
    const guid = p.record.target.guid;
    if (!isActivity(p)) other.add(guid);
    else if (byDevice.has(guid)) byDevice.get(guid)!.push(index);
    else byDevice.set(guid, [index]);
  });
  for (const guid of other) byDevice.delete(guid);
  return byDevice;
}

/** Writes the activity of `byDevice`'s devices; returns guid → profile id of the devices written (with
 * `allOrNothing`, none unless all were found), and the devices whose place (their newest record's) differs from their
 * profile's location. Devices not returned are left to the general path. `claimKeys`: claim the calls' keys in the
 * same statement (request-keys.ts); `skip`: records whose events are not written (repeats). */
export async function recordActivity(
  db: pg.Pool | Tx,
  accountId: string,
  prepared: Prepared[],
  byDevice: Map<string, number[]>,
  options: { unlessOptedOut: boolean; allOrNothing: boolean; claimKeys: boolean; skip?: ReadonlySet<number> },
): Promise<{ profileOf: Map<string, number>; relocate: Map<string, Relocation> }> {
  const devices: { guid: string; seenAt: Date; place?: Place }[] = [];
  const events: Omit<store.EventRow, "profileId">[] = [];
  const located = new Map<string, Relocation>();
  for (const [guid, indexes] of byDevice) {
    let seenAt = new Date(0);
    for (const index of indexes) {
      const { record, event, context } = prepared[index] as Accepted;
      if (record.at > seenAt) seenAt = record.at;
      if (event && !options.skip?.has(index))
        events.push({ deviceGuid: guid, name: event.name, properties: event.properties, at: record.at, context });
      if (record.location?.place) located.set(guid, { place: record.location.place, at: record.at, context });
    }
    devices.push({ guid, seenAt, place: located.get(guid)?.place });
  }
  const { unlessOptedOut, allOrNothing, claimKeys } = options;
  const found = await store.recordDeviceActivity(db, accountId, { devices, events, unlessOptedOut, allOrNothing, claimKeys });
  if (allOrNothing && found.profileOf.size < byDevice.size) return { profileOf: new Map(), relocate: new Map() };
  return { profileOf: found.profileOf, relocate: new Map([...found.relocate].map((guid) => [guid, located.get(guid)!])) };
}

/** A device whose profile's location may need the place its activity came from (written by the general path). */
export type Relocation = { place: Place; at: Date; context: ChangeContext };
