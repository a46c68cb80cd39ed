// A staff change of a consent (MSG-email / push / sms / whatsapp: set on, off, or back to not set) needs a reason,
// whichever form or action it comes through. The shared edit schemas check it for the forms; editProfile checks it
// again for every staff edit, so no path can skip it.
import { CONSENT_KEYS } from "../profiles/system-properties";

export const REASON_MIN = 3;
export const REASON_MAX = 500;
export const REASON_MESSAGE = `Say why the consent changes (at least ${REASON_MIN} characters).`;

export const isConsentKey = (key: string): boolean => (CONSENT_KEYS as readonly string[]).includes(key);

/** The problem with a staff edit touching `keys` with this reason, or null. */
export function consentReasonProblem(keys: string[], reason: string | null | undefined): string | null {
  if (!keys.some(isConsentKey)) return null;
  const text = reason?.trim() ?? "";
  if (text.length < REASON_MIN) return REASON_MESSAGE;
  if (text.length > REASON_MAX) return `At most ${REASON_MAX} characters.`;
  return null;
}
