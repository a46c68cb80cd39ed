import assert from "node:assert/strict";
import { test } from "node:test";
import { scrubState } from "./scrub-segments";

const values = new Set(["ada@example.com", "+4915112345678"]);

test("filters naming the person (value or second value, any case) go; others stay", () => {
  const state = {
    tab: "all",
    q: "",
    filters: [
      { key: "Email", op: "eq", value: "ADA@example.com ", value2: "" },
      { key: "Plan", op: "eq", value: "pro", value2: "" },
      { key: "Phone", op: "between", value: "+1", value2: "+4915112345678" },
    ],
  };
  assert.deepEqual(scrubState(state, values), { tab: "all", q: "", filters: [{ key: "Plan", op: "eq", value: "pro", value2: "" }] });
});

test("a search equal to a value is cleared; an untouched segment is left alone", () => {
  assert.deepEqual(scrubState({ tab: "all", q: "ada@example.com", filters: [] }, values), { tab: "all", q: "", filters: [] });
  assert.equal(scrubState({ tab: "all", q: "ada", filters: [{ key: "Plan", op: "eq", value: "pro" }] }, values), null);
});
