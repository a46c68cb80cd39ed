import { authHeaders, profileIdsOfIdentity, profileJson, propertiesOf, sql, unique, upload } from "../support/api";
import { expect, test } from "../support/fixtures";

test.describe("POST /1/upload", () => {
  test("stores a profile with typed values and reads it back through /1/profile.json", async ({ request }) => {
    const identity = unique("typed");
    const answer = await upload(request, [
      {
        type: "profile",
        identity,
        ts: Math.floor(Date.now() / 1000) - 60,
        profileData: {
          Name: "Ada Lovelace",
          Email: `${identity}@example.com`,
          Phone: 14155551234,
          Gender: "female",
          DOB: "$D_632361600",
          "MSG-email": false,
          "Customer Type": "Platinum",
          Score: 3,
          Ratio: 0.25,
          Renewal: "$D_1714558830",
          Tags: ["a", "b"],
        },
      },
    ]);
    expect(answer).toEqual({ status: "success", processed: 1, unprocessed: [] });
    const { status, body } = await profileJson(request, `identity=${identity}`);
    expect(status).toBe(200);
    expect(body.record.profileData).toMatchObject({
      Name: "Ada Lovelace",
      Phone: "+14155551234",
      Gender: "F",
      DOB: "$D_632361600",
      "MSG-email": false,
      Score: 3,
      Ratio: 0.25,
      Renewal: "$D_1714558830",
      Tags: ["a", "b"],
      Identity: identity,
    });
    expect(typeof body.record.profileData.Age).toBe("number");
    const [row] = await sql<{ property_types: Record<string, string> }>("SELECT property_types FROM profile WHERE id = $1", [
      (await profileIdsOfIdentity(identity))[0],
    ]);
    expect(row.property_types).toMatchObject({
      Score: "integer",
      Ratio: "float",
      Renewal: "date",
      Tags: "list",
      "MSG-email": "boolean",
      DOB: "date",
    });
  });

  test("a partial batch applies the good records, rejects the bad ones whole, and says which and why", async ({ request }) => {
    const good = unique("good");
    const bad = unique("bad");
    const existing = unique("existing");
    await upload(request, [{ type: "profile", identity: existing, profileData: { Name: "Before" } }]);
    const records = [
      { type: "profile", identity: good, profileData: { Name: "Good" } },
      { type: "profile", identity: bad, profileData: { Name: "Bad", Gender: "robot" } },
      { type: "profile", identity: existing, profileData: { Name: "After", Phone: "12345" } },
      { type: "profile", profileData: { Name: "nobody" } },
      { type: "profile", identity: unique("ms"), ts: Date.now(), profileData: { Name: "x" } },
      { type: "purchase", identity: unique("tok") },
      { type: "event", identity: good, evtName: "App Launched" },
      { type: "event", identity: good, evtName: "Product viewed", evtData: { Price: 5 } },
    ];
    const answer = await upload(request, records);
    expect(answer.status).toBe("partial");
    expect(answer.processed).toBe(2);
    expect(answer.unprocessed.map((u) => u.code)).toEqual([514, 516, 523, 525, 524, 513]);
    expect(answer.unprocessed[0]).toMatchObject({ status: "fail", record: records[1] });
    expect(answer.unprocessed[0].error).toContain("Gender");
    expect(answer.unprocessed[1].error).toContain("Phone");

    // Rejected records changed nothing: no profile for `bad`, and `existing` kept its Name.
    expect(await profileIdsOfIdentity(bad)).toEqual([]);
    expect((await profileJson(request, `identity=${existing}`)).body.record.profileData.Name).toBe("Before");
    expect((await profileJson(request, `identity=${good}`)).body.record.events).toMatchObject({ "Product viewed": { count: 1 } });
  });

  test("poison records: prototype-named keys are stored as ordinary keys, unstorable text is refused per record", async ({ request }) => {
    const [p1, p2, p3, p4, p5] = ["p1", "p2", "p3", "p4", "p5"].map(unique);
    // Sent as raw JSON text so that "__proto__" arrives as a key, as any client can send it.
    const body = `{"d":[
      {"type":"profile","identity":"${p1}","profileData":{"toString":"x","valueOf":2,
        "constructor":{"$incr":3},"hasOwnProperty":["a"],"__proto__":"p"}},
      {"type":"profile","identity":"${p2}","profileData":{"Plan":"ok"}},
      {"type":"profile","identity":"${p3}","profileData":{"a\\ud800b":"x"}},
      {"type":"profile","identity":"${p3}","profileData":{"Plan":"a\\udc00"}},
      {"type":"event","identity":"${p4}","evtName":"Paid\\ud800","evtData":{}},
      {"type":"event","identity":"${p4}","evtName":"Paid","evtData":{"k":"\\ud800","__proto__":"p"}},
      {"type":"event","identity":"${p5}","evtName":"Paid","evtData":{"toString":"t","__proto__":"p"}},
      {"type":"profile","identity":"a\\ud800","profileData":{"Plan":"ok"}},
      {"type":"profile","identity":"nul\\u0000","profileData":{"Plan":"ok"}}
    ]}`;
    const response = await request.post("/1/upload", { headers: authHeaders, data: body });
    expect(response.status(), await response.text()).toBe(200);
    const answer = await response.json();
    expect(answer.processed).toBe(3);
    expect(answer.unprocessed.map((u: { code: number }) => u.code)).toEqual([555, 555, 512, 512, 555, 555]);
    expect(answer.unprocessed[0].error).toContain("surrogate");

    const first = (await profileJson(request, `identity=${p1}`)).body.record.profileData;
    expect(first).toMatchObject({ toString: "x", valueOf: 2, constructor: 3, hasOwnProperty: ["a"] });
    expect(Object.getOwnPropertyDescriptor(first, "__proto__")?.value).toBe("p");
    expect((await profileJson(request, `identity=${p2}`)).body.record.profileData.Plan).toBe("ok");
    expect(await profileIdsOfIdentity(p3)).toEqual([]);
    const events = await sql<{ properties: string }>(
      "SELECT e.properties::text AS properties FROM event e JOIN profile_identity i ON i.profile_id = e.profile_id WHERE i.value = $1",
      [p5],
    );
    expect(events.map((e) => JSON.parse(e.properties))).toEqual([JSON.parse('{"toString":"t","__proto__":"p"}')]);
  });

  test("every change is in the change log with old → new, operation and source", async ({ request }) => {
    const identity = unique("log");
    await upload(request, [{ type: "profile", identity, profileData: { Plan: "free", Visits: { $incr: 1 } } }]);
    await upload(request, [{ type: "profile", identity, profileData: { Plan: "gold", Visits: { $incr: 2 }, Tags: { $add: "vip" } } }]);
    const [id] = await profileIdsOfIdentity(identity);
    const rows = await sql<{
      key: string;
      old_value: unknown;
      new_value: unknown;
      operation: string;
      source: string;
      request_id: string | null;
    }>("SELECT key, old_value, new_value, operation, source, request_id FROM profile_change WHERE profile_id = $1 ORDER BY id", [id]);
    expect(rows.map((r) => [r.key, r.old_value, r.new_value, r.operation, r.source])).toEqual([
      ["Identity", null, identity, "set", "api"],
      ["Plan", null, "free", "set", "api"],
      ["Visits", null, 1, "increment", "api"],
      ["Plan", "free", "gold", "set", "api"],
      ["Visits", 1, 3, "increment", "api"],
      ["Tags", null, ["vip"], "add", "api"],
    ]);
    expect(rows.every((r) => r.request_id)).toBe(true);
  });

  test("Charged events keep their Items, and an event for an unknown identity creates its profile", async ({ request }) => {
    const identity = unique("buyer");
    const answer = await upload(request, [
      {
        type: "event",
        identity,
        ts: 1767225600,
        evtName: "Charged",
        evtData: {
          Amount: 42.5,
          "Charged ID": "o-1",
          Items: [
            { Name: "Book", Qty: 2 },
            { Name: "Pen", Qty: 1 },
          ],
        },
      },
    ]);
    expect(answer.status).toBe("success");
    const [id] = await profileIdsOfIdentity(identity);
    const [event] = await sql<{ name: string; properties: { Items: unknown[] }; ts: Date }>(
      "SELECT name, properties, ts FROM event WHERE profile_id = $1",
      [id],
    );
    expect(event.name).toBe("Charged");
    expect(event.properties.Items).toEqual([
      { Name: "Book", Qty: 2 },
      { Name: "Pen", Qty: 1 },
    ]);
    expect(event.ts.toISOString()).toBe("2026-01-01T00:00:00.000Z");
  });

  test("an identity already owned by another profile cannot be pushed onto a profile: that key is refused, the rest applies", async ({
    request,
  }) => {
    const a = unique("owner-a");
    const b = unique("owner-b");
    await upload(request, [{ type: "profile", identity: a, profileData: { Email: `${a}@example.com` } }]);
    const answer = await upload(request, [
      { type: "profile", identity: b, profileData: { Email: `${a.toUpperCase()}@EXAMPLE.COM`, Plan: "b" } },
    ]);
    expect(answer).toMatchObject({ status: "partial", processed: 1 });
    expect(answer.unprocessed[0]).toMatchObject({ code: 559 });
    expect(answer.unprocessed[0].error).toMatch(/Email .* belongs to another profile/);
    const [owner] = await profileIdsOfIdentity(`${a}@example.com`);
    const [created] = await profileIdsOfIdentity(b);
    expect(created).not.toBe(owner);
    expect(await propertiesOf(created)).toEqual({ Identity: b, Plan: "b" });
  });
});

test.describe("request-level errors are JSON with a precise message", () => {
  test("credentials", async ({ request }) => {
    const wrong = await request.post("/1/upload", { headers: { ...authHeaders, "X-CleverTap-Passcode": "nope" }, data: { d: [] } });
    expect(wrong.status()).toBe(401);
    expect(await wrong.json()).toMatchObject({ status: "fail", code: 401 });
    const missing = await request.get("/1/profile.json?identity=x");
    expect(missing.status()).toBe(401);
  });

  test("bad bodies, too many records, unknown paths and wrong methods", async ({ request, createAccount }) => {
    const authHeaders = await createAccount(); // its own account: other tests may fill the test account's 15 slots
    const notJson = await request.post("/1/upload", { headers: authHeaders, data: Buffer.from("{oops") });
    expect(notJson.status()).toBe(400);
    expect((await notJson.json()).error).toContain("not valid JSON");
    const noD = await request.post("/1/upload", { headers: authHeaders, data: { records: [] } });
    expect(noD.status()).toBe(400);
    const tooMany = await request.post("/1/upload", {
      headers: authHeaders,
      data: { d: Array.from({ length: 1001 }, () => ({ type: "profile", identity: "x" })) },
    });
    expect(tooMany.status()).toBe(400);
    expect((await tooMany.json()).error).toContain("1000");
    const unknown = await request.get("/1/nothing-here", { headers: authHeaders });
    expect(unknown.status()).toBe(404);
    expect(unknown.headers()["content-type"]).toContain("application/json");
    expect((await unknown.json()).error).toContain("POST /1/disassociate, POST /1/subscribe, GET|POST /1/profiles.json");
    const wrongMethod = await request.get("/1/upload", { headers: authHeaders });
    expect(wrongMethod.status()).toBe(405);
    expect(await wrongMethod.json()).toMatchObject({ status: "fail", code: 405 });
  });

  test("an oversize body gets 413 and writes nothing", async ({ request }) => {
    const identity = unique("huge");
    const big = { d: [{ type: "profile", identity, profileData: { Blob: "x".repeat(9 * 1024 * 1024) } }] };
    const response = await request.post("/1/upload", { headers: authHeaders, data: big });
    expect(response.status()).toBe(413);
    expect((await response.json()).error).toMatch(/limit/);
    expect(await profileIdsOfIdentity(identity)).toEqual([]);
  });

  test("more than 15 concurrent requests per account get 429, the others succeed", async ({ request, createAccount }) => {
    const headers = await createAccount();
    const batch = (n: number) =>
      Array.from({ length: 1000 }, (_, i) => ({
        type: "profile",
        identity: `conc-${n}-${i}-${Date.now()}`,
        profileData: { Score: { $incr: 1 }, Note: "x".repeat(200) },
      }));
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, n) => request.post("/1/upload", { headers, data: { d: batch(n) } })),
    );
    const statuses = responses.map((r) => r.status());
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    const limited = responses.find((r) => r.status() === 429)!;
    expect(await limited.json()).toMatchObject({ status: "fail", code: 429 });
  });
});

test.describe("Idempotency-Key", () => {
  const records = (identity: string) => [
    { type: "profile", identity, profileData: { Points: { $incr: 3 } } },
    { type: "event", identity, evtName: "Paid", evtData: { Amount: 2 } },
  ];
  const pointsAndPaid = async (headers: Record<string, string>, identity: string) => {
    const [id] = await profileIdsOfIdentity(identity, headers["X-CleverTap-Account-Id"]);
    const [{ paid }] = await sql<{ paid: number }>("SELECT count(*)::int AS paid FROM event WHERE profile_id = $1 AND name = 'Paid'", [id]);
    return { points: (await propertiesOf(id)).Points, paid };
  };

  test("a retried or concurrent duplicate gets the first answer and applies nothing twice", async ({ request, createAccount }) => {
    const headers = await createAccount();
    const identity = unique("idem");
    const keyed = { ...headers, "Idempotency-Key": `key-${identity}` };
    const first = await request.post("/1/upload", { headers: keyed, data: { d: records(identity) } });
    expect(first.status()).toBe(200);
    expect(first.headers()["idempotent-replayed"]).toBeUndefined();
    const answer = await first.json();
    expect(answer).toEqual({ status: "success", processed: 2, unprocessed: [] });
    const retries = await Promise.all(
      Array.from({ length: 5 }, () => request.post("/1/upload", { headers: keyed, data: { d: records(identity) } })),
    );
    for (const retry of retries) {
      expect(retry.status()).toBe(200);
      expect(retry.headers()["idempotent-replayed"]).toBe("true");
      expect(await retry.json()).toEqual(answer);
    }
    expect(await pointsAndPaid(headers, identity)).toEqual({ points: 3, paid: 1 });

    // Concurrent first sends of one key: exactly one applies.
    const racing = unique("idem-race");
    const raced = { ...headers, "Idempotency-Key": `key-${racing}` };
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => request.post("/1/upload", { headers: raced, data: { d: records(racing) } })),
    );
    expect(answers.map((a) => a.status())).toEqual(Array(6).fill(200));
    expect(answers.filter((a) => a.headers()["idempotent-replayed"] !== "true")).toHaveLength(1);
    expect(await pointsAndPaid(headers, racing)).toEqual({ points: 3, paid: 1 });

    // Without a key, today's behaviour: each request applies.
    const plain = unique("idem-none");
    for (let n = 0; n < 2; n++) await request.post("/1/upload", { headers, data: { d: records(plain) } });
    expect(await pointsAndPaid(headers, plain)).toEqual({ points: 6, paid: 2 });
  });

  test("the same key with another body is a 422, a malformed key a 400; neither applies anything", async ({ request, createAccount }) => {
    const headers = await createAccount();
    const identity = unique("idem-422");
    const keyed = { ...headers, "Idempotency-Key": `key-${identity}` };
    expect((await request.post("/1/upload", { headers: keyed, data: { d: records(identity) } })).status()).toBe(200);
    const other = await request.post("/1/upload", { headers: keyed, data: { d: records(`${identity}-b`) } });
    expect(other.status()).toBe(422);
    expect(await other.json()).toEqual({
      status: "fail",
      error: `Idempotency-Key 'key-${identity}' was already used with a different body; use a new key for a new request`,
      code: 422,
    });
    const malformed = await request.post("/1/upload", {
      headers: { ...headers, "Idempotency-Key": "x".repeat(300) },
      data: { d: records(`${identity}-c`) },
    });
    expect(malformed.status()).toBe(400);
    expect(await malformed.json()).toMatchObject({ status: "fail", code: 400, error: expect.stringContaining("Idempotency-Key") });
    expect(await profileIdsOfIdentity(`${identity}-b`, headers["X-CleverTap-Account-Id"])).toEqual([]);
    expect(await profileIdsOfIdentity(`${identity}-c`, headers["X-CleverTap-Account-Id"])).toEqual([]);
  });
});
