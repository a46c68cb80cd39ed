// POST /1/upload: {"d":[records]} → {status, processed, unprocessed:[{status, code, error, record}]}.
import { ApiError } from "../api/api-error";
import type { Tx } from "../db/pool";
import type { Place } from "../location/location-fix";
import { applyRecords } from "../profiles/apply-records";
import { ErrorCode } from "../profiles/error-codes";
import { MAX_RECORDS_PER_UPLOAD } from "../profiles/limits";
import type { DomainRecord, RecordOutcome } from "../profiles/records";
import { type ChangeContext, RuleViolation } from "../profiles/types";
import { admitRecords } from "../profiles/write-backlog";
import { registerPushTokens } from "../push-tokens/register-push-tokens";
import { suppressedRecords } from "../suppression/check-suppressed";
import { parseUploadRecord, type TokenRecord } from "./parse-upload-record";

export type Unprocessed = { status: "fail"; code: number; error: string; record: unknown };
export type UploadResult = { status: "success" | "partial" | "fail"; processed: number; unprocessed: Unprocessed[] };

/** Work of the caller's own in the request's transaction (an Idempotency-Key: claim it first, keep the answer last). */
export type UploadHooks = { first: (tx: Tx) => Promise<void>; keep: (tx: Tx, result: UploadResult) => Promise<void> };

/** `place`: where the request came from (its client address, lib/location); each record carries it to the engine. */
export async function upload(
  accountId: string,
  body: unknown,
  context: ChangeContext,
  hooks?: UploadHooks,
  place?: Place | null,
): Promise<UploadResult> {
  const records = (body as { d?: unknown } | null)?.d;
  if (!Array.isArray(records)) throw new ApiError(400, 'Body must be {"d": [records]}');
  if (records.length === 0) throw new ApiError(400, "d is empty: send 1 to 1000 records");
  if (records.length > MAX_RECORDS_PER_UPLOAD)
    throw new ApiError(400, `d has ${records.length} records; the limit is ${MAX_RECORDS_PER_UPLOAD} per request`);

  const now = new Date();
  const parsed = records.map((raw): Parsed => {
    try {
      return parseUploadRecord(raw, now);
    } catch (error) {
      if (error instanceof RuleViolation) return error;
      throw error;
    }
  });
  // Records naming an erased person's identity or device are refused until an admin lifts the suppression.
  const suppressed = await suppressedRecords(
    accountId,
    parsed.map((p) =>
      p instanceof RuleViolation
        ? null
        : p.kind === "token"
          ? { kind: "profile", target: { by: "device", guid: p.registration.guid }, data: {}, at: now }
          : p,
    ),
  );
  parsed.forEach((_, index) => {
    const kind = suppressed[index];
    if (kind)
      parsed[index] = new RuleViolation(
        ErrorCode.suppressed,
        `this ${kind === "device" ? "device" : kind} belongs to an erased person and is suppressed`,
      );
  });
  const valid = parsed
    .filter((p): p is DomainRecord => !(p instanceof RuleViolation) && p.kind !== "token")
    .map((record) => (place ? { ...record, location: { place } } : record));
  const tokens = parsed.filter((p): p is TokenRecord => !(p instanceof RuleViolation) && p.kind === "token").map((t) => t.registration);
  // With hooks, even a batch of invalid records runs its (empty) transaction: its answer is kept like any other.
  if (valid.length === 0 && tokens.length === 0 && !hooks) return answerOf(records, parsed, [], []);
  const release = admitRecords(valid.length + tokens.length); // WriteBacklogFull: answered 503 by the API wrapper
  try {
    // Tokens are written last in the records' transaction: a device an earlier record of the batch made is found.
    let tokenOutcomes: (RuleViolation | null)[] = [];
    const within =
      hooks || tokens.length > 0
        ? {
            first: async (tx: Tx) => hooks?.first(tx),
            last: async (tx: Tx, outcomes: RecordOutcome[]) => {
              tokenOutcomes = await registerPushTokens(tx, accountId, tokens, context);
              await hooks?.keep(tx, answerOf(records, parsed, outcomes, tokenOutcomes));
            },
          }
        : undefined;
    const outcomes = await applyRecords({ accountId, records: valid, context, within });
    return answerOf(records, parsed, outcomes, tokenOutcomes);
  } finally {
    release();
  }
}

type Parsed = DomainRecord | TokenRecord | RuleViolation;

function answerOf(records: unknown[], parsed: Parsed[], outcomes: RecordOutcome[], tokenOutcomes: (RuleViolation | null)[]): UploadResult {
  // A record applied without an identity key it may not have (refused on its own) counts as processed and is also
  // listed with that key's error, so the client sees what was not stored.
  const unprocessed: Unprocessed[] = [];
  let processed = 0;
  let next = 0;
  let nextToken = 0;
  parsed.forEach((p, index) => {
    const errors =
      p instanceof RuleViolation
        ? [p]
        : p.kind === "token"
          ? (() => {
              const error = tokenOutcomes[nextToken++] ?? null;
              if (error === null) processed += 1;
              return error === null ? [] : [error];
            })()
          : (() => {
              const outcome = outcomes[next++];
              if (!outcome.ok) return [outcome.error];
              processed += 1;
              return outcome.refused;
            })();
    for (const error of errors) unprocessed.push({ status: "fail", code: error.code, error: error.message, record: records[index] });
  });
  return { status: unprocessed.length === 0 ? "success" : processed === 0 ? "fail" : "partial", processed, unprocessed };
}
