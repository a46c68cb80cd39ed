import assert from "node:assert/strict";
import crypto from "node:crypto";
import { describe, it } from "node:test";
import LZString from "lz-string";
import { decompressFromBase64Bounded } from "./decompress-payload";
import { lzBomb } from "./lz-bomb";
import { decodePayload, MAX_DECODED_PAYLOAD } from "./parse-sdk-request";

const MB = 1024 * 1024;

describe("bounded LZ-String decoder", () => {
  it("round-trips what lz-string's compressToBase64 makes, unicode included", () => {
    const samples = [
      "a",
      "ab",
      JSON.stringify({ id: "ACC", type: "event", evtName: "Charged", evtData: { Amount: 10, Items: [{ Name: "Book" }] } }),
      "héllo wörld — ünïcödé ✓ 日本語 😀👍🏽 עברית",
      "\u0000\u0001\uffff\ud83d\ude00",
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
      "x".repeat(100_000),
      crypto.randomBytes(30_000).toString("base64"),
      Array.from({ length: 3000 }, (_, i) => String.fromCharCode((i * 7919) % 0xd7ff)).join(""),
    ];
    for (const text of samples) {
      const encoded = LZString.compressToBase64(text);
      assert.equal(decompressFromBase64Bounded(encoded, MB), text, text.slice(0, 30));
    }
    for (let n = 0; n < 200; n++) {
      const text = Array.from({ length: 1 + (n % 50) * 7 }, () => String.fromCharCode(crypto.randomInt(0, 0xd800))).join("");
      assert.equal(decompressFromBase64Bounded(LZString.compressToBase64(text), MB), text);
    }
  });

  it("answers null where lz-string finds the stream corrupt or empty", () => {
    for (const input of ["", "AAAA", "%%%", "A".repeat(3000), "zzzz"]) {
      let reference: string | null;
      try {
        reference = LZString.decompressFromBase64(input);
      } catch {
        reference = null; // lz-string itself throws on some corrupt streams
      }
      const bounded = decompressFromBase64Bounded(input, MB);
      assert.ok(!reference ? !bounded : bounded === reference, `${input.slice(0, 10)}: ${reference} vs ${bounded}`);
    }
  });

  it("stops as soon as the output passes its budget", () => {
    const text = "y".repeat(10_000);
    const encoded = LZString.compressToBase64(text);
    assert.equal(decompressFromBase64Bounded(encoded, 10_000), text);
    assert.equal(decompressFromBase64Bounded(encoded, 9_999), null);
  });

  it("aborts a decompression bomb early: a 250 KB stream of growing dictionary entries is refused in milliseconds", () => {
    const small = lzBomb(2_000); // ≈ 1,000 codes
    assert.ok(LZString.decompressFromBase64(small).length > 400_000, "the crafted stream is a bomb for lz-string itself");
    assert.equal(decompressFromBase64Bounded(small, MB), LZString.decompressFromBase64(small));
    const bomb = lzBomb(250_000);
    const started = performance.now();
    assert.equal(decompressFromBase64Bounded(bomb, MB), null);
    assert.equal(decodePayload(bomb.slice(0, 60_000)), null);
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 500, `took ${elapsed.toFixed(0)} ms`);
    assert.ok(MAX_DECODED_PAYLOAD <= MB);
  });
});
