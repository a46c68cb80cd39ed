// An erased person's values inside the answers kept for Idempotency-Keys (24 h, lib/clevertap/upload-once.ts): an
// answer echoes each refused record whole. A refused record holding one of the person's values (any string in it,
// compared trimmed and case-insensitively, as scrub-segments.ts does) loses its echo and its message, which may
// quote the value; its status and code stay, and the answer's counts, so a retry of that request still gets the
// same outcome and applies nothing (deleting the key instead would let a retry apply the rest of the batch again).
import type { Tx } from "../db/pool";

type Refused = { status: string; code: number; error: string; record: unknown };
type Answer = { status: string; processed: number; unprocessed: Refused[] };

const ERASED = "(erased: the record named a person whose data was erased)";

function strings(value: unknown, into: string[] = []): string[] {
  if (typeof value === "string") into.push(value);
  else if (Array.isArray(value)) for (const item of value) strings(item, into);
  else if (value !== null && typeof value === "object")
    for (const [key, item] of Object.entries(value)) {
      into.push(key);
      strings(item, into);
    }
  return into;
}

/** The answer with the refused records naming one of `values` (lower-cased, trimmed) scrubbed; null if none do. */
export function scrubAnswer(answer: Answer, values: Set<string>): Answer | null {
  let changed = false;
  const unprocessed = answer.unprocessed.map((refused) => {
    if (!strings(refused.record).some((text) => values.has(text.trim().toLowerCase()))) return refused;
    changed = true;
    return { ...refused, error: ERASED, record: null };
  });
  return changed ? { ...answer, unprocessed } : null;
}

export async function scrubIdempotencyAnswers(tx: Tx, accountId: string, personal: string[]): Promise<number> {
  const values = new Set(personal.map((text) => text.trim().toLowerCase()).filter(Boolean));
  if (values.size === 0) return 0;
  // A cheap first pass in SQL: answers whose text holds one of the values as JSON would spell it.
  const needles = [...values].map((value) => JSON.stringify(value).slice(1, -1));
  const { rows } = await tx.query<{ key: string; answer: string }>(
    `SELECT key, answer FROM idempotency_key k
      WHERE account_id = $1 AND answer IS NOT NULL
        AND EXISTS (SELECT 1 FROM unnest($2::text[]) v WHERE strpos(lower(k.answer), v) > 0)
      FOR UPDATE`,
    [accountId, needles],
  );
  let changed = 0;
  for (const row of rows) {
    const scrubbed = scrubAnswer(JSON.parse(row.answer) as Answer, values);
    if (!scrubbed) continue;
    await tx.query("UPDATE idempotency_key SET answer = $3 WHERE account_id = $1 AND key = $2", [
      accountId,
      row.key,
      JSON.stringify(scrubbed),
    ]);
    changed++;
  }
  return changed;
}
