// POST /1/upload with an Idempotency-Key header: the first answer to a key (per account) is kept in the same
// transaction as the request's records, so a retry of the same request gets that answer back and applies nothing
// twice, and a crash leaves both or neither. A duplicate sent while the first is still being written waits for it
// (its claim of the key waits on the first one's uncommitted row) and then answers the same; had the first failed
// (rolled back), the duplicate applies the request itself. The same key with another body is a 422. Keys live
// IDEMPOTENCY_KEY_HOURS (pruneIdempotencyKeys); an expired key is a new key.
import crypto from "node:crypto";
import { ApiError } from "../api/api-error";
import { pool, type Tx } from "../db/pool";
import type { Place } from "../location/location-fix";
import type { ChangeContext } from "../profiles/types";
import { pruneIdempotencyKeysNowAndThen } from "./prune-idempotency-keys";
import { type UploadResult, upload } from "./upload";

export const IDEMPOTENCY_KEY_HOURS = 24;
const LIVE = `created_at > now() - interval '${IDEMPOTENCY_KEY_HOURS} hours'`;

/** Someone else's request holds the key (committed while this one waited): read its answer instead. */
class KeyTaken extends Error {}

/** The header's value: absent (undefined) or 1–255 visible ASCII characters, else a 400. */
export function parseIdempotencyKey(header: string | null): string | undefined {
  if (header === null) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(header))
    throw new ApiError(400, "Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID, for example)");
  return header;
}

const hashOf = (body: unknown) => crypto.createHash("sha256").update(JSON.stringify(body)).digest("hex");

async function storedAnswer(accountId: string, key: string): Promise<{ requestHash: string; answer: string } | undefined> {
  const found = await pool().query<{ request_hash: string; answer: string }>(
    `SELECT request_hash, answer FROM idempotency_key WHERE account_id = $1 AND key = $2 AND answer IS NOT NULL AND ${LIVE}`,
    [accountId, key],
  );
  return found.rows[0] && { requestHash: found.rows[0].request_hash, answer: found.rows[0].answer };
}

/** The transaction's first statement: takes the key (an expired row is taken over), or throws KeyTaken. */
async function claimKey(tx: Tx, accountId: string, key: string, requestHash: string): Promise<void> {
  const claimed = await tx.query(
    `INSERT INTO idempotency_key (account_id, key, request_hash) VALUES ($1, $2, $3)
     ON CONFLICT (account_id, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, answer = NULL, created_at = now()
       WHERE NOT (idempotency_key.${LIVE})`,
    [accountId, key, requestHash],
  );
  if (claimed.rowCount === 0) throw new KeyTaken();
}

async function keepAnswer(tx: Tx, accountId: string, key: string, result: UploadResult): Promise<void> {
  await tx.query("UPDATE idempotency_key SET answer = $3 WHERE account_id = $1 AND key = $2", [accountId, key, JSON.stringify(result)]);
}

export async function uploadOnce(options: {
  accountId: string;
  key: string;
  body: unknown;
  context: ChangeContext;
  /** Where the request came from (see upload). */
  place?: Place | null;
}): Promise<{ result: UploadResult; replayed: boolean }> {
  const { accountId, key, body, context } = options;
  const requestHash = hashOf(body);
  pruneIdempotencyKeysNowAndThen({ hours: IDEMPOTENCY_KEY_HOURS });
  // Twice at most: a claim lost to a request that committed meanwhile finds its answer on the second look.
  for (let attempt = 0; ; attempt++) {
    const stored = await storedAnswer(accountId, key);
    if (stored) {
      if (stored.requestHash !== requestHash)
        throw new ApiError(422, `Idempotency-Key '${key}' was already used with a different body; use a new key for a new request`);
      return { result: JSON.parse(stored.answer) as UploadResult, replayed: true };
    }
    try {
      const result = await upload(
        accountId,
        body,
        context,
        {
          first: (tx) => claimKey(tx, accountId, key, requestHash),
          keep: (tx, answer) => keepAnswer(tx, accountId, key, answer),
        },
        options.place,
      );
      return { result, replayed: false };
    } catch (error) {
      if (!(error instanceof KeyTaken)) throw error;
      if (attempt > 0) throw new ApiError(409, `Idempotency-Key '${key}' is in use by another request; retry in a moment`);
    }
  }
}
