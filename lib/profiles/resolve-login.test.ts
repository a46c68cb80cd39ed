import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { resolveLogin } from "./resolve-login";
import { type IdentityClaim, RuleViolation } from "./types";

type P = { name: string; identified: boolean; identities: IdentityClaim[] };
const anon: P = { name: "anon", identified: false, identities: [] };
const ada: P = { name: "ada", identified: true, identities: [{ kind: "Identity", value: "ada" }] };
const bob: P = {
  name: "bob",
  identified: true,
  identities: [
    { kind: "Identity", value: "bob" },
    { kind: "Email", value: "bob@x.io" },
  ],
};
const owners = (claim: IdentityClaim) => [ada, bob].find((p) => p.identities.some((i) => i.kind === claim.kind && i.value === claim.value));

describe("onUserLogin resolution", () => {
  it("an anonymous device takes a new identity: the anonymous profile becomes identified", () => {
    const result = resolveLogin(anon, [{ kind: "Identity", value: "new" }], owners);
    assert.equal(result.profile, anon);
    assert.deepEqual(result.attach, [{ kind: "Identity", value: "new" }]);
  });

  it("an identity that belongs to another profile moves the device there, even from an anonymous profile", () => {
    assert.equal(resolveLogin(anon, [{ kind: "Identity", value: "ada" }], owners).profile, ada);
    assert.equal(resolveLogin(ada, [{ kind: "Email", value: "bob@x.io" }], owners).profile, bob);
  });

  it("the same user again appends, and new identities of that user are attached", () => {
    const result = resolveLogin(
      ada,
      [
        { kind: "Identity", value: "ada" },
        { kind: "Email", value: "ada@x.io" },
      ],
      owners,
    );
    assert.equal(result.profile, ada);
    assert.deepEqual(result.attach, [{ kind: "Email", value: "ada@x.io" }]);
  });

  it("an identified device logging in as somebody new gets a new profile (no merge)", () => {
    const result = resolveLogin(ada, [{ kind: "Identity", value: "carol" }], owners);
    assert.equal(result.profile, null);
    assert.deepEqual(result.attach, [{ kind: "Identity", value: "carol" }]);
  });

  it("an identified user adding an identity of a kind they lack stays the same profile", () => {
    assert.equal(resolveLogin(ada, [{ kind: "Email", value: "ada@x.io" }], owners).profile, ada);
  });

  it("identities of two different profiles in one login are refused", () => {
    assert.throws(
      () =>
        resolveLogin(
          anon,
          [
            { kind: "Identity", value: "ada" },
            { kind: "Email", value: "bob@x.io" },
          ],
          owners,
        ),
      RuleViolation,
    );
  });
});
