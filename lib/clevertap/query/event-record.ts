// One event of /1/events.json in CleverTap's shape: the profile it belongs to, ts as YYYYMMDDHHMMSS, its properties.
import type { EventRow } from "../../queries/query-events";

const compactTs = (date: Date) => Number(date.toISOString().replace(/[-:T]/g, "").slice(0, 14));

export function eventRecord(row: EventRow) {
  const p = row.profileProperties;
  return {
    profile: {
      objectId: row.deviceGuid ?? undefined,
      platform: "Web",
      identity: p.Identity ?? undefined,
      email: p.Email ?? undefined,
      name: p.Name ?? undefined,
      phone: p.Phone ?? undefined,
    },
    ts: compactTs(row.ts),
    event_props: row.properties,
    session_props: {},
  };
}
