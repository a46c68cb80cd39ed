// Tab counts (list-counts.ts) against a real PostgreSQL: exact below the cap, scaled from the page sample above it
// (with the whole table as the sample the estimate is the exact count), and anonymous as on its tab.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, describe, it } from "node:test";
import { closePools, pool } from "../db/pool";
import { applyRecords } from "../profiles/apply-records";
import type { DomainRecord } from "../profiles/records";
import { countTabs } from "./list-counts";
import { parseListState } from "./list-state";

const ACCOUNT = `LC-${crypto.randomUUID().slice(0, 8)}`;

before(async () => {
  const records: DomainRecord[] = [];
  for (let i = 0; i < 12; i++)
    records.push({
      kind: "profile",
      target: { by: "identity", value: `lc-${ACCOUNT}-${i}` },
      data: { City: i < 8 ? "Lisbon" : "Porto" },
      at: new Date(),
    });
  for (let i = 0; i < 5; i++)
    records.push({
      kind: "profile",
      target: { by: "device", guid: crypto.randomBytes(16).toString("hex") },
      data: { City: "Lisbon" },
      at: new Date(),
    });
  const outcomes = await applyRecords({ accountId: ACCOUNT, records, context: { source: "api" } });
  assert.ok(outcomes.every((o) => o.ok));
  await pool().query("ANALYZE profile");
});
after(() => closePools());

const lisbon = parseListState({ f: JSON.stringify(["City", "eq", "Lisbon"]) });

describe("tab counts", () => {
  it("exact in one pass while the filter matches at most the cap", async () => {
    assert.deepEqual(await countTabs(ACCOUNT, lisbon, pool()), {
      all: { n: 13, estimated: false },
      identified: { n: 8, estimated: false },
      anonymous: { n: 5, estimated: false },
    });
  });

  it("above the cap, a sample that is the whole table is an exact count, not flagged (a small database shows no ≈)", async () => {
    assert.deepEqual(await countTabs(ACCOUNT, lisbon, pool(), { cap: 4, samplePages: 1e9 }), {
      all: { n: 13, estimated: false },
      identified: { n: 8, estimated: false },
      anonymous: { n: 5, estimated: false },
    });
    // A sample that misses every page still reports what the capped pass saw, never less.
    const floor = await countTabs(ACCOUNT, lisbon, pool(), { cap: 4, samplePages: 1e-9 });
    assert.equal(floor.all.n, 5);
    assert.equal(floor.identified.n + floor.anonymous.n, 5);
    assert.ok(floor.all.estimated);
  });
});
