import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyProfileData, withDerivedAge } from "./apply-profile-data";
import { emptyState, type ProfileState, RuleViolation } from "./types";

const push = (data: Record<string, unknown>, state: ProfileState = emptyState()) => applyProfileData(state, data);

function rejects(data: Record<string, unknown>, code: number, key: string, state: ProfileState = emptyState()): RuleViolation {
  try {
    push(data, state);
  } catch (error) {
    assert.ok(error instanceof RuleViolation, `expected a RuleViolation, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    assert.equal(error.key, key);
    assert.ok(error.message.includes(key.slice(0, 20)), `message names the key: ${error.message}`);
    return error;
  }
  assert.fail(`expected ${JSON.stringify(data).slice(0, 80)} to be rejected`);
}

describe("push: values and types", () => {
  it("stores strings, integers, floats, booleans, dates and lists with their types", () => {
    const { state, changes } = push({ Plan: "gold", Visits: 3, Score: 2.5, Vip: true, Renewal: "$D_1714558830", Tags: ["a", "b"] });
    assert.deepEqual(state.properties, { Plan: "gold", Visits: 3, Score: 2.5, Vip: true, Renewal: 1714558830, Tags: ["a", "b"] });
    assert.deepEqual(state.types, { Plan: "string", Visits: "integer", Score: "float", Vip: "boolean", Renewal: "date", Tags: "list" });
    assert.equal(changes.length, 6);
    assert.deepEqual(changes[0], { key: "Plan", operation: "set", oldValue: null, newValue: "gold", oldType: null, newType: "string" });
  });

  it("records old → new and skips values that did not change", () => {
    const first = push({ Plan: "gold", Visits: 1 });
    const { changes } = push({ Plan: "silver", Visits: 1 }, first.state);
    assert.deepEqual(changes, [
      { key: "Plan", operation: "set", oldValue: "gold", newValue: "silver", oldType: "string", newType: "string" },
    ]);
  });

  it("does not modify the state it was given", () => {
    const first = push({ Plan: "gold" });
    push({ Plan: "silver", Extra: 1 }, first.state);
    assert.deepEqual(first.state.properties, { Plan: "gold" });
  });

  it("accepts a 120-byte key and rejects a 121-byte key", () => {
    push({ ["k".repeat(120)]: 1 });
    rejects({ ["k".repeat(121)]: 1 }, 555, "k".repeat(121));
  });

  it("counts bytes, not characters, for keys and values", () => {
    rejects({ ["é".repeat(61)]: 1 }, 555, "é".repeat(61)); // 122 bytes
    rejects({ Note: "é".repeat(257) }, 555, "Note"); // 514 bytes
  });

  it("accepts a 512-byte string value and rejects 513 bytes", () => {
    push({ Note: "x".repeat(512) });
    const error = rejects({ Note: "x".repeat(513) }, 555, "Note");
    assert.match(error.message, /513 bytes; the limit is 512/);
  });

  it("accepts 256 custom keys and rejects the 257th, naming it", () => {
    const full = push(Object.fromEntries(Array.from({ length: 256 }, (_, i) => [`k${i}`, i])));
    push({ Name: "standard keys do not count", "MSG-email": true }, full.state);
    push({ k0: "replacing an existing key is fine" }, full.state);
    const error = rejects({ extra: 1 }, 555, "extra", full.state);
    assert.match(error.message, /number 257.*at most 256/);
  });

  it("rejects null, nested objects, empty keys and $-keys", () => {
    rejects({ Bad: null }, 555, "Bad");
    rejects({ Nested: { a: 1 } }, 555, "Nested");
    rejects({ "": 1 }, 555, "");
    rejects({ $weird: 1 }, 555, "$weird");
  });

  it("rejects bad dates", () => {
    rejects({ Renewal: "$D_tomorrow" }, 555, "Renewal");
    rejects({ Renewal: "$D_1714558830000" }, 555, "Renewal");
  });

  it("is all or nothing: one bad key rejects the whole record", () => {
    const before = push({ Plan: "gold" });
    rejects({ Plan: "silver", Gender: "robot" }, 514, "Gender", before.state);
    assert.equal(before.state.properties.Plan, "gold");
  });
});

describe("push: standard properties", () => {
  it("gives a bare-digits phone number from the SDK its + back", () => {
    assert.equal(push({ Phone: 14155551234 }).state.properties.Phone, "+14155551234");
    assert.equal(push({ Phone: "+44 20 7946 0958" }).state.properties.Phone, "+442079460958");
  });

  it("rejects phones without country code or with letters", () => {
    rejects({ Phone: "4155551234" }, 516, "Phone");
    rejects({ Phone: "+1-800-FLOWERS" }, 516, "Phone");
    rejects({ Phone: "+12" }, 516, "Phone");
  });

  it("normalises gender and rejects unknown values", () => {
    for (const [input, expected] of [
      ["m", "M"],
      ["Female", "F"],
      ["others", "O"],
      ["UNKNOWN", "U"],
      ["u", "U"],
    ]) {
      assert.equal(push({ Gender: input }).state.properties.Gender, expected);
    }
    rejects({ Gender: "robot" }, 514, "Gender");
    rejects({ Gender: 1 }, 514, "Gender");
  });

  it("reads DOB from $D_ epoch seconds, the legacy $D_yyyymmdd and ISO dates", () => {
    assert.equal(push({ DOB: "$D_632361600" }).state.properties.DOB, 632361600);
    assert.equal(push({ DOB: "$D_19900115" }).state.properties.DOB, Date.UTC(1990, 0, 15) / 1000);
    assert.equal(push({ DOB: "1990-01-15" }).state.properties.DOB, Date.UTC(1990, 0, 15) / 1000);
    assert.equal(push({ DOB: "1990-01-15" }).state.types.DOB, "date");
    rejects({ DOB: "15/01/1990" }, 555, "DOB");
    rejects({ DOB: "1990-02-30" }, 555, "DOB");
    rejects({ DOB: `$D_${Math.floor(Date.now() / 1000) + 90 * 86400}` }, 555, "DOB");
  });

  it("validates e-mail, Employed, Education, Married and consents", () => {
    assert.equal(push({ Email: " Ada@Example.com " }).state.properties.Email, "Ada@Example.com");
    rejects({ Email: "not-an-email" }, 515, "Email");
    assert.equal(push({ Employed: "y" }).state.properties.Employed, "Y");
    rejects({ Employed: "maybe" }, 517, "Employed");
    assert.equal(push({ Education: "college" }).state.properties.Education, "College");
    rejects({ Education: "PhD" }, 518, "Education");
    rejects({ Married: "often" }, 519, "Married");
    assert.equal(push({ "MSG-email": false }).state.properties["MSG-email"], false);
    assert.equal(push({ "MSG-whatsapp": "true" }).state.types["MSG-whatsapp"], "boolean");
    rejects({ "MSG-sms": "yes" }, 555, "MSG-sms");
  });

  it("stores Identity as a string even when sent as a number", () => {
    assert.equal(push({ Identity: 61026032 }).state.properties.Identity, "61026032");
  });
});

describe("age", () => {
  it("is derived from DOB in whole UTC years and never stored beside it", () => {
    const withAge = push({ Age: 30 });
    assert.equal(withAge.state.properties.Age, 30);
    const { state, changes } = push({ DOB: "1990-06-15" }, withAge.state);
    assert.equal(state.properties.Age, undefined, "a stored Age goes once DOB exists");
    assert.ok(changes.some((c) => c.key === "Age" && c.operation === "delete"));
    assert.equal(push({ Age: 99 }, state).state.properties.Age, undefined, "Age input is ignored while DOB exists");
    assert.equal(withDerivedAge(state, new Date(Date.UTC(2026, 5, 14))).properties.Age, 35);
    assert.equal(withDerivedAge(state, new Date(Date.UTC(2026, 5, 15))).properties.Age, 36);
  });

  it("rejects an Age that is not a whole number", () => {
    rejects({ Age: -1 }, 520, "Age");
    rejects({ Age: "old" }, 520, "Age");
  });
});

describe("commands", () => {
  it("$incr and $decr work on numbers; a missing key counts as 0", () => {
    let { state } = push({ Score: { $incr: 5 } });
    assert.deepEqual([state.properties.Score, state.types.Score], [5, "integer"]);
    ({ state } = push({ Score: { $decr: 7 } }, state));
    assert.equal(state.properties.Score, -2);
    ({ state } = push({ Score: { $incr: 0.5 } }, state));
    assert.deepEqual([state.properties.Score, state.types.Score], [-1.5, "float"]);
    const { changes } = push({ Balance: { $decr: 2 } });
    assert.deepEqual(changes[0], {
      key: "Balance",
      operation: "decrement",
      oldValue: null,
      newValue: -2,
      oldType: null,
      newType: "integer",
    });
  });

  it("rejects negative or non-numeric increments and increments of non-numbers", () => {
    rejects({ Score: { $incr: -1 } }, 555, "Score");
    rejects({ Score: { $decr: "2" } }, 555, "Score");
    const text = push({ Plan: "gold" });
    rejects({ Plan: { $incr: 1 } }, 555, "Plan", text.state);
    rejects({ Age: { $incr: 1 } }, 555, "Age");
  });

  it("$set, $add and $remove keep unique items, promote scalars and delete emptied lists", () => {
    let { state } = push({ Tags: { $set: ["Red", "red", "Blue", "Red"] } });
    assert.deepEqual(state.properties.Tags, ["Red", "red", "Blue"], "case-sensitive, unique, first occurrence kept");
    ({ state } = push({ Tags: { $add: ["Green", "Blue"] } }, state));
    assert.deepEqual(state.properties.Tags, ["Red", "red", "Blue", "Green"]);
    ({ state } = push({ Tags: { $add: 7 } }, state));
    assert.deepEqual(state.properties.Tags, ["Red", "red", "Blue", "Green", "7"]);
    ({ state } = push({ Tags: { $remove: ["Red", "red", "Blue", "Green", "7"] } }, state));
    assert.equal(Object.hasOwn(state.properties, "Tags"), false, "an emptied list is deleted");

    ({ state } = push({ Plan: "gold" }));
    ({ state } = push({ Plan: { $add: "silver" } }, state));
    assert.deepEqual([state.properties.Plan, state.types.Plan], [["gold", "silver"], "list"]);
    ({ state } = push({ Count: 3 }));
    ({ state } = push({ Count: { $remove: "3" } }, state));
    assert.equal(Object.hasOwn(state.properties, "Count"), false, "a promoted scalar removed to nothing is deleted");
  });

  it("keeps at most 100 items, dropping the oldest", () => {
    const hundred = Array.from({ length: 100 }, (_, i) => `i${i}`);
    let { state } = push({ Tags: { $set: hundred } });
    assert.equal((state.properties.Tags as string[]).length, 100);
    ({ state } = push({ Tags: { $add: "i100" } }, state));
    const tags = state.properties.Tags as string[];
    assert.equal(tags.length, 100);
    assert.equal(tags[0], "i1", "the oldest item was dropped");
    assert.equal(tags[99], "i100");
    assert.equal((push({ Tags: Array.from({ length: 101 }, (_, i) => `j${i}`) }).state.properties.Tags as string[])[0], "j1");
  });

  it("rejects bad list items and $set without a list", () => {
    rejects({ Tags: { $add: [{ a: 1 }] } }, 555, "Tags");
    rejects({ Tags: { $add: ["x".repeat(513)] } }, 555, "Tags");
    rejects({ Tags: { $set: "solo" } }, 555, "Tags");
    rejects({ Tags: { $push: ["x"] } }, 555, "Tags");
  });

  it("$delete removes a property and is a no-op when it is missing; identities cannot be deleted", () => {
    const { state } = push({ Plan: "gold", Name: "Ada" });
    const after = push({ Plan: { $delete: true }, Name: { $delete: true }, Missing: { $delete: true } }, state);
    assert.deepEqual(after.state.properties, {});
    assert.deepEqual(
      after.changes.map((c) => [c.key, c.operation, c.oldValue]),
      [
        ["Plan", "delete", "gold"],
        ["Name", "delete", "Ada"],
      ],
    );
    rejects({ Email: { $delete: true } }, 555, "Email");
  });
});

describe("push: hostile keys and text", () => {
  const PROTOTYPE_NAMES = ["toString", "valueOf", "constructor", "hasOwnProperty", "isPrototypeOf", "__proto__", "__defineGetter__"];

  it("stores a key named like an Object.prototype member as an ordinary property (no built-in read as its old value)", () => {
    for (const key of PROTOTYPE_NAMES) {
      const data = JSON.parse(`{${JSON.stringify(key)}: "x"}`); // JSON.parse makes "__proto__" an own key, as a request body does
      const { state, changes } = push(data);
      assert.deepEqual(changes, [{ key, operation: "set", oldValue: null, newValue: "x", oldType: null, newType: "string" }], key);
      assert.ok(Object.hasOwn(state.properties, key), key);
      assert.equal(JSON.stringify(state.properties), JSON.stringify({ [key]: "x" }));
      const next = push(JSON.parse(`{${JSON.stringify(key)}: {"$incr": 1}}`), emptyState());
      assert.equal(next.state.properties[key], 1, `${key}: a missing key counts as 0`);
    }
  });

  it("lists and removes prototype-named keys by their own value only", () => {
    const { state } = push({ valueOf: { $add: ["a"] } });
    assert.deepEqual(state.properties.valueOf, ["a"]);
    assert.deepEqual(push({ toString: { $delete: true } }).changes, []);
  });

  it("refuses a standard property value spelled like a prototype member", () => {
    rejects({ Gender: "constructor" }, 514, "Gender");
    rejects({ Married: "toString" }, 519, "Married");
  });

  it("refuses lone surrogates and NUL in keys, values and list items, per record", () => {
    assert.throws(
      () => push({ "a\ud800b": "x" }),
      (error: RuleViolation) => error.code === 555 && error.message.includes('"a\\ud800b"'),
    );
    rejects({ Plan: "a\ud800b" }, 555, "Plan");
    rejects({ Plan: "a\udc00" }, 555, "Plan");
    rejects({ Name: "\ud800" }, 555, "Name");
    rejects({ Tags: ["ok", "b\udfff"] }, 555, "Tags");
    rejects({ Plan: "a\u0000b" }, 555, "Plan");
    assert.equal(push({ Plan: "emoji 😀 ok" }).state.properties.Plan, "emoji 😀 ok");
  });
});
