import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RuleViolation } from "../profiles/types";
import { validateEvent } from "./validate-event";

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof RuleViolation);
    return error.code;
  }
  assert.fail("expected a rejection");
};

describe("events", () => {
  it("accepts custom events and Charged with Items", () => {
    assert.deepEqual(validateEvent("Product viewed", { Price: 5, When: "$D_1704067200" }).properties, { Price: 5, When: "$D_1704067200" });
    const charged = validateEvent("Charged", { Amount: 10, "Charged ID": "c1", Items: [{ Name: "x", Qty: 1 }] });
    assert.deepEqual(charged.properties.Items, [{ Name: "x", Qty: 1 }]);
  });

  it("rejects with CleverTap's codes", () => {
    assert.equal(
      code(() => validateEvent("", {})),
      509,
    );
    assert.equal(
      code(() => validateEvent("App Launched", {})),
      513,
    );
    assert.equal(
      code(() => validateEvent("x", { nested: { a: 1 } })),
      512,
    );
    assert.equal(
      code(() => validateEvent("Charged", { Items: "x" })),
      512,
    );
    assert.equal(
      code(() => validateEvent("Charged", { Items: Array.from({ length: 51 }, () => ({ a: 1 })) })),
      522,
    );
    assert.equal(
      code(() => validateEvent("x", Object.fromEntries(Array.from({ length: 257 }, (_, i) => [`k${i}`, i])))),
      522,
    );
    assert.equal(
      code(() => validateEvent("x", { When: "$D_soon" })),
      555,
    );
  });
});

describe("events: hostile names and text", () => {
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      return (error as { code?: number }).code;
    }
    return 0;
  };

  it("keeps properties named like Object.prototype members as own properties", () => {
    const data = JSON.parse('{"__proto__": "p", "toString": "t", "constructor": 1}');
    const { properties } = validateEvent("x", data);
    assert.deepEqual(Object.keys(properties), ["__proto__", "toString", "constructor"]);
    assert.equal(JSON.stringify(properties), '{"__proto__":"p","toString":"t","constructor":1}');
  });

  it("refuses lone surrogates and NUL in the name, keys and values", () => {
    assert.equal(
      code(() => validateEvent("Paid\ud800", {})),
      512,
    );
    assert.equal(
      code(() => validateEvent("x", { "k\udc00": 1 })),
      512,
    );
    assert.equal(
      code(() => validateEvent("x", { k: "v\ud800" })),
      512,
    );
    assert.equal(
      code(() => validateEvent("Charged", { Items: [{ Name: "\ud800" }] })),
      512,
    );
    assert.equal(
      code(() => validateEvent("x", { k: "a\u0000" })),
      512,
    );
    assert.equal(
      code(() => validateEvent("x", { k: "😀" })),
      0,
    );
  });
});
