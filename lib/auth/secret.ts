// The key that signs dashboard session cookies: BETTER_AUTH_SECRET, or one kept in the data folder (kept-secret.ts).
import { env } from "../env";
import { keptSecret } from "../secrets/kept-secret";

export function authSecret(): string {
  const { BETTER_AUTH_SECRET, dataDir } = env();
  return keptSecret({ given: BETTER_AUTH_SECRET, dataDir, fileName: "auth-secret" });
}
