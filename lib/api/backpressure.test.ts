// Against the real database (npm test provides it), with the write bound forced down to one record: concurrent REST
// uploads beyond it are answered 503 JSON with Retry-After (and write nothing), the admitted ones are written; the
// Web SDK endpoint keeps answering its script.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, describe, it } from "node:test";
import LZString from "lz-string";

process.env.TAPESTRY_WRITE_QUEUE_LIMIT = "1";
const { ensureAccount } = await import("../accounts/ensure-account");
const { handleSdkRequest } = await import("../clevertap/sdk/handle-sdk-request");
const { upload } = await import("../clevertap/upload");
const { closePools, pool } = await import("../db/pool");
const { pendingRecords } = await import("../profiles/write-backlog");
const { jsonResponse } = await import("./api-error");
const { handleApi } = await import("./handle-api");

const ACCOUNT = {
  accountId: `BP-${crypto.randomBytes(4).toString("hex").toUpperCase()}`,
  passcode: crypto.randomBytes(12).toString("hex"),
};
const JSONP = /^\$WZRK_WR\.s\('[0-9a-f]{32}',\d+,(true|false),\d+\);$/;

const post = (records: unknown[]) =>
  handleApi(
    new Request("http://tapestry.test/1/upload", {
      method: "POST",
      headers: {
        "x-clevertap-account-id": ACCOUNT.accountId,
        "x-clevertap-passcode": ACCOUNT.passcode,
        "content-type": "application/json",
      },
      body: JSON.stringify({ d: records }),
    }),
    async ({ accountId, requestId, readBody }) =>
      jsonResponse(await upload(accountId, await readBody(), { source: "api", actor: `api:${accountId}`, requestId })),
  );

describe("backpressure under a tiny write bound", () => {
  after(() => closePools());

  it("REST: uploads beyond the bound get 503 JSON with Retry-After and write nothing; the admitted ones are written", async () => {
    await ensureAccount(pool(), ACCOUNT);
    const batches = Array.from({ length: 8 }, (_, n) =>
      Array.from({ length: 20 }, (_, i) => ({
        type: "profile",
        identity: `bp-${ACCOUNT.accountId}-${n}-${i}`,
        profileData: { Plan: "x" },
      })),
    );
    const responses = await Promise.all(batches.map(post));
    const statuses = responses.map((response) => response.status);
    assert.ok(statuses.includes(200), statuses.join());
    assert.ok(statuses.includes(503), statuses.join());
    for (const [n, response] of responses.entries()) {
      const written = await pool().query("SELECT 1 FROM profile_identity WHERE account_id = $1 AND value LIKE $2", [
        ACCOUNT.accountId,
        `bp-${ACCOUNT.accountId}-${n}-%`,
      ]);
      if (response.status === 200) {
        assert.equal(written.rowCount, 20);
        continue;
      }
      assert.equal(response.status, 503);
      assert.equal(response.headers.get("retry-after"), "1");
      assert.match(response.headers.get("content-type") ?? "", /application\/json/);
      assert.deepEqual(Object.keys(await response.json()).sort(), ["code", "error", "status"]);
      assert.equal(written.rowCount, 0);
    }
    assert.equal(pendingRecords(), 0);
  });

  it("/a: calls beyond the bound still get their script", async () => {
    const d = encodeURIComponent(LZString.compressToBase64(JSON.stringify({ id: ACCOUNT.accountId, cpg: "http://shop.test/" })));
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, n) =>
        handleSdkRequest({
          url: `http://tapestry.test/a?t=96&type=page&d=${d}&rn=${n + 1}`,
          accept: null,
          origin: null,
          requestId: `bp-${n}`,
        }),
      ),
    );
    for (const answer of answers) {
      assert.equal(answer.status, 200);
      assert.match(answer.body, JSONP);
    }
    assert.equal(pendingRecords(), 0);
  });
});
