import assert from "node:assert/strict";
import test from "node:test";
import { ErrorCode } from "../profiles/error-codes";
import { RuleViolation } from "../profiles/types";
import { readPushToken, sdkTokenCall } from "./push-token";

const codeOf = (tokenData: unknown): number | null => {
  try {
    readPushToken(tokenData);
    return null;
  } catch (error) {
    assert.ok(error instanceof RuleViolation);
    return error.code;
  }
};
const keys = { p256dh: "BOr8yJmXgC2mOJ3Ts4tPUmPvFqYtKxA3bXWXl8hYzWQ", auth: "tBHItJI5svbpez7KI4CCXg" };

test("an upload's tokenData: type case-insensitive, id trimmed, keys kept", () => {
  assert.deepEqual(readPushToken({ id: " abc:APA91 ", type: "FCM" }), { type: "fcm", token: "abc:APA91", p256dh: null, auth: null });
  assert.deepEqual(readPushToken({ id: "end", type: "chrome", keys }), { type: "chrome", token: "end", ...keys });
});

test("each bad tokenData gets its own token error code", () => {
  assert.equal(codeOf(undefined), ErrorCode.tokenDataMissing);
  assert.equal(codeOf(["fcm"]), ErrorCode.tokenDataMissing);
  assert.equal(codeOf({ id: "x", type: "constructor" }), ErrorCode.invalidTokenType);
  assert.equal(codeOf({ id: "x", type: "__proto__" }), ErrorCode.invalidTokenType);
  assert.equal(codeOf({ id: "", type: "fcm" }), ErrorCode.invalidToken);
  assert.equal(codeOf({ id: 12, type: "fcm" }), ErrorCode.invalidToken);
  assert.equal(codeOf({ id: "a\u0000b", type: "fcm" }), ErrorCode.invalidToken);
  assert.equal(codeOf({ id: "a\ud800b", type: "fcm" }), ErrorCode.invalidToken);
  assert.equal(codeOf({ id: "two words", type: "fcm" }), ErrorCode.invalidToken);
  assert.equal(codeOf({ id: "x".repeat(1025), type: "fcm" }), ErrorCode.invalidToken);
  assert.equal(codeOf({ id: "x", type: "firefox" }), ErrorCode.invalidTokenKeys);
  assert.equal(codeOf({ id: "x", type: "chrome", keys: { p256dh: "<script>", auth: "a" } }), ErrorCode.invalidTokenKeys);
  assert.equal(codeOf({ id: "x", type: "chrome", keys: "p256dh" }), ErrorCode.invalidTokenKeys);
});

test("the Web SDK's data call: a registration, an unregister, or nothing usable", () => {
  assert.deepEqual(sdkTokenCall({ endpoint: "e1", keys, browser: "Chrome" }), {
    action: "register",
    token: { type: "chrome", token: "e1", ...keys },
  });
  assert.deepEqual(sdkTokenCall({ action: "unregister", g: "x" }), { action: "unregister" });
  assert.equal(sdkTokenCall({ endpoint: "https://push.example/e1", browser: undefined }), null);
  assert.equal(sdkTokenCall({ endpoint: "e1", browser: "Chrome" }), null);
});
