// Reads one Web SDK ingestion call (GET /a?t=96&type=…&d=…&rn=…&gc=…) into plain values. Pure and total: every
// field that is missing, malformed or oversize comes back as null, never as an exception.
import crypto from "node:crypto";
import { decompressFromBase64Bounded } from "./decompress-payload";

/** The encoded `d` the server decodes at most (characters). The SDK sends one event or one profile push per call and
 * trims each key and value to 1024 characters: a Charged event with 50 items encodes to ≈ 7 KB, a push of 256
 * properties with 100-character values to ≈ 43 KB. 64 KB is also the longest query string the production proxy
 * setting of the README lets through (nginx `large_client_header_buffers 4 64k`). */
export const MAX_ENCODED_PAYLOAD = 64 * 1024;
/** The decompressed JSON the server parses at most (characters); decoding stops as soon as it would pass it. The
 * most the profile rules accept in one call (256 keys of 120 bytes with 512-byte values) is ≈ 165 K characters. */
export const MAX_DECODED_PAYLOAD = 256 * 1024;

const GUID = /^[0-9a-f]{32}$/;
const OPT_OUT_SUFFIX = ":OO";

export type SdkRequest = {
  /** page | push | ping | data (anything else is answered and ignored) */
  type: string;
  /** The decoded `d` object, or null when absent, oversize or unreadable. */
  payload: Record<string, unknown> | null;
  /** The request number to echo (0 when absent or not a number). */
  rn: number;
  /** The device guid from `gc`, then `d.g`; null when neither is a valid guid. */
  guid: string | null;
  /** When the SDK created the request (`i`, epoch seconds), if given. */
  createdAt: number | null;
  /** The session id of a replayed request (`s` in the query, else `d.s`), if given. */
  session: number | null;
  /** The call's own stamp (a hash of `i`, `sn`, `rn` and `d`), the same when the SDK fires the call again from its
   * backup queue; null for a call without `i` and `rn` (not from the official SDK's queue). */
  stamp: string | null;
  /** Fetch mode (`Accept: application/json`) instead of JSONP. */
  fetchMode: boolean;
  /** Encryption-in-transit envelope, which this server does not decrypt. */
  encrypted: boolean;
};

/** A 32-hex guid (the ":OO" opt-out marker and upper case tolerated), lower-cased; null otherwise. */
export function normaliseGuid(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const bare = (value.endsWith(OPT_OUT_SUFFIX) ? value.slice(0, -OPT_OUT_SUFFIX.length) : value).toLowerCase();
  return GUID.test(bare) ? bare : null;
}

function positiveInteger(value: unknown, max: number): number | null {
  const number = typeof value === "number" ? value : typeof value === "string" && /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(number) && number > 0 && number <= max ? number : null;
}

export function decodePayload(encoded: string | null): Record<string, unknown> | null {
  if (!encoded || encoded.length > MAX_ENCODED_PAYLOAD) return null;
  try {
    // The SDK URL-encodes `+` as %2B; a raw `+` read by a form decoder becomes a space, which base64 never contains.
    const json = decompressFromBase64Bounded(encoded.replaceAll(" ", "+"), MAX_DECODED_PAYLOAD);
    if (!json) return null;
    const value: unknown = JSON.parse(json);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const MAX_EPOCH_SECONDS = 4102444800; // 2100-01-01

/** See SdkRequest.stamp. `sn` (the call's number within its second) may be absent or 0. */
function stampOf(query: URLSearchParams, createdAt: number | null, rn: number | null): string | null {
  const sn = query.get("sn") ?? "";
  if (createdAt === null || rn === null || !/^\d{0,9}$/.test(sn)) return null;
  return crypto
    .createHash("sha256")
    .update(`${createdAt}\u0000${sn}\u0000${rn}\u0000${query.get("d") ?? ""}`)
    .digest("hex");
}

export function parseSdkRequest(url: URL, accept: string | null): SdkRequest {
  const query = url.searchParams;
  const payload = decodePayload(query.get("d"));
  const createdAt = positiveInteger(query.get("i"), MAX_EPOCH_SECONDS);
  const rn = positiveInteger(query.get("rn"), 2 ** 31);
  return {
    type: (query.get("type") ?? "").slice(0, 16),
    payload,
    rn: rn ?? 0,
    guid: normaliseGuid(query.get("gc")) ?? normaliseGuid(payload?.g),
    createdAt,
    stamp: stampOf(query, createdAt, rn),
    session: positiveInteger(query.get("s"), MAX_EPOCH_SECONDS) ?? positiveInteger(payload?.s, MAX_EPOCH_SECONDS),
    fetchMode: (accept ?? "").toLowerCase().includes("application/json"),
    encrypted: payload?.encrypted === true,
  };
}
