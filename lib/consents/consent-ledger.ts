// The consent ledger of a profile, per channel and newest first: every change of its MSG-* keys read from the change
// log (the profile_change view: no second copy to drift from it), and the subscribe-API history of its current e-mail
// and phone number (source "api"), with each channel's effective state.
import { pool } from "../db/pool";
import { CONSENT_KEYS } from "../profiles/system-properties";
import type { SubscriptionStatus } from "./apply-subscriptions";
import { CHANNEL_OF, type Effective, effectiveConsent } from "./effective-consent";
import type { ConsentKey } from "./merge-consents";

export type LedgerEntry = {
  at: Date;
  /** "profile": the MSG-* flag; "address": the channel value (subscribe API) */
  scope: "profile" | "address";
  /** on / off / not set for the flag; Unsubscribe / Resubscribe for an address */
  from: string | null;
  to: string;
  source: string;
  actor: string | null;
  reason: string | null;
  requestId: string | null;
};
export type ChannelLedger = {
  key: ConsentKey;
  flag: boolean | null;
  address: { value: string; status: SubscriptionStatus } | null;
  effective: Effective;
  entries: LedgerEntry[];
};

const flagText = (value: unknown) => (value === true ? "on" : value === false ? "off" : "not set");

export async function getConsentLedger(profileId: number): Promise<ChannelLedger[] | null> {
  const { rows: profiles } = await pool().query<{ account_id: string; properties: Record<string, unknown> }>(
    "SELECT account_id, properties FROM profile WHERE id = $1",
    [profileId],
  );
  const profile = profiles[0];
  if (!profile) return null;
  const email = typeof profile.properties.Email === "string" ? profile.properties.Email.toLowerCase() : null;
  const phone = typeof profile.properties.Phone === "string" ? profile.properties.Phone : null;
  const [changes, addresses] = await Promise.all([
    pool().query<{
      key: ConsentKey;
      old_value: unknown;
      new_value: unknown;
      source: string;
      actor: string | null;
      reason: string | null;
      request_id: string | null;
      created_at: Date;
    }>(
      `SELECT key, old_value, new_value, source, actor, reason, request_id, created_at FROM profile_change
        WHERE profile_id = $1 AND key = ANY($2::text[]) ORDER BY id DESC`,
      [profileId, CONSENT_KEYS],
    ),
    pool().query<{
      channel: "email" | "phone";
      value: string;
      status: SubscriptionStatus;
      source: string;
      actor: string | null;
      request_id: string | null;
      created_at: Date;
    }>(
      `SELECT channel, value, status, source, actor, request_id, created_at FROM channel_subscription_change
        WHERE account_id = $1 AND ((channel = 'email' AND value = $2) OR (channel = 'phone' AND value = $3)) ORDER BY id DESC`,
      [profile.account_id, email, phone],
    ),
  ]);
  return CONSENT_KEYS.map((key) => {
    const channel = CHANNEL_OF[key];
    const history = channel ? addresses.rows.filter((row) => row.channel === channel) : [];
    const address = history[0] ? { value: history[0].value, status: history[0].status } : null;
    const flag = typeof profile.properties[key] === "boolean" ? (profile.properties[key] as boolean) : null;
    const entries: LedgerEntry[] = [
      ...changes.rows
        .filter((row) => row.key === key)
        .map((row) => ({
          at: row.created_at,
          scope: "profile" as const,
          from: flagText(row.old_value),
          to: flagText(row.new_value),
          source: row.source,
          actor: row.actor,
          reason: row.reason,
          requestId: row.request_id,
        })),
      ...history.map((row, index) => ({
        at: row.created_at,
        scope: "address" as const,
        from: history[index + 1]?.status ?? null,
        to: `${row.status} (${row.value})`,
        source: row.source,
        actor: row.actor,
        reason: null,
        requestId: row.request_id,
      })),
    ].sort((a, b) => b.at.getTime() - a.at.getTime());
    return { key, flag, address, effective: effectiveConsent(flag, address), entries };
  });
}
