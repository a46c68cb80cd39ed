// What a profile is called where it is listed or linked: its Name, else its Identity, Email or Phone; an anonymous
// profile by the device it was seen on ("Anonymous · device 1a2b3c4d"), so that two visitors can be told apart.
// Pure: the list (in the browser), the profile page and the merge preview use it.

/** How many characters of a device guid name it (the Web SDK's guids are 32 hex characters). */
export const SHORT_GUID_LENGTH = 8;

export type LabelledProfile = {
  id: number;
  properties: Record<string, unknown>;
  identified?: boolean;
  /** the profile's most recently seen device, for an anonymous one */
  deviceGuid?: string | null;
};

const NAMING_KEYS = ["Name", "Identity", "Email", "Phone"] as const;

export function profileLabel(profile: LabelledProfile): string {
  for (const key of NAMING_KEYS) {
    const value = profile.properties[key];
    if ((typeof value === "string" && value.trim() !== "") || typeof value === "number") return String(value);
  }
  if (profile.identified === false)
    return profile.deviceGuid ? `Anonymous · device ${profile.deviceGuid.slice(0, SHORT_GUID_LENGTH)}` : `Anonymous #${profile.id}`;
  return `#${profile.id}`;
}
