// A server secret: the operator's setting when given, else one generated once and kept (mode 0600) in the data folder
// so it survives restarts. Never committed: the data folder is git-ignored. Processes on other machines do not share
// the folder: there, set the setting (README, more than one app process).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export function keptSecret(options: { given: string | undefined; dataDir: string; fileName: string }): string {
  if (options.given) return options.given;
  const file = path.join(options.dataDir, options.fileName);
  try {
    const stored = fs.readFileSync(file, "utf8").trim();
    if (stored.length >= 32) return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const secret = crypto.randomBytes(32).toString("base64url");
  fs.mkdirSync(options.dataDir, { recursive: true });
  // "wx": two processes starting at once keep the first one's key.
  try {
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return fs.readFileSync(file, "utf8").trim();
    throw error;
  }
  return secret;
}
