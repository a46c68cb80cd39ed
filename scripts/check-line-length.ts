// The second half of `npm run lint`: no line of a source file is longer than Biome's line width. The formatter breaks
// code but leaves long strings, SQL and comments alone; this catches those. Migrations are left out (an applied one
// may never change) and so is Markdown (its tables are as wide as their cells).
import { execFileSync } from "node:child_process";
import fs from "node:fs";

const width: number = JSON.parse(fs.readFileSync("biome.json", "utf8")).formatter.lineWidth;
const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { encoding: "utf8" })
  .split("\n")
  .filter((file) => /\.(ts|tsx|mjs|js|css|prisma)$/.test(file) && !file.startsWith("prisma/migrations/") && fs.existsSync(file));

const long = files.flatMap((file) =>
  fs
    .readFileSync(file, "utf8")
    .split("\n")
    .flatMap((line, index) => (line.length > width ? [`${file}:${index + 1}: ${line.length} characters`] : [])),
);
for (const line of long) console.error(line);
console.log(long.length === 0 ? `No line over ${width} characters.` : `${long.length} lines over ${width} characters.`);
process.exit(long.length === 0 ? 0 : 1);
