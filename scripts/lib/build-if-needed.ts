// `next build` when the sources changed since the last build (a hash of the inputs is kept in .next/).
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const INPUTS = ["app", "components", "lib", "prisma/schema.prisma", "next.config.mjs", "tsconfig.json", "package-lock.json"];
const DIST_DIR = process.env.NEXT_DIST_DIR || ".next"; // must match next.config.mjs
const STAMP = path.join(DIST_DIR, "tapestry-build-hash");

function hashInputs(): string {
  const hash = crypto.createHash("sha256");
  const visit = (file: string) => {
    if (!fs.existsSync(file)) return;
    const stat = fs.statSync(file);
    if (stat.isDirectory()) {
      if (file.endsWith(`lib${path.sep}generated`)) return;
      for (const name of fs.readdirSync(file).sort()) visit(path.join(file, name));
    } else if (!/\.test\.tsx?$/.test(file)) {
      hash.update(file).update(fs.readFileSync(file));
    }
  };
  INPUTS.forEach(visit);
  return hash.digest("hex");
}

export function buildIfNeeded(): void {
  const wanted = hashInputs();
  const current = fs.existsSync(STAMP) ? fs.readFileSync(STAMP, "utf8") : "";
  if (current === wanted && fs.existsSync(path.join(DIST_DIR, "BUILD_ID"))) return;
  console.log("Building the dashboard (next build)…");
  const started = Date.now();
  const result = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    encoding: "utf8",
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    throw new Error("next build failed (output above)");
  }
  fs.writeFileSync(STAMP, wanted);
  console.log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}
