// The Web SDK's `type=data` call: a browser's web-push subscription registered for its device, or, when a browser
// switches to another signed-in user, the previous user's device (`d.g`) giving its token up. A registration that
// is not a usable token (an unknown browser, no keys) records nothing: the SDK is answered as usual either way.
import { pool } from "../db/pool";
import type { ChangeContext } from "../profiles/types";
import { sdkTokenCall } from "./push-token";
import { registerPushTokens, unregisterDeviceTokens } from "./register-push-tokens";

export async function applySdkTokenCall(
  accountId: string,
  guid: string,
  /** The device `d.g` names, when the payload names one (an unregister is for the previous user's device). */
  payloadGuid: string | null,
  payload: Record<string, unknown>,
  context: Pick<ChangeContext, "source" | "requestId">,
): Promise<void> {
  const call = sdkTokenCall(payload);
  if (call === null) return;
  if (call.action === "unregister") {
    await unregisterDeviceTokens(pool(), accountId, payloadGuid ?? guid);
    return;
  }
  await registerPushTokens(pool(), accountId, [{ guid, ...call.token }], context);
}
