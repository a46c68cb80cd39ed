// CleverTap's documented limits (upload-user-profiles-api, platform-considerations).
export const MAX_KEY_BYTES = 120;
export const MAX_STRING_BYTES = 512;
export const MAX_CUSTOM_KEYS = 256;
export const MAX_LIST_ITEMS = 100;
export const MAX_EVENT_PROPERTIES = 256;
export const MAX_CHARGED_ITEMS = 50;
export const MAX_EVENT_NAME_BYTES = 512;
export const MAX_RECORDS_PER_UPLOAD = 1000;
export const MAX_IDS_PER_DELETE = 100;

/** UTF-8 bytes of a text, as CleverTap counts its limits (also in the browser, where the forms check keys). */
export const byteLength = (text: string): number =>
  typeof Buffer === "undefined" ? new TextEncoder().encode(text).length : Buffer.byteLength(text, "utf8");

/** Whether a property key fits the key limit (in bytes, not characters: "é" counts 2). */
export const isKeyWithinLimit = (key: string): boolean => byteLength(key) <= MAX_KEY_BYTES;

/** Whether text holds a control character (U+0000–U+001F or U+007F): property keys, event keys and event names may not. */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
