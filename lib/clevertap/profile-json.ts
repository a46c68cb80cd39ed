// GET /1/profile.json answer, CleverTap's shape: {status, record:{email, identity, profileData, events, platformInfo}}.

import { toWireDate } from "../profiles/dates";
import type { ProfileView } from "../profiles/get-profile";

const epoch = (date: Date) => Math.floor(date.getTime() / 1000);

export function profileJson(profile: ProfileView) {
  const profileData = Object.fromEntries(
    Object.entries(profile.state.properties).map(([key, value]) => [
      key,
      profile.state.types[key] === "date" ? toWireDate(value as number) : value,
    ]),
  );
  return {
    status: "success",
    record: {
      email: profile.state.properties.Email ?? undefined,
      identity: profile.state.properties.Identity ?? undefined,
      profileData,
      events: Object.fromEntries(
        profile.events.map((e) => [e.name, { count: e.count, first_seen: epoch(e.firstSeen), last_seen: epoch(e.lastSeen) }]),
      ),
      platformInfo: profile.devices.map((d) => ({ platform: d.platform, objectId: d.guid })),
      identified: profile.identified,
      first_seen: epoch(profile.firstSeen),
      last_seen: epoch(profile.lastSeen),
    },
  };
}
