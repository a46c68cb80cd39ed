// What the demo shop needs to initialise the Web SDK against this server: the account id and the SDK's target
// domain (host:port of the HTTPS listener, or TAPESTRY_SDK_DOMAIN behind a TLS-terminating proxy).
import { dashboardAccountId } from "../../accounts/dashboard-account";
import { env } from "../../env";

export type DemoSettings = { accountId: string | null; targetDomain: string };

/** The host name of a Host header ("example.com:3000" → "example.com", "[::1]:3000" → "[::1]"); localhost if absent or odd. */
export function hostNameOf(hostHeader: string | null): string {
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d+)?$/.exec(hostHeader ?? "");
  return match ? match[1] : "localhost";
}

export async function demoSettings(hostHeader: string | null): Promise<DemoSettings> {
  const settings = env();
  const accountId = await dashboardAccountId();
  return { accountId, targetDomain: settings.TAPESTRY_SDK_DOMAIN ?? `${hostNameOf(hostHeader)}:${settings.HTTPS_PORT}` };
}
