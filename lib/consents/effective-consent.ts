// Which consent wins when a profile's MSG-* flag and its address's channel state (the subscribe API) disagree:
//
//   An address that is unsubscribed wins over the profile's flag: nothing goes to that e-mail or phone number,
//   whatever MSG-* says. A resubscribe only lifts the address's block; the profile's MSG-* flag then decides.
//
// E-mail addresses carry MSG-email; phone numbers carry MSG-sms and MSG-whatsapp. MSG-push has no address.
import type { SubscriptionStatus } from "./apply-subscriptions";
import type { ConsentKey } from "./merge-consents";

export const CHANNEL_OF: Record<ConsentKey, "email" | "phone" | null> = {
  "MSG-email": "email",
  "MSG-sms": "phone",
  "MSG-whatsapp": "phone",
  "MSG-push": null,
};

export type Effective = { value: boolean | null; decidedBy: "address" | "profile"; explanation: string };

export function effectiveConsent(flag: boolean | null, address: { value: string; status: SubscriptionStatus } | null): Effective {
  if (address?.status === "Unsubscribe")
    return {
      value: false,
      decidedBy: "address",
      explanation: `${address.value} is unsubscribed (subscribe API): this wins over the profile's flag`,
    };
  const flagText = flag === true ? "on" : flag === false ? "off" : "not set";
  return {
    value: flag,
    decidedBy: "profile",
    explanation: address
      ? `${address.value} is resubscribed, so the profile's flag decides: ${flagText}`
      : `the profile's flag decides: ${flagText}`,
  };
}
