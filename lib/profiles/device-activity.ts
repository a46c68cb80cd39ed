// The device-activity fast path: events, page views and pings of known devices (most Web SDK calls) change no
// property, so they skip the working set and are written by one statement (profile-store's recordDeviceActivity).
// That statement is the whole request when the request is only such activity (it then writes all or nothing), or
// runs inside the request's transaction beside the rest: a record is written exactly once per accepted request.
import type pg from "pg";
import type { Tx } from "../db/pool";
import { type Accepted, isActivity, type Prepared } from "./prepare-record";
import * as store from "./profile-store";

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
 * `allOrNothing`, none unless all were found). Devices not returned are left to the general path. `claimKeys`: claim
 * the calls' keys in the same statement (request-keys.ts); `skip`: records whose events are not written (repeats). */
export async function recordActivity(
  db: pg.Pool | Tx,
  accountId: string,
  prepared: Prepared[],
  byDevice: Map<string, number[]>,
  options: { unlessOptedOut: boolean; allOrNothing: boolean; claimKeys: boolean; skip?: ReadonlySet<number> },
): Promise<Map<string, number>> {
  const devices: { guid: string; seenAt: Date }[] = [];
  const events: Omit<store.EventRow, "profileId">[] = [];
  for (const [guid, indexes] of byDevice) {
    let seenAt = new Date(0);
    for (const index of indexes) {
      const { record, event, context } = prepared[index] as Accepted;
      if (record.at > seenAt) seenAt = record.at;
      if (event && !options.skip?.has(index))
        events.push({ deviceGuid: guid, name: event.name, properties: event.properties, at: record.at, context });
    }
    devices.push({ guid, seenAt });
  }
  const { unlessOptedOut, allOrNothing, claimKeys } = options;
  const found = await store.recordDeviceActivity(db, accountId, { devices, events, unlessOptedOut, allOrNothing, claimKeys });
  return options.allOrNothing && found.size < byDevice.size ? new Map() : found;
}
