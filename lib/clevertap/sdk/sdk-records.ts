// Translates one decoded SDK call into profile-engine records. Pure: it decides nothing about profiles, it only
// says which record(s) the call carries for the device it addresses.
//   type=page  → event "Page Viewed" {URL, Referrer, UTM Source/Medium/Campaign}
//   type=ping  → a profile record without data: the engine only touches the device's and profile's last seen
//   type=push  → {type:"profile", profile} as a profile record: a login when the SDK flags it (`isOUL`: onUserLogin of
//                a different or returning user), else a plain push (a browser's first login arrives as one),
//                {type:"event", evtName, evtData} as an event record; SDK-internal "wzrk_*" events store nothing
//   type=data  → nothing here: web-push (un)registration is lib/push-tokens/apply-sdk-token-call.ts
// getLocation's coordinates (`af: {Latitude, Longitude}` beside a profile push) become the record's location.
// `ct_optout` inside a profile push is the privacy call: returned as `optOut`, never stored as a property.
import { readCoordinates } from "../../location/location-fix";
import { byteLength, MAX_STRING_BYTES } from "../../profiles/limits";
import type { DomainRecord, RecordTarget } from "../../profiles/records";

export const PAGE_VIEW_EVENT = "Page Viewed";

export type SdkRecords = { records: DomainRecord[]; optOut: boolean | null };

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/** Page fields come from the browser and may be long (URLs): they are cut to the property limit, not rejected. */
function clip(value: unknown): string | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  let text = value.slice(0, MAX_STRING_BYTES);
  while (byteLength(text) > MAX_STRING_BYTES) text = text.slice(0, -1);
  // A cut between the two halves of a surrogate pair would leave text PostgreSQL refuses: drop the half.
  if (/[\ud800-\udbff]$/.test(text)) text = text.slice(0, -1);
  return text;
}

function pageView(payload: Record<string, unknown>): Record<string, string> {
  const fields = {
    URL: clip(payload.cpg),
    Referrer: clip(payload.referrer),
    "UTM Source": clip(payload.us),
    "UTM Medium": clip(payload.um),
    "UTM Campaign": clip(payload.uc),
  };
  return Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

export function sdkRecords(type: string, payload: Record<string, unknown>, target: RecordTarget, at: Date): SdkRecords {
  switch (type) {
    case "page":
      return { records: [{ kind: "event", target, name: PAGE_VIEW_EVENT, data: pageView(payload), at }], optOut: null };
    case "ping":
      return { records: [{ kind: "profile", target, data: {}, at }], optOut: null };
    case "push":
      if (payload.type === "event") {
        if (typeof payload.evtName === "string" && payload.evtName.startsWith("wzrk_")) return { records: [], optOut: null };
        return {
          records: [{ kind: "event", target, name: typeof payload.evtName === "string" ? payload.evtName : "", data: payload.evtData, at }],
          optOut: null,
        };
      }
      if (payload.type === "profile" && isObject(payload.profile)) {
        const { ct_optout: optOut, ...data } = payload.profile;
        const login = payload.isOUL === true && target.by === "device";
        const coordinates = readCoordinates(payload.af);
        return {
          records: [
            {
              kind: "profile",
              target: login ? { ...target, login: true } : target,
              data,
              at,
              ...(coordinates && { location: { coordinates } }),
            },
          ],
          optOut: typeof optOut === "boolean" ? optOut : null,
        };
      }
      return { records: [], optOut: null };
    default:
      return { records: [], optOut: null };
  }
}
