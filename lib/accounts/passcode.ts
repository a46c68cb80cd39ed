// Account passcodes: random, high-entropy secrets, stored as SHA-256 and compared in constant time.
import crypto from "node:crypto";

export const hashPasscode = (passcode: string): string => crypto.createHash("sha256").update(passcode, "utf8").digest("hex");

export function passcodeMatches(passcode: string, storedHash: string): boolean {
  const given = Buffer.from(hashPasscode(passcode), "hex");
  const stored = Buffer.from(storedHash, "hex");
  return stored.length === given.length && crypto.timingSafeEqual(given, stored);
}

/** CleverTap-style ids such as "TAP-4K7-9QZX". */
export function newAccountId(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const pick = (n: number) => Array.from(crypto.randomBytes(n), (byte) => alphabet[byte % alphabet.length]).join("");
  return `TAP-${pick(3)}-${pick(4)}`;
}

export const newPasscode = (): string => crypto.randomBytes(24).toString("base64url");
