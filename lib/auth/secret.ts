// The key that signs dashboard session cookies: BETTER_AUTH_SECRET, or one generated once and kept (mode 0600)
// in the data folder so sessions survive restarts. Never committed: the data folder is git-ignored.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "../env";

export function authSecret(): string {
  const settings = env();
  if (settings.BETTER_AUTH_SECRET) return settings.BETTER_AUTH_SECRET;
  const file = path.join(settings.dataDir, "auth-secret");
  try {
    const stored = fs.readFileSync(file, "utf8").trim();
    if (stored.length >= 32) return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const secret = crypto.randomBytes(32).toString("base64url");
  fs.mkdirSync(settings.dataDir, { recursive: true });
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
