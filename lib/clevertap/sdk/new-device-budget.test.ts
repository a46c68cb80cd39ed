// Against the real database (npm test provides it), with a budget of 3 new devices per address and minute.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, describe, it } from "node:test";
import LZString from "lz-string";

process.env.TAPESTRY_SDK_NEW_DEVICES_PER_MINUTE = "3";
const { ensureAccount } = await import("../../accounts/ensure-account");
const { closePools, pool } = await import("../../db/pool");
const { handleSdkRequest } = await import("./handle-sdk-request");

const ACCOUNT = {
  accountId: `NDB-${crypto.randomBytes(4).toString("hex").toUpperCase()}`,
  passcode: crypto.randomBytes(12).toString("hex"),
};
const JSONP = /^\$WZRK_WR\.s\('([0-9a-f]{32})',\d+,(true|false),\d+\);$/;
const d = () => encodeURIComponent(LZString.compressToBase64(JSON.stringify({ id: ACCOUNT.accountId, cpg: "http://shop.test/" })));

async function pageView(address: string, gc?: string): Promise<string> {
  const answer = await handleSdkRequest({
    url: `http://tapestry.test/a?t=96&type=page&d=${d()}&rn=1${gc ? `&gc=${gc}` : ""}`,
    accept: null,
    origin: null,
    clientAddress: address,
  });
  const match = JSONP.exec(answer.body);
  assert.ok(match, answer.body);
  return match[1];
}
const devices = async (guids: string[]) =>
  (await pool().query("SELECT guid FROM device WHERE account_id = $1 AND guid = ANY($2)", [ACCOUNT.accountId, guids])).rowCount;

describe("new devices per client address through /a", () => {
  after(() => closePools());

  it("beyond the budget a call still gets its script but creates nothing; known devices and other addresses go on", async () => {
    await ensureAccount(pool(), ACCOUNT);
    const address = `198.51.100.${crypto.randomInt(1, 250)}`;
    const first = [await pageView(address), await pageView(address), await pageView(address)];
    assert.equal(await devices(first), 3);
    const refused = [await pageView(address), await pageView(address, crypto.randomBytes(16).toString("hex"))];
    assert.equal(await devices(refused), 0, "no new device beyond the budget, with or without a made-up guid");
    const again = await pageView(address, first[0]);
    assert.equal(again, first[0]);
    const views = await pool().query("SELECT 1 FROM event WHERE account_id = $1 AND device_guid = $2", [ACCOUNT.accountId, first[0]]);
    assert.equal(views.rowCount, 2, "a known device is still recorded");
    const other = await pageView(`203.0.113.${crypto.randomInt(1, 250)}`);
    assert.equal(await devices([other]), 1, "another address has its own budget");
  });
});
