import assert from "node:assert/strict";
import { test } from "node:test";
import { formatValue } from "./format-value";

test("a date reads to the second in UTC, a calendar-date key (DOB) as its day; other types as text", () => {
  assert.equal(formatValue(1793797509, "date", "Last Order"), "2026-11-04 13:05:09 UTC");
  assert.equal(formatValue(1793750400, "date"), "2026-11-04 00:00:00 UTC");
  assert.equal(formatValue(1155168000, "date", "DOB"), "2006-08-10");
  assert.equal(formatValue(1155168000, "integer", "Points"), "1155168000");
  assert.equal(formatValue(["a", "b"], "list"), "a, b");
  assert.equal(formatValue(true, "boolean"), "true");
  assert.equal(formatValue("<b>x</b>", "string"), "<b>x</b>");
  assert.equal(formatValue(null, "date"), "");
  assert.equal(formatValue(1e15, "date"), "1000000000000000");
});
