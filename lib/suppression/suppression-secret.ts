// The key of the suppression list's hashes: TAPESTRY_SUPPRESSION_SECRET, or one kept in the data folder
// (kept-secret.ts). Its own key, not the session secret: rotating BETTER_AUTH_SECRET must not lift suppressions.
import { env } from "../env";
import { keptSecret } from "../secrets/kept-secret";

let cached: string | undefined;

export function suppressionSecret(): string {
  const { TAPESTRY_SUPPRESSION_SECRET, dataDir } = env();
  cached ??= keptSecret({ given: TAPESTRY_SUPPRESSION_SECRET, dataDir, fileName: "suppression-secret" });
  return cached;
}
