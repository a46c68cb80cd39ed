// Erasure over the REST API: exactly the kind asked for, the joined anonymous profile too, every row naming the
// person gone (a query over every table proves it), a deletion record without personal data kept, and the erased
// identity and device suppressed afterwards (per-record error for the API, silence for the SDK).
import { ACCOUNT_ID, authHeaders, newGuid, profileIdsOfIdentity, profileOfDevice, sql, unique, upload } from "../support/api";
import { expect, test } from "../support/fixtures";

const push = (guid: string, profileData: Record<string, unknown>) => ({ type: "profile", objectId: guid, profileData });

/** Every base table, and how many of its rows mention any of `values` (row as text, case-insensitive). */
async function rowsNaming(values: string[]): Promise<Record<string, number>> {
  const tables = await sql<{ name: string }>(
    "SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
  );
  expect(tables.length).toBeGreaterThan(10);
  const patterns = values.map((value) => `%${value.replace(/[%_\\]/g, "\\$&")}%`);
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "${name}" t WHERE t::text ILIKE ANY($1)`, [patterns]);
    if (row!.n > 0) counts[name] = row!.n;
  }
  return counts;
}

test("erasing {identity} removes the person and the anonymous profile joined to them, and nothing else", async ({ request }) => {
  const identity = `${unique("erase")}@example.com`; // an Identity that looks like an e-mail
  const name = unique("Erin Erased");
  const phone = `+4917${Math.floor(1e8 + Math.random() * 9e8)}`;
  const email = `${unique("erin")}@example.com`;
  await upload(request, [{ type: "profile", identity, profileData: { Name: name, Email: email, "MSG-email": true } }]);
  const [person] = await profileIdsOfIdentity(identity);

  // A browser used anonymously (name, phone, events), then logged in as the person: its device joins the person.
  const browser = newGuid();
  await upload(request, [
    push(browser, { Name: name, Phone: phone, Nickname: `${name}-nick` }),
    { type: "event", objectId: browser, evtName: "Viewed", evtData: { Note: `${name} was here` } },
  ]);
  const anonymous = (await profileOfDevice(browser))!;
  await upload(request, [push(browser, { Identity: identity })]);
  expect(await profileOfDevice(browser)).toBe(person);

  // Someone else whose Email equals the person's Identity: not the person.
  const other = unique("other");
  await upload(request, [{ type: "profile", identity: other, profileData: { Email: identity, Name: "Someone Else" } }]);
  const [otherId] = await profileIdsOfIdentity(other);

  // The person's values elsewhere: a saved segment's filter, an audit entry's values, the subscribe API's history.
  const segment = unique("seg");
  await sql("INSERT INTO saved_segment (account_id, name, state) VALUES ($1, $2, $3)", [
    ACCOUNT_ID,
    segment,
    JSON.stringify({
      tab: "all",
      q: "",
      filters: [
        { key: "Email", op: "eq", value: email.toUpperCase(), value2: "" },
        { key: "Plan", op: "eq", value: "pro", value2: "" },
      ],
    }),
  ]);
  await sql(
    `WITH a AS (INSERT INTO staff_audit (actor_email, action, profile_id, subject) 
       VALUES ('s@staff.test', 'profile-edit', $1, 'Name') RETURNING id)
     INSERT INTO staff_audit_detail (audit_id, profile_id, old_value, new_value) SELECT id, $1, 'null', $2::jsonb FROM a`,
    [person, JSON.stringify(name)],
  );
  const subscribed = await request.post("/1/subscribe", {
    headers: authHeaders,
    data: { d: [{ type: "email", value: email, status: "Unsubscribe" }] },
  });
  expect(subscribed.status()).toBe(200);
  expect(Object.keys(await rowsNaming([identity, name, phone, email, browser]))).toEqual(
    expect.arrayContaining([
      "profile",
      "profile_identity",
      "device",
      "event",
      "profile_change_set",
      "profile_merge",
      "saved_segment",
      "staff_audit_detail",
      "channel_subscription_change",
    ]),
  );

  const answer = await request.post("/1/delete/profiles.json", { headers: authHeaders, data: { identity } });
  expect(await answer.json()).toEqual({ status: "success", deleted: 2 });

  // Only the other profile still holds the identity string (as its Email); nothing anywhere names the person otherwise.
  expect(await rowsNaming([name, phone, email, browser])).toEqual({});
  const stillNaming = await rowsNaming([identity]);
  expect(Object.keys(stillNaming).sort()).toEqual(["profile", "profile_change_set", "profile_identity"]);
  expect((await sql("SELECT id FROM profile WHERE id = $1", [otherId])).length).toBe(1);
  // What remains: deletion records and the audit entry without its values; the segment keeps its other filter.
  const deletions = await sql<{ profile_id: string }>(
    "SELECT profile_id::text FROM profile_deletion WHERE profile_id = ANY($1) ORDER BY profile_id",
    [[person, anonymous]],
  );
  expect(deletions.map((d) => Number(d.profile_id)).sort((a, b) => a - b)).toEqual([person!, anonymous].sort((a, b) => a - b));
  expect(await sql("SELECT action FROM staff_audit WHERE profile_id = $1", [person])).toEqual([{ action: "profile-edit" }]);
  const [kept] = await sql<{ state: { filters: { key: string }[] } }>("SELECT state FROM saved_segment WHERE name = $1", [segment]);
  expect(kept!.state.filters.map((f) => f.key)).toEqual(["Plan"]);
});

test("an erased identity and device are suppressed: the API refuses them per record, the SDK drops them silently", async ({ request }) => {
  const identity = unique("supp");
  const browser = newGuid();
  await upload(request, [push(browser, { Identity: identity, Name: "Suppressed Sam" })]);
  const erased = await request.post("/1/delete/profiles.json", { headers: authHeaders, data: { identity } });
  expect(await erased.json()).toEqual({ status: "success", deleted: 1 });
  const suppressed = await sql<{ kind: string; value_hash: string }>(
    "SELECT kind, value_hash FROM suppression WHERE account_id = $1 AND request_id = $2",
    [ACCOUNT_ID, erased.headers()["x-request-id"]],
  );
  expect(suppressed.map((s) => s.kind).sort()).toEqual(["Identity", "device"]);
  for (const row of suppressed) expect(row.value_hash).toMatch(/^[0-9a-f]{64}$/);

  const again = await upload(request, [
    { type: "profile", identity, profileData: { Name: "Back again" } },
    push(browser, { Plan: "x" }),
    push(newGuid(), { Identity: identity }),
    { type: "profile", identity: unique("fine"), profileData: { Name: "Unrelated" } },
  ]);
  expect(again).toMatchObject({ status: "partial", processed: 1 });
  expect(again.unprocessed.map((u) => u.code)).toEqual([560, 560, 560]);
  expect(again.unprocessed[0]!.error).toContain("erased");
  expect(await profileIdsOfIdentity(identity)).toEqual([]);
  expect(await profileOfDevice(browser)).toBeUndefined();
});

test("an erasure scrubs the person's refused records from kept Idempotency-Key answers; a retry still applies nothing", async ({
  request,
}) => {
  const identity = unique("idem-erase");
  const other = unique("idem-other");
  const keyed = { ...authHeaders, "Idempotency-Key": unique("key") };
  const body = {
    d: [
      { type: "profile", identity, profileData: { Name: "Eve Erased" } },
      { type: "profile", identity, profileData: { Gender: "robot" } },
      { type: "profile", identity: other, profileData: { Score: { $incr: 1 } } },
    ],
  };
  const first = await (await request.post("/1/upload", { headers: keyed, data: body })).json();
  expect(first.unprocessed.map((u: { code: number }) => u.code)).toEqual([514]);
  expect(JSON.stringify(first)).toContain(identity);

  const erased = await request.post("/1/delete/profiles.json", { headers: authHeaders, data: { identity } });
  expect(await erased.json()).toEqual({ status: "success", deleted: 1 });
  expect(await rowsNaming([identity])).toEqual({});

  const retry = await request.post("/1/upload", { headers: keyed, data: body });
  expect(retry.headers()["idempotent-replayed"]).toBe("true");
  expect(await retry.json()).toEqual({
    status: "partial",
    processed: 2,
    unprocessed: [{ status: "fail", code: 514, error: expect.stringContaining("erased"), record: null }],
  });
  const [otherId] = await profileIdsOfIdentity(other);
  expect(
    (await sql<{ score: number }>("SELECT (properties ->> 'Score')::int AS score FROM profile WHERE id = $1", [otherId]))[0].score,
  ).toBe(1);
});
