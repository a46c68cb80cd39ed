// POST /1/subscribe: {"d":[{"type":"email"|"phone","value":…,"status":"Unsubscribe"|"Resubscribe"}]} (≤ 1000) →
// {status, processed, unprocessed:[{status, code, error, record}]}, like /1/upload.
import { ApiError } from "../api/api-error";
import { applySubscriptions, parseSubscription, type Subscription } from "../consents/apply-subscriptions";
import { MAX_RECORDS_PER_UPLOAD } from "../profiles/limits";
import { type ChangeContext, RuleViolation } from "../profiles/types";
import type { UploadResult } from "./upload";

export async function subscribe(accountId: string, body: unknown, context: ChangeContext): Promise<UploadResult> {
  const items = (body as { d?: unknown } | null)?.d;
  if (!Array.isArray(items)) throw new ApiError(400, 'Body must be {"d": [{"type", "value", "status"}]}');
  if (items.length === 0 || items.length > MAX_RECORDS_PER_UPLOAD)
    throw new ApiError(400, `d must hold 1 to ${MAX_RECORDS_PER_UPLOAD} items`);
  const valid: Subscription[] = [];
  const unprocessed: UploadResult["unprocessed"] = [];
  for (const raw of items) {
    try {
      valid.push(parseSubscription(raw));
    } catch (error) {
      if (!(error instanceof RuleViolation)) throw error;
      unprocessed.push({ status: "fail", code: error.code, error: error.message, record: raw });
    }
  }
  await applySubscriptions({ accountId, items: valid, context });
  const processed = valid.length;
  return { status: unprocessed.length === 0 ? "success" : processed === 0 ? "fail" : "partial", processed, unprocessed };
}
