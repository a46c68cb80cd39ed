// Sort indexes made on demand (list-sort-indexes.ts) against a real PostgreSQL: the first sort by an undeclared
// custom property builds its index in the background, later sorts walk it; the number is bounded; hostile keys
// become a quoted literal and a hashed name, never SQL; two callers never build one key twice.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, describe, it } from "node:test";
import { closePools, pool } from "../db/pool";
import { applyRecords } from "../profiles/apply-records";
import { listProfiles } from "./list-profiles";
import { propertyIndexName, syncPropertyIndexes } from "./list-property-indexes";
import { forgetSortIndexes, requestSortIndex, sortIndexBuilds } from "./list-sort-indexes";
import { pageStatement } from "./list-sql";
import { DEFAULT_STATE, type ListState } from "./list-state";

const ACCOUNT = `SI-${crypto.randomUUID().slice(0, 8)}`;
const tag = crypto.randomBytes(3).toString("hex");
const HOSTILE = `Rank ${tag}'); DROP TABLE profile; --"`;
const made: string[] = [];

async function cleanUp() {
  for (const name of made) await pool().query(`DROP INDEX IF EXISTS "${name}"`);
  await pool().query("DELETE FROM property_sort_index WHERE index_name = ANY($1::text[])", [made]);
  forgetSortIndexes();
}
after(async () => {
  await cleanUp();
  await closePools();
});

const indexState = async (key: string) =>
  (
    await pool().query<{ valid: boolean; state: string; ready: boolean }>(
      `SELECT i.indisvalid AS valid, s.state, s.ready_at IS NOT NULL AS ready
         FROM property_sort_index s LEFT JOIN pg_class c ON c.relname = s.index_name LEFT JOIN pg_index i ON i.indexrelid = c.oid
        WHERE s.key = $1`,
      [key],
    )
  ).rows[0];

describe("sort indexes on demand", () => {
  it("the first sort by an undeclared property builds its index; the sort then walks it (hostile key)", async () => {
    await applyRecords({
      accountId: ACCOUNT,
      records: [3, 1, 2].map((rank) => ({
        kind: "profile" as const,
        target: { by: "identity" as const, value: `si-${tag}-${rank}` },
        data: { [HOSTILE]: rank },
        at: new Date(),
      })),
      context: { source: "api" },
    });
    made.push(propertyIndexName(HOSTILE));
    const state: ListState = { ...DEFAULT_STATE, sort: `p:${HOSTILE}`, dir: "desc" };
    const first = await listProfiles(ACCOUNT, state, pool());
    assert.deepEqual(
      first.rows.map((r) => r.properties[HOSTILE]),
      [3, 2, 1],
      "answered (the slow way) while the index builds",
    );
    await sortIndexBuilds();
    assert.deepEqual(await indexState(HOSTILE), { valid: true, state: "ready", ready: true });
    assert.equal((await pool().query("SELECT to_regclass('profile') IS NOT NULL AS ok")).rows[0].ok, true);
    assert.equal(await requestSortIndex(pool(), HOSTILE, 8), "ready");

    // The planner can serve the list's sort from it (sorting forbidden, so only an index gives the order).
    const client = await pool().connect();
    try {
      await client.query("SET enable_sort = off");
      await client.query("SET enable_seqscan = off");
      const statement = pageStatement(ACCOUNT, state);
      const plan = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN ${statement.text}`, statement.values);
      assert.match(plan.rows.map((r) => r["QUERY PLAN"]).join("\n"), new RegExp(propertyIndexName(HOSTILE)));
    } finally {
      client.release();
    }
    // Declared indexes are synchronised without dropping the ones built on demand.
    const synced = await syncPropertyIndexes(pool(), []);
    assert.equal(synced.created.length, 0);
    assert.equal((await indexState(HOSTILE)).valid, true);
  });

  it("concurrent requests build a key once; the bound stops new keys; keys no index can take are refused", async () => {
    const key = `Tier ${tag}`;
    made.push(propertyIndexName(key));
    const answers = await Promise.all([1, 2, 3].map(() => requestSortIndex(pool(), key, 100)));
    assert.deepEqual(answers.filter((a) => a === "started").length, 1, JSON.stringify(answers));
    assert.ok(answers.every((a) => a === "started" || a === "building"));
    await sortIndexBuilds();
    assert.equal((await indexState(key)).state, "ready");

    const { rows } = await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM property_sort_index WHERE state <> 'failed'");
    const other = `Other ${tag}`;
    assert.equal(await requestSortIndex(pool(), other, rows[0].n), "limit");
    assert.equal(await indexState(other), undefined, "nothing recorded beyond the bound");
    assert.equal(await requestSortIndex(pool(), "", 100), "invalid");
    assert.equal(await requestSortIndex(pool(), "bad\u0001key", 100), "invalid");
  });
});
