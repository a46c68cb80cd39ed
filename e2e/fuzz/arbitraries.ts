// Hostile input for the fuzz suite: wrong types, huge and deep values, prototype-named keys, unicode edge cases
// (lone surrogates, NUL, RTL marks, emoji), numbers past 2^53, `$` commands in the wrong places, duplicate keys.
import fc from "fast-check";
import LZString from "lz-string";

const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);
const COMMANDS = ["$incr", "$decr", "$set", "$add", "$remove", "$delete"];
const STANDARD = ["Name", "Email", "Phone", "Gender", "DOB", "Age", "Identity", "Photo", "Employed", "Married", "Education", "tz"];
const CONSENTS = ["MSG-email", "MSG-push", "MSG-sms", "MSG-whatsapp"];

const edgeString = fc.constantFrom(
  "",
  " ",
  "a\ud800b",
  "\udfff",
  "\ud83d",
  "\u0000",
  "nul\u0000inside",
  "\u202eRTL override\u202c",
  "\u200f\u05e9\u05dc\u05d5\u05dd",
  "👩‍👩‍👧‍👦",
  "🏳️‍🌈🇵🇹",
  "\ufeffBOM",
  "e\u0301",
  "x".repeat(1100),
  "é".repeat(600),
  "$D_1700000000",
  "$D_99999999999999999",
  "$D_-1",
  "$D_20200101",
  "1990-02-30",
  "9007199254740993",
  "a@b.c",
  "ADA@EXAMPLE.COM",
  "+351 912 345 678",
  "<script>alert(1)</script>",
  "'; DROP TABLE profile; --",
  "\\u0000",
  "%00",
  ...COMMANDS,
  ...PROTOTYPE_NAMES,
);

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: edgeString },
  { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 10 }) },
);

export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PROTOTYPE_NAMES, "__proto__", "prototype", ...STANDARD, ...CONSENTS) },
  { weight: 2, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.constantFrom("Plan", "Score", "Tags", "City", "LTV") },
);

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(2 ** 53, 2 ** 53 + 2, -(2 ** 53) - 2, 1e21, 1e308, -1e308, 5e-324, -0, 0.1 + 0.2, 1_700_000_000, 1e17),
);

/** A JSON value with hostile leaves, `$` commands anywhere and prototype-named keys. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", maxDepth: 4 },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(hostileKey, tie("value"), { maxKeys: 4 }),
    fc.dictionary(fc.constantFrom(...COMMANDS), tie("value"), { minKeys: 1, maxKeys: 2 }),
  ),
})).value;

/** Values the engine must survive whole: a long nested list/object chain and a large string. */
export const extremeValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: 100, max: 1500 }).map((depth) => {
    let value: unknown = "bottom";
    for (let n = 0; n < depth; n++) value = n % 2 ? [value] : { d: value };
    return value;
  }),
  fc.integer({ min: 1, max: 300 }).map((kb) => "x".repeat(kb * 1024)),
  fc.integer({ min: 100, max: 3000 }).map((n) => Array.from({ length: n }, (_, i) => `v${i}`)),
  fc.integer({ min: 100, max: 2000 }).map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]))),
);

const profileData = fc.oneof(
  { weight: 5, arbitrary: fc.dictionary(hostileKey, hostileValue, { maxKeys: 6 }) },
  { weight: 1, arbitrary: fc.record({ Big: extremeValue }) },
  { weight: 1, arbitrary: hostileValue },
);

/** A short identity from a small pool, so that cases touch the same profiles again (increments, merges, deletes). */
export const identityValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("fz-1", "fz-2", "fz-3", "fz-ada@example.com", "FZ-ADA@EXAMPLE.COM", "fz-\u202e", "fz-👩‍👩‍👧") },
  { weight: 1, arbitrary: hostileValue },
  { weight: 1, arbitrary: hostileNumber },
);

/** Mostly ordinary values, so that a record carrying one hostile part gets past the others' validation. */
const plainValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.oneof(fc.string({ maxLength: 12 }), fc.integer({ min: -1000, max: 1000 }), fc.boolean()) },
  {
    weight: 1,
    arbitrary: fc.constantFrom({ $incr: 1 }, { $decr: 2 }, { $add: ["a"] }, { $remove: ["a"] }, { $set: ["x", "y"] }, { $delete: true }),
  },
  { weight: 1, arbitrary: hostileString },
  { weight: 1, arbitrary: hostileNumber },
  { weight: 1, arbitrary: hostileValue },
);

const plausibleRecord: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({
    type: fc.constant("profile"),
    identity: identityValue,
    profileData: fc.dictionary(hostileKey, plainValue, { minKeys: 1, maxKeys: 3 }),
  }),
  fc.record({
    type: fc.constant("event"),
    identity: identityValue,
    evtName: fc.oneof(fc.constantFrom("Charged", "fz-event"), hostileString),
    evtData: fc.dictionary(hostileKey, plainValue, { maxKeys: 3 }),
  }),
  // Device tokens: a known-shaped guid (a device earlier cases may have made), hostile token data.
  fc.record({
    type: fc.constant("token"),
    objectId: fc.oneof(fc.constantFrom("0123456789abcdef0123456789abcdef", "fz-object-1"), hostileValue),
    tokenData: fc.oneof(
      fc.record(
        {
          id: fc.oneof(fc.constantFrom("fz-token-1", "fz-token-2"), hostileString, hostileValue),
          type: fc.oneof(fc.constantFrom("fcm", "apns", "chrome", "FCM"), hostileValue),
          keys: fc.oneof(fc.record({ p256dh: fc.oneof(fc.constant("BOr8yJmX"), hostileValue), auth: hostileValue }), hostileValue),
        },
        { requiredKeys: [] },
      ),
      hostileValue,
    ),
  }),
);

export const uploadRecord: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: plausibleRecord },
  {
    weight: 3,
    arbitrary: fc.record(
      {
        type: fc.oneof({ weight: 5, arbitrary: fc.constantFrom("profile", "event", "token") }, { weight: 1, arbitrary: hostileValue }),
        identity: identityValue,
        objectId: fc.oneof(fc.constantFrom("0123456789abcdef0123456789abcdef", "fz-object-1"), hostileValue),
        FBID: hostileValue,
        ts: fc.oneof(fc.integer({ min: 946_684_800, max: 1_790_000_000 }), hostileValue),
        profileData,
        evtName: fc.oneof(fc.constantFrom("Charged", "Page Viewed", "App Launched", "fz-event"), hostileString, hostileValue),
        evtData: fc.oneof(
          fc.dictionary(hostileKey, hostileValue, { maxKeys: 5 }),
          fc.record({ Items: hostileValue, Amount: hostileValue }),
        ),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: hostileValue },
);

/** JSON text with a key given twice (JSON.parse keeps the last; a hand-written parser might not). */
const duplicateKeys = fc
  .tuple(identityValue, hostileValue, hostileValue)
  .map(
    ([identity, first, second]) =>
      `{"d":[{"type":"profile","identity":${JSON.stringify(identity) ?? "null"},"identity":"fz-dup",` +
      `"profileData":{"Plan":${JSON.stringify(first) ?? "1"},"Plan":${JSON.stringify(second) ?? "2"},` +
      `"Score":{"$incr":1},"Score":{"$incr":2}}}],"d":[]}`,
  );

/** A POST /1/upload body: well-formed batches of hostile records, wrong shapes, broken JSON, duplicate keys, bytes. */
export const uploadBody: fc.Arbitrary<string | Buffer> = fc.oneof(
  { weight: 8, arbitrary: fc.array(uploadRecord, { maxLength: 6 }).map((d) => JSON.stringify({ d })) },
  { weight: 1, arbitrary: hostileValue.map((value) => JSON.stringify(value) ?? "") },
  { weight: 1, arbitrary: fc.record({ d: hostileValue }).map((body) => JSON.stringify(body)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: duplicateKeys },
  // Numbers JSON.stringify cannot write: past 2^53, past int8, past double.
  {
    weight: 1,
    arbitrary: fc
      .constantFrom("9007199254740993", "99999999999999999999", "-9223372036854775809", "1e400", "123456789012345678901234567890.5")
      .map(
        (n) =>
          `{"d":[{"type":"profile","identity":"fz-1","profileData":{"Big":${n},"Score":{"$incr":${n}}}},` +
          `{"type":"event","identity":"fz-1","evtName":"fz-event","evtData":{"N":${n}}}]}`,
      ),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)) },
  { weight: 1, arbitrary: fc.integer({ min: 1001, max: 1005 }).map((n) => JSON.stringify({ d: Array.from({ length: n }, () => ({})) })) },
  { weight: 1, arbitrary: fc.constant(`${"[".repeat(100_000)}${"]".repeat(100_000)}`) },
);

/** A GET /1/profile.json query string. */
export const profileQuery: fc.Arbitrary<string> = fc.oneof(
  fc
    .record({
      key: fc.constantFrom("identity", "email", "objectId", "guid", "x", "identity[]"),
      value: fc.oneof(
        hostileString,
        identityValue.map((value) => (typeof value === "string" ? value : (JSON.stringify(value) ?? ""))),
      ),
    })
    .map(({ key, value }) => `${key}=${encodeUtf8(value)}`),
  fc.string({ maxLength: 60 }).map(rawQuery),
  fc.constant("identity=fz-1&identity=fz-2&email=a@b.c"),
);

/** A POST /1/delete/profiles.json body: only the fuzz's own identities or garbage shapes (never another test's data). */
export const deleteBody: fc.Arbitrary<string | Buffer> = fc.oneof(
  fc
    .record({ identity: fc.oneof(identityValue, fc.array(identityValue, { maxLength: 120 })) }, { requiredKeys: [] })
    .map((b) => JSON.stringify(b)),
  fc
    .record({ guid: fc.oneof(hostileValue, fc.array(hostileString, { maxLength: 5 })), identity: identityValue })
    .map((b) => JSON.stringify(b)),
  hostileValue.map((value) => JSON.stringify(value) ?? ""),
  fc.string({ maxLength: 40 }),
);

/** Percent-encodes everything outside printable ASCII as UTF-8 (a lone surrogate becomes U+FFFD, as on the wire). */
export function encodeUtf8(text: string): string {
  return [...Buffer.from(text, "utf8")]
    .map((byte) =>
      byte > 0x20 && byte < 0x7f && !"#%&+=?".includes(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).padStart(2, "0")}`,
    )
    .join("");
}

/** A raw query string: `&`, `=` and `%` (valid or not) kept as they are, the rest percent-encoded. */
export function rawQuery(text: string): string {
  return [...Buffer.from(text, "utf8")]
    .map((byte) => (byte > 0x20 && byte < 0x7f && byte !== 0x23 ? String.fromCharCode(byte) : `%${byte.toString(16).padStart(2, "0")}`))
    .join("");
}

const guid = fc.oneof(
  fc.constantFrom("0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210"),
  fc.stringMatching(/^[0-9a-f]{32}$/),
  hostileString,
);

/** A decoded SDK payload: the SDK's shapes with hostile fields. */
const sdkPayload = (accountId: string) =>
  fc.record(
    {
      id: fc.oneof({ weight: 6, arbitrary: fc.constant(accountId) }, { weight: 1, arbitrary: hostileValue }),
      g: guid,
      s: fc.oneof(fc.integer(), hostileValue),
      type: fc.constantFrom("profile", "event", "page", "x"),
      profile: fc.oneof(
        fc.dictionary(hostileKey, hostileValue, { maxKeys: 5 }),
        fc.record({ Identity: identityValue, Email: hostileValue, ct_optout: hostileValue }, { requiredKeys: [] }),
        hostileValue,
      ),
      evtName: fc.oneof(fc.constantFrom("Added To Cart", "wzrk_fetch", "Charged"), hostileString),
      evtData: fc.oneof(
        fc.dictionary(hostileKey, plainValue, { maxKeys: 3 }),
        fc.dictionary(hostileKey, hostileValue, { maxKeys: 5 }),
        hostileValue,
      ),
      cpg: hostileString,
      referrer: hostileString,
      us: hostileString,
      isOUL: hostileValue,
    },
    { requiredKeys: ["id"] },
  );

/** A GET /a query string: the SDK's parameters with LZ payloads of hostile shape, or raw garbage. */
export const sdkQuery = (accountId: string): fc.Arbitrary<{ query: string; fetchMode: boolean }> =>
  fc.record({
    fetchMode: fc.boolean(),
    query: fc.oneof(
      {
        weight: 5,
        arbitrary: fc
          .record({
            type: fc.oneof(
              { weight: 5, arbitrary: fc.constantFrom("page", "push", "ping", "data") },
              { weight: 1, arbitrary: hostileString },
            ),
            payload: fc.oneof({ weight: 5, arbitrary: sdkPayload(accountId) }, { weight: 1, arbitrary: hostileValue }),
            gc: fc.option(guid),
            rn: fc.oneof(fc.nat(), hostileString),
            extra: fc.option(
              fc.constantFrom("&optOut=true", "&optOut=false", "&s=99999999999999999999", "&i=-5", "&d=second", "&arp=%7B%7D"),
            ),
          })
          .map(
            ({ type, payload, gc, rn, extra }) =>
              `t=96&type=${encodeUtf8(type)}` +
              `&d=${encodeURIComponent(LZString.compressToBase64(JSON.stringify(payload) ?? "null"))}` +
              `&rn=${encodeUtf8(String(rn))}${gc === null ? "" : `&gc=${encodeUtf8(gc)}`}${extra ?? ""}`,
          ),
      },
      { weight: 1, arbitrary: fc.string({ maxLength: 80 }).map(rawQuery) },
      {
        weight: 1,
        arbitrary: fc
          .string({ unit: "binary", maxLength: 200 })
          .map((text) => `t=96&type=push&d=${encodeUtf8(LZString.compressToBase64(text))}`),
      },
      { weight: 1, arbitrary: fc.base64String({ maxLength: 400 }).map((d) => `t=96&type=page&d=${encodeURIComponent(d)}`) },
    ),
  });
