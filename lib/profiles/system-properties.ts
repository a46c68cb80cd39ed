// CleverTap's standard profile keys and how each value is checked and normalised.
import { isWireDate, parseIsoDate, parseWireDate } from "./dates";
import { ErrorCode } from "./error-codes";
import { checkString, describe, type Typed } from "./typed-value";
import { IDENTITY_KINDS, RuleViolation } from "./types";

type Normalizer = (key: string, raw: unknown) => Typed;

const text: Normalizer = (key, raw) => {
  if (typeof raw === "string" && raw.trim() !== "") return { value: checkString(key, raw.trim()), type: "string" };
  if (typeof raw === "number" && Number.isFinite(raw)) return { value: String(raw), type: "string" };
  throw new RuleViolation(ErrorCode.invalid, `'${key}' must be a non-empty string, got ${describe(raw)}`, key);
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const email: Normalizer = (key, raw) => {
  if (typeof raw === "string" && EMAIL.test(raw.trim())) return { value: checkString(key, raw.trim()), type: "string" };
  throw new RuleViolation(ErrorCode.invalidEmail, `'${key}': ${JSON.stringify(raw)?.slice(0, 80)} is not an e-mail address`, key);
};

const E164 = /^\+[1-9]\d{6,14}$/;
/** E.164 with country code. The Web SDK sends a number with its "+" stripped: it gets the "+" back. */
const phone: Normalizer = (key, raw) => {
  let candidate: string | null = null;
  if (typeof raw === "number" && Number.isInteger(raw) && raw > 0) candidate = `+${raw}`;
  else if (typeof raw === "string") candidate = raw.replace(/[\s\-().]/g, "");
  if (candidate !== null && E164.test(candidate)) return { value: candidate, type: "string" };
  throw new RuleViolation(
    ErrorCode.invalidPhone,
    `'${key}': ${JSON.stringify(raw)?.slice(0, 40)} is not a phone number in E.164 form (+ country code and number, 8 to 16 characters)`,
    key,
  );
};

const GENDERS: Record<string, string> = { m: "M", male: "M", f: "F", female: "F", o: "O", other: "O", others: "O", u: "U", unknown: "U" };
const gender: Normalizer = (key, raw) => {
  const lookup = typeof raw === "string" ? raw.trim().toLowerCase() : "";
  const normalized = Object.hasOwn(GENDERS, lookup) ? GENDERS[lookup] : undefined; // "constructor" is no gender
  if (normalized) return { value: normalized, type: "string" };
  throw new RuleViolation(ErrorCode.invalidGender, `'${key}': ${JSON.stringify(raw)?.slice(0, 40)} is not a gender; use M, F, O or U`, key);
};

const dob: Normalizer = (key, raw) => {
  let seconds: number | null = null;
  if (isWireDate(raw)) seconds = parseWireDate(key, raw, { legacyYmd: true });
  else if (typeof raw === "string") seconds = parseIsoDate(raw);
  if (seconds === null) {
    throw new RuleViolation(
      ErrorCode.invalid,
      `'${key}': ${JSON.stringify(raw)?.slice(0, 40)} is not a date; use "$D_<epoch seconds>"`,
      key,
    );
  }
  if (seconds > Date.now() / 1000 + 86400)
    throw new RuleViolation(ErrorCode.invalid, `'${key}': a date of birth cannot be in the future`, key);
  return { value: seconds, type: "date" };
};

const age: Normalizer = (key, raw) => {
  const value = typeof raw === "string" && /^\d+$/.test(raw.trim()) ? Number(raw) : raw;
  if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 150) return { value, type: "integer" };
  throw new RuleViolation(ErrorCode.invalidAge, `'${key}': ${JSON.stringify(raw)?.slice(0, 40)} is not an age (a whole number 0–150)`, key);
};

function oneOf(code: number, allowed: Record<string, string>, hint: string): Normalizer {
  return (key, raw) => {
    const lookup = typeof raw === "boolean" ? (raw ? "y" : "n") : typeof raw === "string" ? raw.trim().toLowerCase() : "";
    const normalized = Object.hasOwn(allowed, lookup) ? allowed[lookup] : undefined;
    if (normalized) return { value: normalized, type: "string" };
    throw new RuleViolation(code, `'${key}': ${JSON.stringify(raw)?.slice(0, 40)} is not allowed; use ${hint}`, key);
  };
}
const yesNo = { y: "Y", yes: "Y", n: "N", no: "N" };

/** MSG-* consents: a boolean (the strings "true"/"false" are accepted from loosely typed callers). */
const consent: Normalizer = (key, raw) => {
  if (typeof raw === "boolean") return { value: raw, type: "boolean" };
  if (raw === "true" || raw === "false") return { value: raw === "true", type: "boolean" };
  throw new RuleViolation(ErrorCode.invalid, `'${key}' is a consent and must be true or false, got ${describe(raw)}`, key);
};

/** Latitude / Longitude: a number in range (a numeric string accepted); stored as a float. */
function coordinate(limit: number): Normalizer {
  return (key, raw) => {
    const value = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : raw;
    if (typeof value === "number" && Number.isFinite(value) && Math.abs(value) <= limit) return { value, type: "float" };
    throw new RuleViolation(
      ErrorCode.invalid,
      `'${key}': ${JSON.stringify(raw)?.slice(0, 40)} is not a number from -${limit} to ${limit}`,
      key,
    );
  };
}

export const CONSENT_KEYS = ["MSG-email", "MSG-push", "MSG-sms", "MSG-whatsapp"] as const;

export const SYSTEM_PROPERTIES: Record<string, Normalizer> = {
  Name: text,
  Email: email,
  Phone: phone,
  Gender: gender,
  DOB: dob,
  Age: age,
  Identity: text,
  Photo: text,
  Employed: oneOf(ErrorCode.invalidEmployed, yesNo, "Y or N"),
  Education: oneOf(
    ErrorCode.invalidEducation,
    { school: "School", college: "College", graduate: "Graduate" },
    "School, College or Graduate",
  ),
  Married: oneOf(ErrorCode.invalidMarried, yesNo, "Y or N"),
  tz: text,
  FBID: text,
  GPID: text,
  // Location (lib/location): set from the request's address and the SDK's getLocation, or by a client or staff.
  Country: text,
  Region: text,
  City: text,
  Latitude: coordinate(90),
  Longitude: coordinate(180),
  ...Object.fromEntries(CONSENT_KEYS.map((key) => [key, consent])),
};

export const isSystemKey = (key: string): boolean => Object.hasOwn(SYSTEM_PROPERTIES, key);

/** Whether a property may be deleted (`$delete`, the dashboard's delete button): an identity may not. */
export const canDeleteProperty = (key: string): boolean => !(IDENTITY_KINDS as readonly string[]).includes(key);
