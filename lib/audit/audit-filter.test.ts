import assert from "node:assert/strict";
import { test } from "node:test";
import { auditWhere, parseAuditFilter } from "./audit-filter";

test("unparsable filters are dropped, valid ones kept", () => {
  const filter = parseAuditFilter({
    actor: " Ann@X.test ",
    action: "drop table",
    profile: "12a",
    from: "2026-02-30",
    to: "2026-03-01",
    before: "99",
  });
  assert.deepEqual(filter, { actor: "ann@x.test", action: undefined, profile: undefined, from: undefined, to: "2026-03-01", before: "99" });
});

test("every filter becomes a parameter, never SQL text", () => {
  const { sql, values } = auditWhere({
    actor: "a'; --",
    action: "sign-in",
    profile: "7",
    from: "2026-01-01",
    to: "2026-01-02",
    before: "5",
  });
  assert.equal(sql.includes("a';"), false);
  assert.deepEqual(values, ["a'; --", "sign-in", "7", "2026-01-01", "2026-01-02", "5"]);
  assert.match(sql, /a\.created_at < \$5::date \+ 1/);
  assert.deepEqual(auditWhere({}), { sql: "", values: [] });
});
