import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { escapeLike, GIN_INDEXED_PROPERTIES, ListQueryError, pageStatement, tabCountsStatement, toEpochSeconds } from "./list-sql";
import { decodeCursor, encodeCursor, listStateToQuery, parseListState, parseListStateWithNotes } from "./list-state";

const ACC = "ACC-1";
const f = (...parts: string[]) => JSON.stringify(parts);

describe("parseListState", () => {
  test("defaults for an empty or hostile URL", () => {
    const state = parseListState({
      tab: "admin",
      sort: "password; DROP TABLE profile",
      dir: "sideways",
      size: "100000",
      after: "%%%",
      col: ["nope", "p:Plan"],
    });
    assert.equal(state.tab, "all");
    assert.equal(state.sort, "last_seen");
    assert.equal(state.dir, "desc");
    assert.equal(state.size, 50);
    assert.equal(state.after, null);
    assert.deepEqual(state.cols, ["p:Plan"]);
  });

  test("filters: malformed ones are dropped, $-keys must be allowlisted, values are required where needed", () => {
    const state = parseListState({
      f: [
        f("Plan", "eq", "pro"),
        "not json",
        f("$password", "eq", "x"),
        f("Plan", "eq", ""),
        f("Score", "between", "1"),
        f("VIP", "true"),
        f("$last_seen", "gt", "2024-01-01"),
      ],
    });
    assert.deepEqual(
      state.filters.map((x) => [x.key, x.op]),
      [
        ["Plan", "eq"],
        ["VIP", "true"],
        ["$last_seen", "gt"],
      ],
    );
  });

  test("round-trips through the URL", () => {
    const url = new URLSearchParams({ tab: "identified", q: "ann", sort: "p:Score", dir: "asc", size: "100" });
    url.append("f", f("City", "contains", "lis"));
    url.append("col", "name");
    url.append("col", "p:Score");
    const record = (u: URLSearchParams) => Object.fromEntries([...u.keys()].map((k) => [k, u.getAll(k)]));
    const state = parseListState(record(url));
    const again = parseListState(record(new URLSearchParams(listStateToQuery(state))));
    assert.deepEqual(again, state);
  });

  test("cursors are opaque and validated", () => {
    const text = encodeCursor({ key: "2026-01-01 10:00:00.123", id: 42 });
    assert.deepEqual(decodeCursor(text), { key: "2026-01-01 10:00:00.123", id: 42 });
    assert.equal(decodeCursor(Buffer.from('["x", -1]').toString("base64url")), null);
    assert.equal(decodeCursor(Buffer.from('{"a":1}').toString("base64url")), null);
  });

  test("a cursor whose value does not fit the sort falls back to the first page with a note", () => {
    const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    for (const [params, sort] of [
      [{ after: "WyJ4IiwxXQ" }, "last_seen"],
      [{ before: cursor(["2026-01-01 00:00:00", 1e300]) }, "last_seen"],
      [{ sort: "id", after: cursor(["99999999999999999999", 1]) }, "id"],
      [{ sort: "p:Score", after: cursor([`"\\ud800"`, 1]) }, "p:Score"],
      [{ sort: "p:Score", after: cursor(["{not json", 1]) }, "p:Score"],
    ] as const) {
      const { state, notes } = parseListStateWithNotes(params);
      assert.equal(state.sort, sort);
      assert.equal(state.after, null);
      assert.equal(state.before, null);
      assert.match(notes.join(" "), /page position/);
    }
    const good = parseListStateWithNotes({ sort: "p:Score", after: cursor(["12.5", 3]) });
    assert.deepEqual([good.state.after, good.notes], [{ key: "12.5", id: 3 }, []]);
  });

  test("unstorable text in filters, search and sort is dropped with a note", () => {
    const { state, notes } = parseListStateWithNotes({ f: f("Plan", "eq", "a\u0000b"), q: "\ud800", sort: "p:\ud800" });
    assert.deepEqual([state.filters, state.q, state.sort], [[], "", "last_seen"]);
    assert.equal(notes.length, 2);
  });
});

describe("pageStatement", () => {
  test("hostile keys and values only ever reach the SQL as bind parameters", () => {
    const evil = "x'); DROP TABLE profile; --";
    const state = parseListState({
      q: evil,
      sort: `p:${evil}`,
      f: [f(evil, "eq", evil), f(evil, "contains", evil), f(evil, "set"), f(evil, "gt", "5"), f(evil, "true")],
    });
    const statement = pageStatement(ACC, state);
    assert.ok(!statement.text.includes("DROP"), statement.text);
    assert.ok(!statement.text.includes(evil));
    assert.ok(statement.values.includes(evil));
    assert.ok(statement.values.includes(JSON.stringify({ [evil]: evil })));
    assert.ok(statement.values.includes(`%${evil}%`));
  });

  test("a row's device and last page are looked up for the page's rows only, after the keyset LIMIT", () => {
    const statement = pageStatement(ACC, parseListState({}));
    const inner = statement.text.slice(statement.text.indexOf("FROM (SELECT p.id"));
    // The keyset statement is the inner one, limited; the lookups read its rows (page.id), not every profile.
    assert.match(inner, /ORDER BY p\.last_seen DESC, p\.id DESC LIMIT \$\d+\) page ORDER BY page\.sort_value DESC, page\.id DESC$/);
    assert.match(statement.text, /FROM device d WHERE d\.profile_id = page\.id AND NOT page\.identified/);
    assert.match(statement.text, /FROM event e WHERE e\.profile_id = page\.id ORDER BY e\.ts DESC, e\.id DESC LIMIT 200\)/);
    assert.ok(statement.values.includes("Page Viewed"));
    // Customer too: inside the keyset statement the planner may hash a whole table instead of probing 51 rows.
    assert.match(statement.text, /\(SELECT true FROM profile_purchase c WHERE c\.profile_id = page\.id\), false\) AS customer/);
    const keyset = statement.text.slice(statement.text.indexOf("FROM (SELECT p.id"), statement.text.indexOf(") page"));
    assert.ok(!keyset.includes("event") && !keyset.includes("profile_purchase"), keyset);
    // Without the Last page column (or for the CSV, which names rows by id) the lookups are left out.
    const lean = pageStatement(ACC, parseListState({ col: ["email"] }), 51, {}, { device: false, lastPage: false });
    assert.ok(!lean.text.includes("FROM device") && !lean.text.includes("FROM event e"), lean.text);
  });

  test("LIKE wildcards in search and contains are literal", () => {
    assert.equal(escapeLike("50%_off\\"), "50\\%\\_off\\\\");
    const statement = pageStatement(ACC, parseListState({ q: "a%b", f: f("Note", "contains", "_") }));
    assert.ok(statement.values.includes("a\\%b%"));
    assert.ok(statement.values.includes("%\\_%"));
  });

  test("keyset: after continues in the sort direction, before reads backwards", () => {
    const cursor = encodeCursor({ key: "2026-01-01 00:00:00", id: 7 });
    const next = pageStatement(ACC, parseListState({ after: cursor }));
    assert.match(next.text, /\(p\.last_seen, p\.id\) < \(\$\d+::timestamp, \$\d+::bigint\)/);
    assert.match(next.text, /ORDER BY p\.last_seen DESC, p\.id DESC/);
    assert.equal(next.backwards, false);
    const prev = pageStatement(ACC, parseListState({ before: cursor }));
    assert.match(prev.text, /\(p\.last_seen, p\.id\) > /);
    assert.match(prev.text, /ORDER BY p\.last_seen ASC, p\.id ASC/);
    assert.equal(prev.backwards, true);
  });

  test("a property sort orders by the jsonb value, missing last in descending order", () => {
    const statement = pageStatement(ACC, parseListState({ sort: "p:Score", dir: "asc" }));
    assert.match(statement.text, /ORDER BY COALESCE\(p\.properties -> \$\d+, 'null'::jsonb\) ASC, p\.id ASC/);
    assert.ok(statement.values.includes("Score"));
  });

  test("equals also matches the number or boolean the text spells; tabs filter identified", () => {
    const statement = pageStatement(ACC, parseListState({ tab: "anonymous", f: f("Score", "eq", "42") }));
    assert.ok(statement.values.includes('{"Score":"42"}'));
    assert.ok(statement.values.includes('{"Score":42}'));
    assert.match(statement.text, /NOT p\.identified/);
  });

  test("equals on an identifier goes through the identity key; other keys through the GIN index's expression", () => {
    const byEmail = pageStatement(ACC, parseListState({ f: f("Email", "eq", " Ada@Example.COM ") }));
    assert.match(
      byEmail.text,
      new RegExp(
        String.raw`p\.id IN \(SELECT i\.profile_id FROM profile_identity i WHERE i\.account_id = \$1 AND i\.value = \$\d+ ` +
          String.raw`AND i\.kind = \$\d+\) AND p\.properties @> `,
      ),
    );
    assert.ok(byEmail.values.includes("ada@example.com"));
    const byName = pageStatement(ACC, parseListState({ f: f("Name", "eq", "Ada") }));
    assert.match(byName.text, /lower\(p\.properties ->> 'Name'\) = lower\(\$\d+\) AND p\.properties @> /);
    const byPlan = pageStatement(ACC, parseListState({ f: f("Plan", "eq", "pro") }));
    assert.ok(byPlan.text.includes(`${GIN_INDEXED_PROPERTIES} @> `));
    assert.match(pageStatement(ACC, parseListState({ f: f("Phone", "true") })).text, /AND \(FALSE\)/);
  });

  test("comparisons need a number or a date", () => {
    assert.throws(() => pageStatement(ACC, parseListState({ f: f("Score", "gt", "lots") })), ListQueryError);
    for (const filter of [
      f("$last_seen", "gt", "99999999999999999"),
      f("$first_seen", "between", "1", "-99999999999999999"),
      f("$id", "eq", "99999999999999999999"),
      f("$id", "lt", `1${"0".repeat(400)}`),
    ])
      assert.throws(() => pageStatement(ACC, parseListState({ f: filter })), ListQueryError, filter);
    const statement = pageStatement(ACC, parseListState({ f: f("Signup Date", "between", "2024-01-01", "2024-01-31") }));
    assert.ok(statement.values.includes(toEpochSeconds("2024-01-01")));
    assert.ok(statement.values.includes(toEpochSeconds("2024-01-31")! + 86399));
  });

  test("system date filters compare the column, not a property", () => {
    const statement = pageStatement(ACC, parseListState({ f: f("$first_seen", "lt", "2025-06-01") }));
    assert.match(statement.text, /p\.first_seen < \$\d+::timestamp/);
    assert.ok(statement.values.includes("2025-06-01T00:00:00.000"));
  });

  test("tab counts: one pass for the three tabs, capped or over a fixed sample of pages (both bind parameters)", () => {
    const capped = tabCountsStatement(ACC, parseListState({ f: f("City", "eq", "Lisbon") }), { cap: 10_000 });
    assert.match(capped.text, /count\(\*\) FILTER \(WHERE t\.identified\)/);
    assert.match(capped.text, /FILTER \(WHERE NOT t\.identified AND t\.joined_to_profile_id IS NULL\)/);
    assert.match(capped.text, /LIMIT \$\d+\) t$/);
    assert.ok(capped.values.includes(10_001));
    const sampled = tabCountsStatement(ACC, parseListState({ f: f("$joined", "set", "") }), { samplePercent: 1.5 });
    assert.match(sampled.text, /FROM profile p TABLESAMPLE SYSTEM \(\$1::float4\) REPEATABLE \(0\) WHERE/);
    assert.equal(sampled.values[0], 1.5);
    assert.ok(!/LIMIT/.test(sampled.text));
    assert.ok(!/t\.joined_to_profile_id IS NULL/.test(sampled.text), "a $joined filter keeps joined profiles on the Anonymous tab");
  });
});

describe("toEpochSeconds", () => {
  test("dates are UTC; numbers pass through; junk is null", () => {
    assert.equal(toEpochSeconds("1970-01-02"), 86400);
    assert.equal(toEpochSeconds("1970-01-01", true), 86399);
    assert.equal(toEpochSeconds("1970-01-01T00:01:00Z"), 60);
    assert.equal(toEpochSeconds("12.5"), 12.5);
    assert.equal(toEpochSeconds("soon"), null);
  });
});

describe("CSV export", () => {
  test("formula-looking cells are neutralised", async () => {
    const { neutraliseFormula } = await import("./list-export");
    assert.equal(neutraliseFormula('=HYPERLINK("http://x")'), '\'=HYPERLINK("http://x")');
    assert.equal(neutraliseFormula("+1415"), "'+1415");
    assert.equal(neutraliseFormula("@sum"), "'@sum");
    assert.equal(neutraliseFormula("plain"), "plain");
  });
});

describe("declared sort indexes", () => {
  test("the key is a quoted literal in the DDL and the index name a hash", async () => {
    const { propertyIndexSql, propertyIndexName } = await import("./list-property-indexes");
    const sql = propertyIndexSql('it\'s "x"; DROP');
    assert.match(sql, /properties -> 'it''s "x"; DROP'::text/);
    assert.match(propertyIndexName("Score"), /^profile_prop_sort_[0-9a-f]{16}$/);
    assert.throws(() => propertyIndexSql(""));
  });
});
