import assert from "node:assert/strict";
import { describe, it } from "node:test";
import LZString from "lz-string";
import { hostNameOf } from "./demo-settings";
import { decodePayload, normaliseGuid, parseSdkRequest } from "./parse-sdk-request";
import { fetchBody, jsonpBody } from "./sdk-answer";
import { PAGE_VIEW_EVENT, sdkRecords } from "./sdk-records";

const GUID = "8cf0c226f919d7eeff6256516ce6aa8d";
const encode = (value: unknown) => encodeURIComponent(LZString.compressToBase64(JSON.stringify(value)));
const url = (query: string) => new URL(`https://t.example/a?t=96&${query}`);
const at = new Date(1_700_000_000_000);
const target = { by: "device" as const, guid: GUID };

describe("reading an SDK call", () => {
  it("decodes d, prefers gc over d.g, reads rn, i and the session", () => {
    const request = parseSdkRequest(
      url(`type=push&d=${encode({ id: "A", g: "f".repeat(32), s: 1795885467 })}&rn=12&i=1795885470&gc=${GUID}`),
      null,
    );
    assert.equal(request.guid, GUID);
    assert.equal(request.rn, 12);
    assert.equal(request.createdAt, 1795885470);
    assert.equal(request.session, 1795885467);
    assert.equal(request.fetchMode, false);
    assert.deepEqual(request.payload, { id: "A", g: "f".repeat(32), s: 1795885467 });
  });

  it("falls back to d.g, ignores malformed guids and strips the opt-out marker", () => {
    assert.equal(parseSdkRequest(url(`type=page&d=${encode({ g: GUID })}&gc=nope`), null).guid, GUID);
    assert.equal(normaliseGuid(`${GUID}:OO`), GUID);
    assert.equal(normaliseGuid(GUID.toUpperCase()), GUID);
    assert.equal(normaliseGuid("');alert(1)//"), null);
    assert.equal(normaliseGuid(42), null);
  });

  it("never throws on bad input: corrupt, non-object, oversize or missing d; missing rn is 0", () => {
    for (const d of ["%%%", "AAAA", LZString.compressToBase64("[1]"), LZString.compressToBase64("null"), "A".repeat(300_000), ""]) {
      assert.equal(decodePayload(d), null);
    }
    const request = parseSdkRequest(url("type=push&rn=abc"), "application/json");
    assert.equal(request.payload, null);
    assert.equal(request.rn, 0);
    assert.equal(request.fetchMode, true);
  });

  it("tolerates a raw + read as a space", () => {
    const encoded = LZString.compressToBase64(JSON.stringify({ id: "ACC", text: `${"a".repeat(50)}~~` }));
    assert.deepEqual(decodePayload(encoded.replaceAll("+", " ")), JSON.parse(LZString.decompressFromBase64(encoded)));
  });
});

describe("answers", () => {
  it("JSONP: guid quoted, sid, resume and rn as literals, optional opt-out flag", () => {
    assert.equal(
      jsonpBody({ guid: GUID, session: 1795885467, resume: false, rn: 1, optOut: null }),
      `$WZRK_WR.s('${GUID}',1795885467,false,1);`,
    );
    assert.equal(
      jsonpBody({ guid: `${GUID}:OO`, session: 5, resume: false, rn: 2, optOut: true }),
      `$WZRK_WR.s('${GUID}:OO',5,false,2,true);`,
    );
  });

  it("fetch mode: JSON meta", () => {
    assert.deepEqual(JSON.parse(fetchBody({ guid: GUID, session: 9, resume: true, rn: 3, optOut: null })), {
      meta: { g: GUID, sid: 9, rf: true, rn: 3 },
    });
  });

  it("refuses to emit anything but a hex guid", () => {
    assert.throws(() => jsonpBody({ guid: "x');alert(1);//", session: 1, resume: false, rn: 1, optOut: null }));
  });
});

describe("records of an SDK call", () => {
  it("a page view is an event with the page fields, long URLs cut to the value limit", () => {
    const { records } = sdkRecords("page", { cpg: `https://shop.test/${"x".repeat(600)}`, referrer: "news.test", us: "mail" }, target, at);
    assert.equal(records.length, 1);
    const [record] = records;
    assert.equal(record.kind === "event" && record.name, PAGE_VIEW_EVENT);
    const data = (record as { data: Record<string, string> }).data;
    assert.equal(Buffer.byteLength(data.URL), 512);
    assert.equal(data.Referrer, "news.test");
    assert.equal(data["UTM Source"], "mail");
  });

  it("a ping touches the profile; wzrk_fetch and token calls store nothing", () => {
    assert.deepEqual(sdkRecords("ping", {}, target, at).records, [{ kind: "profile", target, data: {}, at }]);
    assert.deepEqual(sdkRecords("push", { type: "event", evtName: "wzrk_fetch", evtData: { t: 4 } }, target, at).records, []);
    assert.deepEqual(sdkRecords("data", { type: "data" }, target, at).records, []);
  });

  it("profile pushes keep commands and take ct_optout out as the privacy flag", () => {
    const result = sdkRecords("push", { type: "profile", profile: { Score: { $incr: 2 }, ct_optout: true } }, target, at);
    assert.equal(result.optOut, true);
    assert.deepEqual(result.records, [{ kind: "profile", target, data: { Score: { $incr: 2 } }, at }]);
  });

  it("events keep their name and data (validation is the engine's)", () => {
    const { records } = sdkRecords(
      "push",
      { type: "event", evtName: "Charged", evtData: { Amount: 10, Items: [{ Name: "x" }] } },
      target,
      at,
    );
    assert.deepEqual(records, [{ kind: "event", target, name: "Charged", data: { Amount: 10, Items: [{ Name: "x" }] }, at }]);
  });
});

describe("demo target domain", () => {
  it("takes the host name of the Host header", () => {
    assert.equal(hostNameOf("127.0.0.1:3000"), "127.0.0.1");
    assert.equal(hostNameOf("[::1]:3000"), "[::1]");
    assert.equal(hostNameOf("shop.example"), "shop.example");
    assert.equal(hostNameOf("evil.example/'><script>"), "localhost");
    assert.equal(hostNameOf(null), "localhost");
  });
});
