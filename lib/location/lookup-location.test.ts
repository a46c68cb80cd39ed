// The bundled DB-IP database, read for real: a public address is located, private and loopback ones are not.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { lookupLocation, placeOf } from "./lookup-location";

describe("lookupLocation", () => {
  it("locates a public IPv4 address (Google's resolver, 8.8.8.8, is in the United States)", async () => {
    const place = await lookupLocation("8.8.8.8");
    assert.equal(place?.country, "United States");
    assert.equal(typeof place?.city, "string");
  });

  it("locates a public IPv6 address", async () => {
    assert.equal((await lookupLocation("2001:4860:4860::8888"))?.country !== undefined, true);
  });

  it("gives no place for private, loopback, link-local and malformed addresses", async () => {
    for (const address of [
      "127.0.0.1",
      "10.1.2.3",
      "192.168.0.10",
      "172.20.0.1",
      "169.254.1.1",
      "::1",
      "fd00::1",
      "fe80::1",
      "unknown",
      "",
      null,
    ])
      assert.equal(await lookupLocation(address), null, String(address));
  });

  // A guard against reopening or rescanning the database per call (milliseconds each), not a benchmark: a lookup
  // measures 10–20 µs idle, and well over 100 µs on a machine shared by several test runs.
  it("costs microseconds per lookup once open", async () => {
    const addresses = Array.from({ length: 20_000 }, (_, i) => `${(i % 200) + 11}.${i % 251}.${(i * 7) % 253}.${i % 13}`);
    for (const address of addresses.slice(0, 5000)) await lookupLocation(address); // open the file, warm up
    const started = performance.now();
    for (const address of addresses) await lookupLocation(address);
    const perLookupUs = ((performance.now() - started) * 1000) / addresses.length;
    assert.ok(perLookupUs < 1000, `${perLookupUs.toFixed(1)} µs per lookup`);
  });
});

describe("placeOf", () => {
  it("reads DB-IP's flat layout (country code to an English name, empty names as none)", () => {
    assert.deepEqual(placeOf({ country_code: "PT", state1: "Lisbon", city: "" }), { country: "Portugal", region: "Lisbon", city: null });
  });

  it("reads MaxMind's GeoLite2 layout", () => {
    const record = {
      country: { names: { en: "Germany" } },
      subdivisions: [{ names: { en: "Bavaria" } }],
      city: { names: { en: "Munich" } },
    };
    assert.deepEqual(placeOf(record), { country: "Germany", region: "Bavaria", city: "Munich" });
  });

  it("gives no place without a country", () => {
    assert.equal(placeOf({ city: { names: { en: "Nowhere" } } }), null);
    assert.equal(placeOf({ country_code: "not a code" }), null);
    assert.equal(placeOf(null), null);
  });
});
