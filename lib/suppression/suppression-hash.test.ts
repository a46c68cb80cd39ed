import assert from "node:assert/strict";
import { test } from "node:test";
import { suppressionHash } from "./suppression-hash";

const secret = "s".repeat(32);

test("keyed hashes: no value inside, e-mails matched case-insensitively, kinds kept apart, the key matters", () => {
  const hash = suppressionHash("Email", " Ada@Example.com", secret);
  assert.match(hash, /^[0-9a-f]{64}$/);
  assert.equal(hash, suppressionHash("Email", "ada@example.com", secret));
  assert.notEqual(suppressionHash("Identity", "Ada", secret), suppressionHash("Identity", "ada", secret));
  assert.notEqual(suppressionHash("Identity", "x", secret), suppressionHash("device", "x", secret));
  assert.notEqual(hash, suppressionHash("Email", "ada@example.com", "t".repeat(32)));
});
