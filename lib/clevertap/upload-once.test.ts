// uploadOnce against the real database (npm test gives the unit tests one): a key's first answer is kept with the
// request's writes, retries and concurrent duplicates apply nothing twice, another body is a 422, keys expire.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, describe, it } from "node:test";
import { ApiError } from "../api/api-error";
import { closePools, pool } from "../db/pool";
import { pruneIdempotencyKeys } from "./prune-idempotency-keys";
import { parseIdempotencyKey, uploadOnce } from "./upload-once";

const ACCOUNT = "TEST-ACC-0001";
const hasDatabase = Boolean(process.env.DATABASE_URL);
const context = { source: "api" } as const;
const newKey = () => crypto.randomUUID();
// Marks this file's events: the injected failure below fails them only (unit test files run in parallel).
const RUN = crypto.randomUUID();
const bodyFor = (identity: string) => ({
  d: [
    { type: "profile", identity, profileData: { Points: { $incr: 5 } } },
    { type: "event", identity, evtName: "Paid", evtData: { Amount: 1, Run: RUN } },
    { type: "profile", identity, profileData: { Gender: "not a gender" } },
  ],
});
const pointsAndPaid = async (identity: string) =>
  (
    await pool().query<{ points: unknown; paid: number }>(
      `SELECT p.properties->'Points' AS points,
              (SELECT count(*)::int FROM event e WHERE e.profile_id = p.id AND e.name = 'Paid') AS paid
         FROM profile_identity i JOIN profile p ON p.id = i.profile_id
        WHERE i.account_id = $1 AND i.kind = 'Identity' AND i.value = $2`,
      [ACCOUNT, identity],
    )
  ).rows[0];

describe("parseIdempotencyKey", () => {
  it("absent is undefined; 1–255 visible ASCII characters pass; anything else is a 400", () => {
    assert.equal(parseIdempotencyKey(null), undefined);
    assert.equal(parseIdempotencyKey("a1-b2_c3:4"), "a1-b2_c3:4");
    for (const bad of ["", " ", "a b", "é", "x".repeat(256)])
      assert.throws(
        () => parseIdempotencyKey(bad),
        (error: unknown) => error instanceof ApiError && error.status === 400,
      );
  });
});

describe("uploadOnce", { skip: !hasDatabase && "needs DATABASE_URL (npm test)" }, () => {
  after(closePools);

  it("a retry with the same key returns the first answer and applies nothing twice", async () => {
    const identity = `once-${crypto.randomUUID()}`;
    const key = newKey();
    const first = await uploadOnce({ accountId: ACCOUNT, key, body: bodyFor(identity), context });
    assert.equal(first.replayed, false);
    assert.equal(first.result.status, "partial");
    assert.equal(first.result.processed, 2);
    const retry = await uploadOnce({ accountId: ACCOUNT, key, body: bodyFor(identity), context });
    assert.equal(retry.replayed, true);
    assert.deepEqual(retry.result, first.result);
    assert.deepEqual(await pointsAndPaid(identity), { points: 5, paid: 1 });
  });

  it("concurrent duplicates: one applies, the others wait for it and answer the same", async () => {
    const identity = `once-${crypto.randomUUID()}`;
    const key = newKey();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => uploadOnce({ accountId: ACCOUNT, key, body: bodyFor(identity), context })),
    );
    assert.equal(answers.filter((a) => !a.replayed).length, 1);
    for (const answer of answers) assert.deepEqual(answer.result, answers[0].result);
    assert.deepEqual(await pointsAndPaid(identity), { points: 5, paid: 1 });
  });

  it("the same key with another body is a 422 and changes nothing; another account's same key is its own", async () => {
    const identity = `once-${crypto.randomUUID()}`;
    const key = newKey();
    await uploadOnce({ accountId: ACCOUNT, key, body: bodyFor(identity), context });
    await assert.rejects(
      uploadOnce({ accountId: ACCOUNT, key, body: bodyFor(`${identity}-other`), context }),
      (error: unknown) => error instanceof ApiError && error.status === 422,
    );
    assert.equal(await pointsAndPaid(`${identity}-other`), undefined);
    const otherAccount = `ONCE-${crypto.randomBytes(4).toString("hex")}`;
    const elsewhere = await uploadOnce({ accountId: otherAccount, key, body: bodyFor(identity), context });
    assert.equal(elsewhere.replayed, false);
    await pool().query("DELETE FROM idempotency_key WHERE account_id = $1", [otherAccount]);
  });

  it("a request that fails keeps no key: its retry applies it once", async () => {
    const identity = `once-${crypto.randomUUID()}`;
    const key = newKey();
    const trigger = `fail_${crypto.randomBytes(4).toString("hex")}`;
    await pool().query(
      `CREATE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN IF NEW.properties->>'Run' = '${RUN}' THEN RAISE EXCEPTION 'injected failure'; END IF;
         RETURN NEW; END $$`,
    );
    await pool().query(`CREATE TRIGGER ${trigger} BEFORE INSERT ON event FOR EACH ROW EXECUTE FUNCTION ${trigger}()`);
    try {
      await assert.rejects(uploadOnce({ accountId: ACCOUNT, key, body: bodyFor(identity), context }), /injected/);
    } finally {
      await pool().query(`DROP TRIGGER ${trigger} ON event`);
      await pool().query(`DROP FUNCTION ${trigger}()`);
    }
    assert.equal(await pointsAndPaid(identity), undefined);
    const retry = await uploadOnce({ accountId: ACCOUNT, key, body: bodyFor(identity), context });
    assert.equal(retry.replayed, false);
    assert.deepEqual(await pointsAndPaid(identity), { points: 5, paid: 1 });
  });

  it("a key older than its lifetime is a new key, and pruning deletes it", async () => {
    const identity = `once-${crypto.randomUUID()}`;
    const key = newKey();
    await uploadOnce({ accountId: ACCOUNT, key, body: bodyFor(identity), context });
    await pool().query("UPDATE idempotency_key SET created_at = now() - interval '25 hours' WHERE account_id = $1 AND key = $2", [
      ACCOUNT,
      key,
    ]);
    const again = await uploadOnce({ accountId: ACCOUNT, key, body: bodyFor(identity), context });
    assert.equal(again.replayed, false);
    assert.deepEqual(await pointsAndPaid(identity), { points: 10, paid: 2 });
    await pool().query("UPDATE idempotency_key SET created_at = now() - interval '25 hours' WHERE account_id = $1 AND key = $2", [
      ACCOUNT,
      key,
    ]);
    assert.ok((await pruneIdempotencyKeys({ hours: 24 })) >= 1);
    assert.equal((await pool().query("SELECT 1 FROM idempotency_key WHERE account_id = $1 AND key = $2", [ACCOUNT, key])).rowCount, 0);
  });

  it("a refused record holding text PostgreSQL cannot store is echoed in the kept answer as it was sent", async () => {
    const key = newKey();
    const body = { d: [{ type: "profile", identity: `once-${crypto.randomUUID()}`, profileData: { Bad: "a\u0000b\ud800c" } }] };
    const first = await uploadOnce({ accountId: ACCOUNT, key, body, context });
    const retry = await uploadOnce({ accountId: ACCOUNT, key, body, context });
    assert.equal(retry.replayed, true);
    assert.deepEqual(retry.result, first.result);
    assert.equal(first.result.status, "fail");
  });
});
