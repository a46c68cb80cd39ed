import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { clientAddress, parseTrustedProxies } from "./client-address";

describe("the client address of a request", () => {
  const none = parseTrustedProxies("");
  const proxies = parseTrustedProxies("127.0.0.1, 10.0.0.0/8, ::1");

  it("without trusted proxies: the socket peer, whatever X-Forwarded-For says", () => {
    for (const forwardedFor of ["1.2.3.4", "5.6.7.8, 9.9.9.9", undefined])
      assert.equal(clientAddress({ remoteAddress: "203.0.113.7", forwardedFor, trustedProxies: none }), "203.0.113.7");
    assert.equal(clientAddress({ remoteAddress: "::ffff:203.0.113.7", forwardedFor: "1.2.3.4", trustedProxies: none }), "203.0.113.7");
  });

  it("from a peer that is not a trusted proxy: the peer", () => {
    assert.equal(clientAddress({ remoteAddress: "127.0.0.2", forwardedFor: "1.2.3.4", trustedProxies: proxies }), "127.0.0.2");
  });

  it("behind trusted proxies: the right-most address that is not one of them (what the last proxy saw)", () => {
    const at = (forwardedFor: string | string[]) =>
      clientAddress({ remoteAddress: "::ffff:127.0.0.1", forwardedFor, trustedProxies: proxies });
    assert.equal(at("198.51.100.9"), "198.51.100.9");
    assert.equal(at("6.6.6.6, 198.51.100.9"), "198.51.100.9", "a client-made entry left of the real one is ignored");
    assert.equal(at("198.51.100.9, 10.1.2.3"), "198.51.100.9", "a second trusted hop is skipped");
    assert.equal(at(["6.6.6.6", "198.51.100.9, 10.1.2.3"]), "198.51.100.9");
    assert.equal(at("10.0.0.5, 10.1.2.3"), "10.0.0.5", "all trusted: the left-most");
    assert.equal(at("not-an-ip, 10.1.2.3"), "127.0.0.1", "a malformed entry: the proxy itself");
    assert.equal(clientAddress({ remoteAddress: "::1", forwardedFor: undefined, trustedProxies: proxies }), "::1");
  });

  it("refuses malformed proxy lists", () => {
    for (const bad of ["10.0.0.0/33", "nope", "10.0.0.0/", "::1/129", "1.2.3"]) assert.throws(() => parseTrustedProxies(bad), /not an IP/);
    assert.doesNotThrow(() => parseTrustedProxies(" 192.168.0.0/16 ,fd00::/8 "));
  });
});
