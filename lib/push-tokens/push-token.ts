// A push token as both entry points send it: CleverTap's device-token upload record (`tokenData: {id, type, keys}`)
// and the Web SDK's web-push registration (`type=data`: the push endpoint's last segment, its keys and the browser).
// One validation for both, so a token the REST API refuses is refused the same way from a browser.
import { ErrorCode } from "../profiles/error-codes";
import { byteLength, hasControlCharacter } from "../profiles/limits";
import { unstorableText } from "../profiles/storable-text";
import { RuleViolation } from "../profiles/types";

/** FCM / GCM / APNs / Huawei (apps, CleverTap's upload API) and the browsers of the Web SDK's web push. */
export const TOKEN_TYPES = ["fcm", "gcm", "apns", "hps", "chrome", "firefox", "safari"] as const;
export type TokenType = (typeof TOKEN_TYPES)[number];
/** Web push needs the subscription's keys to encrypt a message; without them the token cannot be used. */
const NEEDS_KEYS: ReadonlySet<TokenType> = new Set(["chrome", "firefox"]);

/** FCM tokens are ≈ 160 characters, APNs 64, a web-push endpoint's last segment a few hundred. */
export const MAX_TOKEN_BYTES = 1024;
/** p256dh is a 65-byte point (88 base64 characters), auth 16 bytes (24). */
const MAX_KEY_BYTES = 256;
const BASE64 = /^[A-Za-z0-9+/_=-]+$/;

export type PushToken = { type: TokenType; token: string; p256dh: string | null; auth: string | null };

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

function tokenText(raw: unknown): string {
  if (typeof raw !== "string" || raw.trim() === "")
    throw new RuleViolation(ErrorCode.invalidToken, "tokenData.id must be a non-empty string", "tokenData.id");
  const token = raw.trim();
  const unstorable = unstorableText(token);
  if (unstorable || hasControlCharacter(token) || /\s/.test(token))
    throw new RuleViolation(
      ErrorCode.invalidToken,
      `tokenData.id contains ${unstorable ?? "whitespace or a control character"}`,
      "tokenData.id",
    );
  if (byteLength(token) > MAX_TOKEN_BYTES)
    throw new RuleViolation(ErrorCode.invalidToken, `tokenData.id is longer than ${MAX_TOKEN_BYTES} bytes`, "tokenData.id");
  return token;
}

function keyText(keys: Record<string, unknown>, name: "p256dh" | "auth"): string {
  const value = keys[name];
  if (typeof value !== "string" || value === "" || byteLength(value) > MAX_KEY_BYTES || !BASE64.test(value))
    throw new RuleViolation(
      ErrorCode.invalidTokenKeys,
      `tokenData.keys.${name} must be base64 text of at most ${MAX_KEY_BYTES} bytes`,
      `keys.${name}`,
    );
  return value;
}

/** `tokenData` of an upload record (`{id, type, keys?}`), or a web-push registration rewritten to that shape. */
export function readPushToken(tokenData: unknown): PushToken {
  if (!isObject(tokenData)) throw new RuleViolation(ErrorCode.tokenDataMissing, "A token record needs tokenData: {id, type}", "tokenData");
  const type = typeof tokenData.type === "string" ? tokenData.type.trim().toLowerCase() : "";
  if (!(TOKEN_TYPES as readonly string[]).includes(type))
    throw new RuleViolation(
      ErrorCode.invalidTokenType,
      `tokenData.type ${JSON.stringify(tokenData.type)?.slice(0, 40)} is not one of ${TOKEN_TYPES.join(", ")}`,
      "tokenData.type",
    );
  const token = tokenText(tokenData.id);
  const keys = tokenData.keys;
  if (keys === undefined || keys === null) {
    if (NEEDS_KEYS.has(type as TokenType))
      throw new RuleViolation(ErrorCode.invalidTokenKeys, `a ${type} web-push token needs tokenData.keys {p256dh, auth}`, "tokenData.keys");
    return { type: type as TokenType, token, p256dh: null, auth: null };
  }
  if (!isObject(keys)) throw new RuleViolation(ErrorCode.invalidTokenKeys, "tokenData.keys must be {p256dh, auth}", "tokenData.keys");
  return { type: type as TokenType, token, p256dh: keyText(keys, "p256dh"), auth: keyText(keys, "auth") };
}

/** What a Web SDK `type=data` call asks: register its subscription, unregister a device's tokens, or nothing usable. */
export type SdkTokenCall = { action: "register"; token: PushToken } | { action: "unregister" } | null;

export function sdkTokenCall(payload: Record<string, unknown>): SdkTokenCall {
  if (payload.action === "unregister") return { action: "unregister" };
  try {
    // The SDK keeps the endpoint's last path segment for Chrome and Firefox and names the browser.
    return { action: "register", token: readPushToken({ id: payload.endpoint, type: payload.browser, keys: payload.keys }) };
  } catch (error) {
    if (error instanceof RuleViolation) return null;
    throw error;
  }
}
