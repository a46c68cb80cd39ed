// An erased person's values inside saved segments: a filter comparing with one of them (value or second value) is
// removed, and a search equal to one is cleared. Case-insensitive: a filter on an e-mail matches any case.
import type { Tx } from "../db/pool";

type Stored = { tab?: unknown; q?: unknown; filters?: { key?: unknown; op?: unknown; value?: unknown; value2?: unknown }[] };

export function scrubState(state: Stored, values: Set<string>): Stored | null {
  const named = (text: unknown) => typeof text === "string" && text.trim() !== "" && values.has(text.trim().toLowerCase());
  const filters = Array.isArray(state.filters) ? state.filters : [];
  const kept = filters.filter((filter) => !named(filter.value) && !named(filter.value2));
  const clearQ = named(state.q);
  if (kept.length === filters.length && !clearQ) return null;
  return { ...state, q: clearQ ? "" : state.q, filters: kept };
}

export async function scrubSegments(tx: Tx, accountId: string, strings: string[]): Promise<number> {
  if (strings.length === 0) return 0;
  const values = new Set(strings.map((text) => text.trim().toLowerCase()).filter(Boolean));
  const { rows } = await tx.query<{ id: number; state: Stored }>("SELECT id, state FROM saved_segment WHERE account_id = $1 FOR UPDATE", [
    accountId,
  ]);
  let changed = 0;
  for (const row of rows) {
    const scrubbed = scrubState(row.state ?? {}, values);
    if (!scrubbed) continue;
    await tx.query("UPDATE saved_segment SET state = $2::jsonb WHERE id = $1", [row.id, JSON.stringify(scrubbed)]);
    changed++;
  }
  return changed;
}
