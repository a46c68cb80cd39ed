import assert from "node:assert/strict";
import { test } from "node:test";
import { parseCalendarDate, parseIsoDate } from "./dates";

test("a calendar date is its midnight UTC, and only a real date", () => {
  assert.equal(parseCalendarDate("1970-01-02"), 86400);
  assert.equal(parseCalendarDate(" 2024-02-29 "), Date.UTC(2024, 1, 29) / 1000);
  for (const text of ["2023-02-29", "2024-02-30", "2024-13-01", "2024-1-1", "20240101", "2024-01-01T00:00Z", ""])
    assert.equal(parseCalendarDate(text), null, text);
});

test("a date and time is UTC unless it names a zone", () => {
  assert.equal(parseIsoDate("1970-01-01"), 0);
  assert.equal(parseIsoDate("1970-01-01T00:01"), 60);
  assert.equal(parseIsoDate("1970-01-01 00:01:05"), 65);
  assert.equal(parseIsoDate("1970-01-01T00:01:05.999Z"), 65);
  assert.equal(parseIsoDate("1970-01-01T01:00:00+01:00"), 0);
  assert.equal(parseIsoDate("1970-01-01T00:00:00-0130"), 5400);
  for (const text of ["1970-01-01T24:00", "1970-01-01T10:60", "1970-02-30T10:00", "1970-01-01T10", "1970-01-01Tnoon", "soon"])
    assert.equal(parseIsoDate(text), null, text);
});
