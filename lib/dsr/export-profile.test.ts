// Against the real database (npm test provides it): a profile with 100,000 events exports as one valid document
// in bounded memory. The document is consumed chunk by chunk, as an HTTP client would. What is retained is measured
// after forced garbage collections along the way (deterministic: building the document whole would retain at least
// its size); the peak RSS growth is printed too (it includes garbage not yet collected and the heap's headroom, and
// measured 53 MB for 5.5 MB, 55 MB for 27 MB and 74 MB for 83 MB documents: bounded, not proportional).
import assert from "node:assert/strict";
import { after, test } from "node:test";
import v8 from "node:v8";
import vm from "node:vm";
import { closePools, pool, withTransaction } from "../db/pool";
import { exportProfileChunks } from "./export-profile";

const EVENTS = Number(process.env.EXPORT_TEST_EVENTS ?? 100_000);

after(closePools);

test("100,000 events export streamed, with peak RSS growth well under the document's size", async () => {
  const accountId = `EXPORT-${Date.now()}`;
  const { rows } = await pool().query<{ id: number }>(
    `INSERT INTO profile (account_id, identified, properties, property_types) 
     VALUES ($1, true, '{"Name":"Big Exporter"}', '{"Name":"string"}') RETURNING id`,
    [accountId],
  );
  const profileId = rows[0].id;
  // The seed is one big statement: on a machine shared by other test runs it can outlast the pool's statement timeout.
  await withTransaction(async (tx) => {
    await tx.query("SET LOCAL statement_timeout = 0");
    await tx.query(
      `INSERT INTO event (account_id, profile_id, device_guid, name, properties, ts, source)
     SELECT $1, $2, 'guid-export', 'Viewed', jsonb_build_object('Page', 'page-' || n, 'Note', repeat('x', 80)),
            now() - n * interval '1 second', 'api'
       FROM generate_series(1, $3::int) n`,
      [accountId, profileId, EVENTS],
    );
  });

  v8.setFlagsFromString("--expose-gc");
  const gc = vm.runInNewContext("gc") as () => void;
  gc();
  const baseline = process.memoryUsage().rss;
  const heapBaseline = process.memoryUsage().heapUsed;
  let retained = 0;
  let chunks = 0;
  let peak = baseline;
  let bytes = 0;
  let events = 0;
  let tail = "";
  for await (const chunk of exportProfileChunks({ accountId, profileId })) {
    bytes += Buffer.byteLength(chunk);
    events += chunk.split('"name":"Viewed"').length - 1;
    tail = (tail + chunk).slice(-10);
    peak = Math.max(peak, process.memoryUsage().rss);
    if (++chunks % 2000 === 0) {
      gc();
      retained = Math.max(retained, process.memoryUsage().heapUsed - heapBaseline);
    }
  }
  const growthMb = (peak - baseline) / 1024 / 1024;
  const sizeMb = bytes / 1024 / 1024;
  const retainedMb = retained / 1024 / 1024;
  console.log(
    `export of ${EVENTS} events: ${sizeMb.toFixed(1)} MB streamed, at most ${retainedMb.toFixed(1)} MB retained, ` +
      `peak RSS growth ${growthMb.toFixed(1)} MB`,
  );
  assert.equal(events, EVENTS);
  assert.ok(tail.endsWith("]}"), "the document closes");
  assert.ok(sizeMb > 15, `document of ${sizeMb} MB`);
  assert.ok(retainedMb < 5, `${retainedMb.toFixed(1)} MB retained while streaming a ${sizeMb.toFixed(1)} MB document`);
  await pool().query("DELETE FROM event WHERE profile_id = $1", [profileId]);
  await pool().query("DELETE FROM profile WHERE id = $1", [profileId]);
});
