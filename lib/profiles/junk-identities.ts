// Placeholder values that buggy integrations send as an identity ("undefined", "null", "0", test@test.com…). Taken as
// identities, every browser that sends one would be pointed at one shared profile, so they are refused as identities
// (the rest of the record still applies). Segment's identity resolution blocks such values for the same reason.
// TAPESTRY_JUNK_IDENTITIES adds more (lib/env.ts).

/** Compared case-insensitively, after trimming. */
export const BUILT_IN_JUNK_IDENTITIES: readonly string[] = [
  "undefined",
  "null",
  "nil",
  "none",
  "nan",
  "0",
  "-1",
  "[object object]",
  "{}",
  "[]",
  "true",
  "false",
  "anonymous",
  "unknown",
  "n/a",
  "na",
  "test",
  "guest",
  "test@test.com",
  "test@example.com",
  "example@example.com",
  "email@example.com",
  "user@example.com",
  "noemail@noemail.com",
  "no@email.com",
  "none@none.com",
  "null@null.com",
  "undefined@undefined.com",
];

const BUILT_IN = new Set(BUILT_IN_JUNK_IDENTITIES);

/** Is `value` a placeholder rather than somebody's identity? `extra`: lower-cased values of the setting. */
export function isJunkIdentity(value: string, extra: ReadonlySet<string> = new Set()): boolean {
  const normal = value.trim().toLowerCase();
  return BUILT_IN.has(normal) || extra.has(normal);
}
