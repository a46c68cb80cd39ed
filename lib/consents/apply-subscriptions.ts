// CleverTap's subscribe API: an e-mail address or phone number unsubscribed (or resubscribed) as a channel value,
// covering every profile that holds it now or later. Each call appends to channel_subscription_change (the newest
// row per value is its state; the history is the ledger), in one transaction. Bad items get a per-record error.
import { withTransaction } from "../db/pool";
import { ErrorCode } from "../profiles/error-codes";
import { SYSTEM_PROPERTIES } from "../profiles/system-properties";
import { type ChangeContext, RuleViolation } from "../profiles/types";

export const SUBSCRIPTION_STATUSES = ["Unsubscribe", "Resubscribe"] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];
export type Channel = "email" | "phone";
export type Subscription = { channel: Channel; value: string; status: SubscriptionStatus };

/** The stored form of a channel value: e-mails lower-cased, phones in E.164 (as the profile keys store them). */
export function channelValue(channel: Channel, raw: unknown): string {
  if (channel === "email") return String(SYSTEM_PROPERTIES.Email("value", raw).value).toLowerCase();
  return String(SYSTEM_PROPERTIES.Phone("value", raw).value);
}

/** One item of the request body, checked; throws a RuleViolation naming what is wrong. */
export function parseSubscription(raw: unknown): Subscription {
  const item = raw !== null && typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
  if (!item) throw new RuleViolation(ErrorCode.invalid, "each item must be an object {type, value, status}");
  if (item.type !== "email" && item.type !== "phone") throw new RuleViolation(ErrorCode.invalid, "type must be 'email' or 'phone'", "type");
  if (!(SUBSCRIPTION_STATUSES as readonly unknown[]).includes(item.status))
    throw new RuleViolation(ErrorCode.invalid, "status must be 'Unsubscribe' or 'Resubscribe'", "status");
  return { channel: item.type, value: channelValue(item.type, item.value), status: item.status as SubscriptionStatus };
}

export async function applySubscriptions(options: { accountId: string; items: Subscription[]; context: ChangeContext }): Promise<void> {
  if (options.items.length === 0) return;
  const { accountId, items, context } = options;
  await withTransaction((tx) =>
    tx.query(
      `INSERT INTO channel_subscription_change (account_id, channel, value, status, source, actor, request_id)
       SELECT $1, i.channel, i.value, i.status, $3, $4, $5 FROM json_to_recordset($2::json) AS i(channel text, value text, status text)`,
      [accountId, JSON.stringify(items), context.source, context.actor ?? null, context.requestId ?? null],
    ),
  );
}
