// CleverTap's POST /1/disassociate (the Node library's `disassociate`): detaches a phone number from the profiles that
// hold it. The Phone property is deleted through the engine (the change log keeps the fact: old value, source, time);
// the number then finds none of them.
import { pool } from "../db/pool";
import { applyRecords } from "./apply-records";
import { SYSTEM_PROPERTIES } from "./system-properties";
import { type ChangeContext, RuleViolation } from "./types";

export type PhoneOutcome = { ok: true; profiles: number } | { ok: false; error: RuleViolation };

export async function disassociatePhones(options: {
  accountId: string;
  phones: unknown[];
  context: ChangeContext;
}): Promise<PhoneOutcome[]> {
  const results: PhoneOutcome[] = [];
  for (const raw of options.phones) {
    let phone: string;
    try {
      phone = String(SYSTEM_PROPERTIES.Phone("value", raw).value);
    } catch (error) {
      if (error instanceof RuleViolation) {
        results.push({ ok: false, error });
        continue;
      }
      throw error;
    }
    const { rows } = await pool().query<{ id: number }>(
      "SELECT id FROM profile WHERE account_id = $1 AND (properties ->> 'Phone') = $2 ORDER BY id LIMIT 100",
      [options.accountId, phone],
    );
    const at = new Date();
    const outcomes = rows.length
      ? await applyRecords({
          accountId: options.accountId,
          records: rows.map((row) => ({
            kind: "profile" as const,
            target: { by: "profile" as const, id: Number(row.id) },
            data: { Phone: { $delete: true } },
            at,
          })),
          context: options.context,
        })
      : [];
    const failed = outcomes.find((outcome) => !outcome.ok);
    results.push(failed && !failed.ok ? { ok: false, error: failed.error } : { ok: true, profiles: rows.length });
  }
  return results;
}
