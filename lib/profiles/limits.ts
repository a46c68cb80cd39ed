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

export const byteLength = (text: string): number => Buffer.byteLength(text, "utf8");
