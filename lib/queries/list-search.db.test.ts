// A common search prefix against a real PostgreSQL: the page walks the list's order and the counts test each sampled
// profile (list-search.ts); both must give exactly what the indexed set gives — identities as typed and lower-cased,
// names in any case — on every page, forwards and back.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, describe, it } from "node:test";
import { closePools, pool } from "../db/pool";
import { applyRecords } from "../profiles/apply-records";
import type { DomainRecord } from "../profiles/records";
import { countTabs } from "./list-counts";
import { listProfiles } from "./list-profiles";
import { pageStatement } from "./list-sql";
import { type ListState, parseListState } from "./list-state";

const ACCOUNT = `LS-${crypto.randomUUID().slice(0, 8)}`;
/** Mixed case: identities match it as typed or lower-cased, names in any case. */
const PREFIX = `Walk-${ACCOUNT}`;
const START = Date.parse("2026-06-01T00:00:00Z");

before(async () => {
  const records: DomainRecord[] = [];
  for (let i = 0; i < 150; i++) {
    const at = new Date(START + i * 60_000);
    // Every third profile is someone else; of the rest, identities as typed, lower-cased, or only a matching name.
    if (i % 3 === 0) records.push({ kind: "profile", target: { by: "identity", value: `other-${ACCOUNT}-${i}` }, data: {}, at });
    else if (i % 3 === 1) records.push({ kind: "profile", target: { by: "identity", value: `${PREFIX}-${i}` }, data: {}, at });
    else if (i % 2 === 0)
      records.push({ kind: "profile", target: { by: "identity", value: `${PREFIX.toLowerCase()}-${i}` }, data: {}, at });
    else
      records.push({
        kind: "profile",
        target: { by: "device", guid: crypto.randomBytes(16).toString("hex") },
        data: { Name: `${PREFIX.toUpperCase()} ${i}` },
        at,
      });
  }
  const outcomes = await applyRecords({ accountId: ACCOUNT, records, context: { source: "api" } });
  assert.ok(outcomes.every((o) => o.ok));
});
after(() => closePools());

const search = (extra: Record<string, string> = {}): ListState => parseListState({ q: PREFIX, size: "20", ...extra });

/** The page the indexed set gives (no walk), in display order. */
async function setPage(state: ListState): Promise<number[]> {
  const statement = pageStatement(ACCOUNT, state);
  const { rows } = await pool().query<{ id: string }>(statement.text, statement.values);
  const ids = rows.slice(0, state.size).map((r) => Number(r.id));
  return statement.backwards ? ids.reverse() : ids;
}

describe("a common search prefix", () => {
  it("a walk along the order gives the set's page", async () => {
    for (const sort of [{}, { sort: "first_seen", dir: "asc" }]) {
      const state = search(sort);
      const walk = pageStatement(ACCOUNT, state, state.size + 1, state, undefined, 10_000);
      const { rows } = await pool().query<{ id: string }>(walk.text, walk.values);
      assert.deepEqual(
        rows.slice(0, state.size).map((r) => Number(r.id)),
        await setPage(state),
      );
      assert.equal(rows.length, state.size + 1);
    }
  });

  it("every page, forwards and back, matches the set; the last is partial", async () => {
    let state = search();
    const seen: number[] = [];
    for (;;) {
      const page = await listProfiles(ACCOUNT, state, pool());
      assert.deepEqual(
        page.rows.map((r) => r.id),
        await setPage(state),
      );
      seen.push(...page.rows.map((r) => r.id));
      if (!page.next) break;
      const back = await listProfiles(ACCOUNT, search({ before: page.next }), pool());
      assert.deepEqual(
        back.rows.map((r) => r.id),
        await setPage(search({ before: page.next })),
      );
      state = search({ after: page.next });
    }
    assert.equal(seen.length, 100);
    assert.equal(new Set(seen).size, 100);
  });

  it("counts tested per sampled profile equal the exact counts", async () => {
    const exact = await countTabs(ACCOUNT, search(), pool());
    assert.deepEqual(exact, {
      all: { n: 100, estimated: false },
      identified: { n: 75, estimated: false },
      anonymous: { n: 25, estimated: false },
    });
    // cap 0: 50 identity values are "more than four per profile over the cap", so the search counts as common and
    // the whole-table "sample" tests each profile on its own.
    assert.deepEqual(await countTabs(ACCOUNT, search(), pool(), { cap: 0, samplePages: 1e9 }), exact);
  });
});
