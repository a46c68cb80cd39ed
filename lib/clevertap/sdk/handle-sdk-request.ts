// GET /a: one Web SDK call in, one answer out. It always answers (200 JSONP, or JSON in fetch mode): an unanswered
// first request blocks the browser for good (WZRK_BLOCK). Unreadable payloads and unknown accounts record nothing.
// Every write goes through applyRecords (source "sdk"), written together with concurrent calls (group-commit.ts).
// Each record carries the place of the client's address (lib/location), for the engine's location rule.
import crypto from "node:crypto";
import { accountExists } from "../../accounts/verify-credentials";
import { sdkConsentRecords } from "../../consents/sdk-consent";
import { env } from "../../env";
import type { Place } from "../../location/location-fix";
import { lookupLocation } from "../../location/lookup-location";
import { errorFields, logger } from "../../observability/logger";
import { newRequestId } from "../../observability/request-id";
import { applyRecords } from "../../profiles/apply-records";
import { deviceExists } from "../../profiles/device-exists";
import { isDeviceOptedOut, setDeviceOptOut } from "../../profiles/device-opt-out";
import { ErrorCode } from "../../profiles/error-codes";
import { applyRecordsTogether } from "../../profiles/group-commit";
import type { DomainRecord, RecordTarget } from "../../profiles/records";
import { applySdkTokenCall } from "../../push-tokens/apply-sdk-token-call";
import { isSuppressedDevice, suppressedRecords } from "../../suppression/check-suppressed";
import { withinNewDeviceBudget } from "./new-device-budget";
import { normaliseGuid, parseSdkRequest, type SdkRequest } from "./parse-sdk-request";
import { fetchBody, jsonpBody, type SdkAnswer } from "./sdk-answer";
import { fetchResponse, jsonpResponse, type SdkHttpResponse } from "./sdk-http";
import { sdkRecords } from "./sdk-records";

/** A new device guid: 32 lowercase hex, made here (the SDK never invents one). */
export const newGuid = (): string => crypto.randomBytes(16).toString("hex");

const DAY_SECONDS = 86_400;
/** How far back the SDK's own creation time (`i`) is believed; older replays are stamped now. */
const MAX_REPLAY_AGE_SECONDS = 30 * DAY_SECONDS;

/** The session id: the SDK's own (`s` of a replay, else `d.s`) when it has one, else now. The SDK keeps the sid it
 * was given in its session cookie and sends it back, so echoing it never goes backwards; a new session starts at
 * the current epoch second, which is later than any sid this server issued before. A sid from a clock far ahead is
 * replaced by now. */
function sessionOf(request: SdkRequest, nowSeconds: number): number {
  const given = request.session;
  return given !== null && given <= nowSeconds + DAY_SECONDS ? given : nowSeconds;
}

function eventTime(request: SdkRequest, nowSeconds: number): Date {
  const created = request.createdAt;
  const believable = created !== null && created <= nowSeconds + 300 && created >= nowSeconds - MAX_REPLAY_AGE_SECONDS;
  return new Date((believable ? created : nowSeconds) * 1000);
}

/** Every record of the call carries the place of its address (the engine writes it only when it changes). */
const located = (records: DomainRecord[], place: Place | null): DomainRecord[] =>
  place === null || records.length === 0 ? records : records.map((record) => ({ ...record, location: { ...record.location, place } }));

const optedOutGuid = (guid: string) => `${guid}:OO`;

/** The call's key for exactly-once writes (lib/profiles/request-keys.ts): its account, its device (the guid made
 * for a first call is the one its replay carries in `gc`) and its own stamp; 16 bytes, hex. */
function onceKeyOf(accountId: string, guid: string, request: SdkRequest): string | null {
  if (request.stamp === null) return null;
  return crypto.createHash("sha256").update(`${accountId}\u0000${guid}\u0000${request.stamp}`).digest("hex").slice(0, 32);
}

async function ingest(request: SdkRequest, nowSeconds: number, requestId: string, clientAddress: string | null): Promise<SdkAnswer> {
  const { payload } = request;
  const base = { session: sessionOf(request, nowSeconds), resume: payload?.isOUL === true, rn: request.rn, optOut: null };
  if (!payload) return { ...base, guid: request.guid ?? newGuid() };
  const accountId = typeof payload.id === "string" && payload.id.length <= 100 ? payload.id : null;
  if (!accountId || !(await accountExists(accountId))) return { ...base, guid: newGuid() };

  const guid = request.guid ?? newGuid();
  // An erased person's device: answered as usual, nothing recorded (no device, no opt-out flag, no event), until an
  // admin lifts the suppression. Asked before anything else can create the device.
  if (request.guid !== null && (await isSuppressedDevice(accountId, guid))) return { ...base, guid };
  // Past its address's budget of new devices, a call for a device this account does not know records nothing.
  const allowed = await withinNewDeviceBudget({
    address: clientAddress,
    guid,
    named: request.guid !== null,
    isKnownDevice: (known) => deviceExists(accountId, known),
  });
  if (!allowed) return { ...base, guid };
  if (request.type === "data") {
    // Web push (un)registration: nothing for a device that opted out of tracking, or that this account never saw.
    if (request.guid === null) return { ...base, guid };
    if (await isDeviceOptedOut(accountId, guid)) return { ...base, guid: optedOutGuid(guid), optOut: true };
    await applySdkTokenCall(accountId, guid, normaliseGuid(payload.g), payload, { source: "sdk", requestId });
    return { ...base, guid };
  }
  const target: RecordTarget = { by: "device", guid };
  const at = eventTime(request, nowSeconds);
  const { records: wire, optOut } = sdkRecords(request.type, payload, target, at);
  // A record naming an erased person's identity is dropped silently (the SDK must not learn or retry anything).
  const suppressed = await suppressedRecords(accountId, wire);
  const records = located(
    sdkConsentRecords(
      wire.filter((_, index) => suppressed[index] === null),
      env().TAPESTRY_SDK_CONSENT,
    ),
    await lookupLocation(clientAddress),
  );
  const context = { source: "sdk" as const, actor: `sdk:${guid}`, requestId, onceKey: onceKeyOf(accountId, guid, request) };

  if (optOut === true) {
    // Opting out: flag the device; as the device's first call, create it (nothing else) so the flag has a row to live on.
    if (!(await setDeviceOptOut(accountId, guid, true))) {
      await applyRecords({ accountId, records: [{ kind: "profile", target, data: {}, at }], context });
      await setDeviceOptOut(accountId, guid, true);
    }
    return { ...base, guid: optedOutGuid(guid), optOut: true };
  }
  if (optOut === false) await setDeviceOptOut(accountId, guid, false);
  // An opted-out device records nothing: the engine refuses its records (checked under the device's row lock).
  const optedOut =
    records.length > 0
      ? (await applyRecordsTogether({ accountId, records, context, unlessOptedOut: true })).some(
          (outcome) => !outcome.ok && outcome.error.code === ErrorCode.deviceOptedOut,
        )
      : request.guid !== null && (await isDeviceOptedOut(accountId, guid));
  return optedOut ? { ...base, guid: optedOutGuid(guid), optOut: true } : { ...base, guid, optOut };
}

function respond(request: SdkRequest, answer: SdkAnswer, origin: string | null): SdkHttpResponse {
  return request.fetchMode ? fetchResponse(200, fetchBody(answer), origin) : jsonpResponse(jsonpBody(answer));
}

const UNREADABLE: SdkRequest = {
  type: "",
  payload: null,
  rn: 0,
  guid: null,
  createdAt: null,
  stamp: null,
  session: null,
  fetchMode: false,
  encrypted: false,
};

export async function handleSdkRequest(input: {
  url: string;
  accept: string | null;
  origin: string | null;
  /** The server's id of this request (lib/observability/request-id.ts), carried by the rows it writes. */
  requestId?: string;
  /** The client's address (lib/http/client-address.ts): the budget of new devices is per address. */
  clientAddress?: string | null;
}): Promise<SdkHttpResponse> {
  const requestId = input.requestId ?? newRequestId();
  const nowSeconds = Math.floor(Date.now() / 1000);
  let request = UNREADABLE;
  try {
    request = parseSdkRequest(new URL(input.url), input.accept);
    // Encryption in transit: 419 makes the SDK fall back to plain JSONP for the session (its documented contract).
    if (request.fetchMode && request.encrypted)
      return fetchResponse(419, JSON.stringify({ error: "encryption in transit is not enabled on this server" }), input.origin);
    return respond(request, await ingest(request, nowSeconds, requestId, input.clientAddress ?? null), input.origin);
  } catch (error) {
    logger().error({ reqId: requestId, ...errorFields(error) }, "sdk /a failed");
    const fallback: SdkAnswer = {
      guid: request.guid ?? newGuid(),
      session: sessionOf(request, nowSeconds),
      resume: request.payload?.isOUL === true,
      rn: request.rn,
      optOut: null,
    };
    return respond(request, fallback, input.origin);
  }
}
