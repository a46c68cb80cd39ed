// npm start: database (embedded unless DATABASE_URL), migrations, account, build if needed, serve.
import { ensureAccount } from "../lib/accounts/ensure-account";
import { closePools, pool, withMaintenanceClient } from "../lib/db/pool";
import { env } from "../lib/env";
import { syncPropertyIndexes } from "../lib/queries/list-property-indexes";
import { seedIfEmpty } from "../lib/seed/seed-if-empty";
import { ensureFirstAdmin } from "../lib/staff/ensure-first-admin";
import { buildIfNeeded } from "./lib/build-if-needed";
import { type Database, openDatabase } from "./lib/database";
import { type Servers, serve } from "./lib/serve";
import { loadOrCreateCertificate } from "./lib/tls";

process.env.NEXT_TELEMETRY_DISABLED = "1";
let database: Database | undefined;
let servers: Servers | undefined;
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await servers?.close().catch(() => undefined);
    // Only a database that was opened has a pool to close (pool() throws while DATABASE_URL is still unset).
    if (database) await closePools().catch(() => undefined);
    await database?.stop().catch(() => undefined);
  }
  process.exit(code);
}

async function main() {
  const settings = env();
  database = await openDatabase();
  const account = await ensureAccount(pool(), { accountId: settings.TAPESTRY_ACCOUNT_ID, passcode: settings.TAPESTRY_PASSCODE });
  const firstAdmin = await ensureFirstAdmin({ email: settings.ADMIN_EMAIL, password: settings.ADMIN_PASSWORD });
  const seeded = await seedIfEmpty({ accountId: account.accountId, enabled: settings.TAPESTRY_SEED !== "0" });
  if (seeded)
    console.log(
      `Demo data: ${seeded.profiles} profiles from ${seeded.records} records in ${(seeded.ms / 1000).toFixed(1)} s ` +
        "(TAPESTRY_SEED=0 skips it).",
    );
  const sortIndexes = await withMaintenanceClient((client) => syncPropertyIndexes(client, settings.TAPESTRY_INDEXED_PROPERTIES));
  if (sortIndexes.created.length || sortIndexes.dropped)
    console.log(
      `Profile list sort indexes: created for ${sortIndexes.created.join(", ") || "none"}, ` +
        `${sortIndexes.dropped} no longer declared dropped (TAPESTRY_INDEXED_PROPERTIES).`,
    );
  buildIfNeeded();
  const tls = await loadOrCreateCertificate({ dataDir: settings.dataDir, certFile: settings.TLS_CERT, keyFile: settings.TLS_KEY });
  servers = await serve({ port: settings.PORT, host: settings.HOST, https: { port: settings.HTTPS_PORT, cert: tls.cert, key: tls.key } });
  const shown = settings.HOST === "0.0.0.0" ? "localhost" : settings.HOST;
  console.log(`
Tapestry is running
  Dashboard  http://${shown}:${settings.PORT}
  REST API   http://${shown}:${settings.PORT}/1   X-CleverTap-Account-Id: ${account.accountId}
  Web SDK    https://${shown}:${settings.HTTPS_PORT}/a   clevertap.init('${account.accountId}', '', '${shown}:${settings.HTTPS_PORT}')
  HTTPS      ${tls.describe}
  Demo shop  http://${shown}:${settings.PORT}/demo
  Database   ${database.describe}`);
  if (account.createdPasscode) {
    console.log(`
  New account created. Its passcode is shown only this once; keep it:
    X-CleverTap-Passcode: ${account.createdPasscode}
  (Set TAPESTRY_PASSCODE to choose your own.)`);
  }
  console.log(`
  Sign in    http://${shown}:${settings.PORT}/sign-in${firstAdmin ? `   first admin: ${firstAdmin.email}` : ""}`);
  if (firstAdmin?.generatedPassword) {
    console.log(`  Its password is shown only this once; keep it: ${firstAdmin.generatedPassword}
  (Set ADMIN_EMAIL / ADMIN_PASSWORD before the first start to choose your own.)`);
  }
  console.log("\nCtrl-C stops Tapestry and its database.");
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void shutdown(0));

main().catch(async (error: unknown) => {
  console.error(`Tapestry did not start: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
