// The query engine's compiler: each condition's SQL text and parameters, hostile values kept as bind parameters.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Params } from "./query-property";
import { type Condition, conditionSchema } from "./query-schema";
import { compileCondition, compileWhere, numberTestHolds, windowBounds } from "./query-sql";

const NOW = new Date("2026-06-15T12:00:00Z");
const HOSTILE = "x'); DROP TABLE profile; --";

function compile(condition: Condition) {
  const params = new Params();
  const text = compileWhere({ accountId: "ACC", condition: conditionSchema.parse(condition), params, now: NOW });
  return { text, values: params.values };
}

describe("query engine: event conditions", () => {
  test("did E: profiles among the event's rows (the name index), no grouping", () => {
    const { text, values } = compile({ kind: "event", name: "Viewed", op: "did", where: [] });
    assert.equal(text, "p.account_id = $1 AND (p.id IN (SELECT e.profile_id FROM event e WHERE e.account_id = $1 AND e.name = $2))");
    assert.deepEqual(values, ["ACC", "Viewed"]);
  });

  test("did not do E: an anti-join", () => {
    const { text, values } = compile({ kind: "event", name: HOSTILE, op: "didNot", where: [] });
    assert.equal(
      text,
      "p.account_id = $1 AND (NOT EXISTS (SELECT 1 FROM event e WHERE e.account_id = $1 AND e.name = $2 AND e.profile_id = p.id))",
    );
    assert.deepEqual(values, ["ACC", HOSTILE]);
  });

  test("at least N times in the last N days: grouped, HAVING count", () => {
    const { text, values } = compile({ kind: "event", name: "Charged", op: "atLeast", n: 2, when: { lastDays: 30 }, where: [] });
    assert.equal(
      text,
      "p.account_id = $1 AND (p.id IN (SELECT e.profile_id FROM event e WHERE e.account_id = $1 AND e.name = $2 " +
        "AND e.ts >= $3::timestamp GROUP BY e.profile_id HAVING count(*) >= $4::numeric ORDER BY e.profile_id))",
    );
    assert.deepEqual(values, ["ACC", "Charged", "2026-05-16T12:00:00.000", 2]);
  });

  test("at most N times between two days: profiles without the event pass too (not among those with more)", () => {
    const { text, values } = compile({
      kind: "event",
      name: "Login",
      op: "atMost",
      n: 3,
      when: { from: "2026-01-01", to: "2026-01-31" },
      where: [],
    });
    assert.equal(
      text,
      "p.account_id = $1 AND (NOT EXISTS (SELECT 1 FROM (SELECT e.profile_id FROM event e WHERE e.account_id = $1 AND e.name = $2 " +
        "AND e.ts >= $3::timestamp AND e.ts < $4::timestamp GROUP BY e.profile_id HAVING NOT (count(*) <= $5::numeric)) " +
        "failing WHERE failing.profile_id = p.id))",
    );
    assert.deepEqual(values, ["ACC", "Login", "2026-01-01T00:00:00.000", "2026-02-01T00:00:00.000", 3]);
  });

  test("exactly 0 is 'did not'; exactly 2 is grouped", () => {
    assert.match(compile({ kind: "event", name: "A", op: "exactly", n: 0, where: [] }).text, /NOT EXISTS \(SELECT 1 FROM event e/);
    assert.match(compile({ kind: "event", name: "A", op: "exactly", n: 2, where: [] }).text, /HAVING count\(\*\) = \$3::numeric/);
  });

  test("event property conditions: numbers as numbers, text as text, hostile keys and values as parameters", () => {
    const { text, values } = compile({
      kind: "event",
      name: "Charged",
      op: "did",
      where: [
        { key: "Amount", op: "gt", value: 50 },
        { key: HOSTILE, op: "eq", value: HOSTILE },
        { key: "Coupon", op: "contains", value: "50%_off" },
        { key: "Gift", op: "set" },
        { key: "Size", op: "between", value: 1, value2: 3 },
        { key: "Channel", op: "neq", value: "web" },
      ],
    });
    assert.ok(text.includes("CASE WHEN jsonb_typeof(e.properties -> $3) = 'number' THEN (e.properties -> $3)::numeric END > $4::numeric"));
    assert.ok(text.includes("(e.properties ->> $5) = $6::text"));
    assert.ok(text.includes("(e.properties ->> $7) ILIKE $8"));
    assert.ok(text.includes("e.properties ? $9"));
    assert.ok(text.includes("BETWEEN $11::numeric AND $12::numeric"));
    assert.ok(text.includes("(e.properties ? $13 AND NOT coalesce((e.properties ->> $13) = $14::text, false))"));
    assert.deepEqual(values, [
      "ACC",
      "Charged",
      "Amount",
      50,
      HOSTILE,
      HOSTILE,
      "Coupon",
      "%50\\%\\_off%",
      "Gift",
      "Size",
      1,
      3,
      "Channel",
      "web",
    ]);
    assert.ok(!text.includes("DROP"));
  });
});

describe("query engine: purchases (LTV), profile type, Age, first visit, consent, properties", () => {
  test("lifetime value above a sum: the per-profile purchase totals (profile_purchase)", () => {
    const { text, values } = compile({ kind: "purchases", measure: "sum", op: "gt", value: 100 });
    assert.equal(
      text,
      "p.account_id = $1 AND (p.id IN (SELECT pp.profile_id FROM profile_purchase pp " +
        "WHERE pp.account_id = $1 AND pp.revenue > $2::numeric))",
    );
    assert.deepEqual(values, ["ACC", 100]);
  });

  test("lifetime purchases below N include profiles that never bought (no totals row failing the test)", () => {
    const { text } = compile({ kind: "purchases", measure: "count", op: "lt", value: 2 });
    assert.equal(
      text,
      "p.account_id = $1 AND (NOT EXISTS (SELECT 1 FROM profile_purchase pp " +
        "WHERE pp.profile_id = p.id AND NOT (pp.purchases < $2::numeric)))",
    );
  });

  test("purchases in a window: grouped sum of the window's Charged Amount", () => {
    const { text, values } = compile({
      kind: "purchases",
      measure: "sum",
      op: "gt",
      value: 100,
      when: { from: "2026-01-01", to: "2026-01-31" },
    });
    assert.match(
      text,
      /p\.id IN \(SELECT e\.profile_id FROM event e WHERE e\.account_id = \$1 AND e\.name = \$2 AND e\.ts >= \$3::timestamp/,
    );
    assert.match(text, /HAVING coalesce\(sum\(CASE WHEN jsonb_typeof\(e\.properties -> \$5\) = 'number'/);
    assert.deepEqual(values, ["ACC", "Charged", "2026-01-01T00:00:00.000", "2026-02-01T00:00:00.000", "Amount", 100]);
  });

  test("purchase count below N includes profiles that never bought", () => {
    const { text } = compile({ kind: "purchases", measure: "count", op: "lt", value: 2, when: { lastDays: 7 } });
    assert.match(
      text,
      /NOT EXISTS \(SELECT 1 FROM \(SELECT e.profile_id FROM event e .* HAVING NOT \(count\(\*\) < \$4::numeric\)\) failing/,
    );
  });

  test("profile types: Customer = has a Charged event; the others exclude customers", () => {
    assert.equal(
      compile({ kind: "profileType", type: "customer" }).text,
      "p.account_id = $1 AND (p.id IN (SELECT c.profile_id FROM profile_purchase c WHERE c.account_id = $1))",
    );
    assert.equal(
      compile({ kind: "profileType", type: "anonymous" }).text,
      "p.account_id = $1 AND (NOT p.identified AND p.joined_to_profile_id IS NULL AND NOT (p.id IN " +
        "(SELECT c.profile_id FROM profile_purchase c WHERE c.account_id = $1)))",
    );
    assert.match(compile({ kind: "profileType", type: "identified" }).text, /\(p\.identified AND NOT/);
  });

  test("Age from DOB on the query's day, else the explicit Age", () => {
    const { text, values } = compile({ kind: "age", op: "between", value: 30, value2: 18 });
    assert.ok(text.includes("age($2::date, (to_timestamp((p.properties ->> 'DOB')::float8) AT TIME ZONE 'UTC')::date)"));
    assert.ok(text.includes("WHEN jsonb_typeof(p.properties -> 'Age') = 'number'"));
    assert.ok(text.endsWith("BETWEEN $3::numeric AND $4::numeric)"));
    assert.deepEqual(values, ["ACC", "2026-06-15", 18, 30]);
  });

  test("first-visit campaign: the first page view's UTM field", () => {
    const { text, values } = compile({ kind: "firstVisit", field: "source", op: "eq", value: HOSTILE });
    assert.equal(
      text,
      "p.account_id = $1 AND ((SELECT fv.properties ->> $2 FROM event fv WHERE fv.profile_id = p.id AND fv.name = $3 " +
        "ORDER BY fv.ts, fv.id LIMIT 1) = $4::text)",
    );
    assert.deepEqual(values, ["ACC", "UTM Source", "Page Viewed", HOSTILE]);
    assert.match(compile({ kind: "firstVisit", field: "campaign", op: "notset" }).text, /coalesce\(\(SELECT .*\), ''\) = ''/);
  });

  test("consents compile through the list's property filters (GIN expression)", () => {
    const opted = compile({ kind: "consent", channel: "email", state: "in" });
    assert.match(opted.text, /@> \$2::jsonb/);
    assert.deepEqual(opted.values, ["ACC", JSON.stringify({ "MSG-email": true })]);
    assert.deepEqual(compile({ kind: "consent", channel: "sms", state: "out" }).values, ["ACC", JSON.stringify({ "MSG-sms": false })]);
    assert.equal(compile({ kind: "consent", channel: "push", state: "unset" }).text, "p.account_id = $1 AND (NOT (p.properties ? $2))");
  });

  test("property filters are the list's own, with hostile keys as parameters", () => {
    const { text, values } = compile({ kind: "property", filter: { key: HOSTILE, op: "contains", value: HOSTILE, value2: "" } });
    assert.equal(text, "p.account_id = $1 AND ((p.properties ->> $2) ILIKE $3)");
    assert.deepEqual(values, ["ACC", HOSTILE, `%x'); DROP TABLE profile; --%`]);
  });

  test("all / any / not combine; an empty all is TRUE; nesting is bounded", () => {
    const { text } = compile({
      kind: "any",
      of: [
        { kind: "profileType", type: "customer" },
        { kind: "not", of: { kind: "consent", channel: "email", state: "unset" } },
      ],
    });
    assert.match(text, /^p.account_id = \$1 AND \(\(p.id IN .*\) OR NOT \(\(NOT \(p.properties \? \$2\)\)\)\)$/);
    assert.equal(compile({ kind: "all", of: [] }).text, "p.account_id = $1 AND TRUE");
    let deep: Condition = { kind: "all", of: [] };
    for (let i = 0; i < 10; i++) deep = { kind: "not", of: deep };
    assert.throws(() => compile(deep), /nest too deeply/);
  });
});

describe("query engine: schema and helpers", () => {
  test("the schema refuses unknown kinds, operators and missing values", () => {
    for (const bad of [
      { kind: "sql", text: "1=1" },
      { kind: "event", name: "A", op: "atLeast", where: [] },
      { kind: "event", name: "A", op: "did", where: [{ key: "Amount", op: "gt", value: "fifty" }] },
      { kind: "event", name: "A", op: "did", when: { from: "2026-02-01", to: "2026-01-01" } },
      { kind: "purchases", measure: "avg", op: "gt", value: 1 },
      { kind: "age", op: "between", value: 1 },
      { kind: "profileType", type: "vip" },
      { kind: "firstVisit", field: "source", op: "eq" },
      { kind: "consent", channel: "fax", state: "in" },
      // Event names are limited in bytes, as the engine stores them: 300 "é" are 600 bytes.
      { kind: "event", name: "é".repeat(300), op: "did" },
    ]) {
      assert.equal(conditionSchema.safeParse(bad).success, false, JSON.stringify(bad));
    }
  });

  test("an event name of up to 512 bytes is a condition", () => {
    assert.equal(conditionSchema.safeParse({ kind: "event", name: "é".repeat(256), op: "did" }).success, true);
  });

  test("numberTestHolds and windowBounds", () => {
    assert.equal(numberTestHolds({ op: "lte", value: 2 }, 0), true);
    assert.equal(numberTestHolds({ op: "between", value: 5, value2: 1 }, 0), false);
    assert.deepEqual(windowBounds({ from: "2026-03-01", to: "2026-03-01" }, NOW), {
      since: "2026-03-01T00:00:00.000",
      until: "2026-03-02T00:00:00.000",
    });
  });
});

describe("the list's URL carries conditions (c) and compiles them through the engine", () => {
  test("parsed, kept in the URL, bad ones dropped with a note, compiled into the page statement", async () => {
    const { listStateToQuery, parseListState, parseListStateWithNotes } = await import("./list-state");
    const { pageStatement } = await import("./list-sql");
    const repeat = { kind: "event", name: "Charged", op: "atLeast", n: 2, when: { lastDays: 30 }, where: [] };
    const { state, notes } = parseListStateWithNotes({ c: [JSON.stringify(repeat), "{bad", JSON.stringify({ kind: "sql" })] });
    assert.deepEqual(state.conditions, [repeat]);
    assert.equal(notes.length, 1);
    assert.deepEqual(parseListState(Object.fromEntries(new URLSearchParams(listStateToQuery(state)).entries())).conditions, [repeat]);
    const statement = pageStatement("ACC", state);
    assert.match(statement.text, /GROUP BY e\.profile_id HAVING count\(\*\) >= \$\d+::numeric/);
    assert.ok(statement.values.includes("Charged") && statement.values.includes(2));
  });
});

describe("query engine: per profile (a page walking its order)", () => {
  test("each condition asks about one profile's own rows; nothing becomes a set; hostile names and values stay parameters", () => {
    const params = new Params();
    const ctx = { params, account: params.add("ACC"), now: NOW, perRow: true };
    const conditions: Condition[] = [
      { kind: "event", name: HOSTILE, op: "atLeast", n: 2, when: { lastDays: 30 }, where: [{ key: HOSTILE, op: "eq", value: HOSTILE }] },
      { kind: "event", name: "constructor", op: "did", where: [] },
      { kind: "event", name: "__proto__", op: "didNot", where: [] },
      { kind: "purchases", measure: "sum", op: "gt", value: 500 },
      { kind: "purchases", measure: "count", op: "lt", value: 2 },
      { kind: "not", of: { kind: "profileType", type: "customer" } },
    ];
    const sql = conditions.map((c) => compileCondition(conditionSchema.parse(c), ctx));
    assert.match(
      sql[0],
      /^\(\(SELECT count\(\*\) FROM event e WHERE e\.account_id = \$1 AND e\.name = \$2 .* AND e\.profile_id = p\.id\) >= \$\d+::\w+\)$/,
    );
    assert.match(sql[1], /^\(EXISTS \(SELECT 1 FROM event e WHERE .* AND e\.profile_id = p\.id OFFSET 0\)\)$/);
    assert.match(sql[2], /^\(NOT EXISTS \(SELECT 1 FROM event e WHERE .* AND e\.profile_id = p\.id OFFSET 0\)\)$/);
    // Lifetime totals by the profile's own key; a profile without purchases has totals of 0, so "fewer than 2" holds.
    assert.match(
      sql[3],
      /^\(coalesce\(\(SELECT pp\.revenue FROM profile_purchase pp WHERE pp\.profile_id = p\.id\), 0\) > \$\d+::numeric\)$/,
    );
    assert.match(
      sql[4],
      /^\(coalesce\(\(SELECT pp\.purchases FROM profile_purchase pp WHERE pp\.profile_id = p\.id\), 0\) < \$\d+::numeric\)$/,
    );
    assert.equal(sql[5], "NOT ((EXISTS (SELECT 1 FROM profile_purchase c WHERE c.profile_id = p.id OFFSET 0)))");
    for (const text of sql) {
      assert.ok(!text.includes(HOSTILE) && !text.includes("constructor") && !text.includes("__proto__"), text);
      assert.doesNotMatch(text, /IN \(SELECT/);
    }
    assert.deepEqual(
      params.values.filter((v) => v === HOSTILE),
      [HOSTILE, HOSTILE, HOSTILE],
    );
  });
});
