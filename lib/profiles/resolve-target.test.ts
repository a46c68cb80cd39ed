import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ErrorCode } from "./error-codes";
import { isJunkIdentity } from "./junk-identities";
import { assertAddressable, chooseForPush, refuseJunk, splitClaims } from "./resolve-target";
import { type IdentityClaim, RuleViolation } from "./types";

type P = { id: number | null; identified: boolean; identities: IdentityClaim[] };
const anon: P = { id: 1, identified: false, identities: [] };
const alice: P = {
  id: 2,
  identified: true,
  identities: [
    { kind: "Identity", value: "alice" },
    { kind: "Email", value: "alice@x.io" },
  ],
};
const carol: P = { id: 3, identified: true, identities: [{ kind: "Email", value: "carol@x.io" }] };
const ownerOf = (claim: IdentityClaim) =>
  [alice, carol].find((p) => p.identities.some((i) => i.kind === claim.kind && i.value === claim.value));
const email = (value: string): IdentityClaim => ({ kind: "Email", value });

describe("a plain push with identity keys", () => {
  it("a value nobody holds stays on the current profile, anonymous or identified: never a new profile", () => {
    assert.equal(chooseForPush(anon, [email("new@x.io")], ownerOf), anon);
    assert.equal(chooseForPush(alice, [email("alice-new@x.io")], ownerOf), alice);
    assert.deepEqual(splitClaims(alice, [email("alice-new@x.io")], ownerOf), { attach: [email("alice-new@x.io")], refused: [] });
  });

  it("an anonymous current profile re-points its device to the owner of a held value", () => {
    assert.equal(chooseForPush(anon, [email("carol@x.io")], ownerOf), carol);
    const { attach, refused } = splitClaims(carol, [email("carol@x.io"), { kind: "FBID", value: "fb1" }], ownerOf);
    assert.deepEqual(attach, [{ kind: "FBID", value: "fb1" }]);
    assert.deepEqual(refused, []);
  });

  it("an identified current profile keeps its device and refuses the held key, naming it", () => {
    assert.equal(chooseForPush(alice, [email("carol@x.io")], ownerOf), alice);
    const { attach, refused } = splitClaims(alice, [email("carol@x.io"), email("alice-2@x.io")], ownerOf);
    assert.deepEqual(attach, [email("alice-2@x.io")]);
    assert.equal(refused.length, 1);
    assert.equal(refused[0].code, ErrorCode.identityOwnedElsewhere);
    assert.equal(refused[0].key, "Email");
    assert.match(refused[0].message, /Email 'carol@x\.io' belongs to another profile \(#3\)/);
  });

  it("its own identities are neither attached again nor refused", () => {
    assert.deepEqual(splitClaims(alice, [{ kind: "Identity", value: "alice" }], ownerOf), { attach: [], refused: [] });
  });

  it("identities of two other profiles in one anonymous push are refused whole", () => {
    assert.throws(
      () => chooseForPush(anon, [{ kind: "Identity", value: "alice" }, email("carol@x.io")], ownerOf),
      (error) => error instanceof RuleViolation && /different profiles/.test(error.message),
    );
  });

  it("a profile about to be created takes no identity that somebody holds", () => {
    const created: P = { id: null, identified: false, identities: [] };
    const { refused } = splitClaims(created, [email("alice@x.io")], ownerOf);
    assert.equal(refused.length, 1);
  });
});

describe("placeholder identities", () => {
  it("the built-in list, case-insensitively and trimmed; numbers that are ids are kept", () => {
    for (const value of ["undefined", "NULL", " none ", "0", "-1", "test@test.com", "[object Object]"])
      assert.ok(isJunkIdentity(value), value);
    for (const value of ["42", "1", "ada@example.com", "u-1"]) assert.ok(!isJunkIdentity(value), value);
  });

  it("the setting adds more", () => {
    assert.ok(isJunkIdentity("Nobody@Corp.io", new Set(["nobody@corp.io"])));
  });

  it("are refused per key, the others kept", () => {
    const { claims, refused } = refuseJunk([email("test@test.com"), { kind: "Identity", value: "u1" }], new Set());
    assert.deepEqual(claims, [{ kind: "Identity", value: "u1" }]);
    assert.equal(refused[0].code, ErrorCode.junkIdentity);
    assert.equal(refused[0].key, "Email");
  });

  it("a record addressed by one is refused whole", () => {
    assert.throws(() => assertAddressable("Identity", "undefined", new Set()), RuleViolation);
    assert.doesNotThrow(() => assertAddressable("Identity", "u1", new Set()));
  });
});
