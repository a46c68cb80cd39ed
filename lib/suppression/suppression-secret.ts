// The key of the suppression list's hashes: TAPESTRY_SUPPRESSION_SECRET, or one generated once and kept (mode 0600)
// in the data folder. Its own key, not the session secret: rotating BETTER_AUTH_SECRET must not lift suppressions.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "../env";

let cached: string | undefined;

export function suppressionSecret(): string {
  cached ??= readOrCreateSecret();
  return cached;
}

function readOrCreateSecret(): string {
  const settings = env();
  if (settings.TAPESTRY_SUPPRESSION_SECRET) return settings.TAPESTRY_SUPPRESSION_SECRET;
  const file = path.join(settings.dataDir, "suppression-secret");
  try {
    const stored = fs.readFileSync(file, "utf8").trim();
    if (stored.length >= 32) return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const secret = crypto.randomBytes(32).toString("base64url");
  fs.mkdirSync(settings.dataDir, { recursive: true });
  // "wx": two processes starting at once keep the first one's key.
  try {
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return fs.readFileSync(file, "utf8").trim();
    throw error;
  }
  return secret;
}
