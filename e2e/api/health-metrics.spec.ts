// GET /health and GET /metrics (answered before Next's router), and the request id every answer carries.

import { authHeaders, sql, unique } from "../support/api";
import { expect, test } from "../support/fixtures";

test("GET /health answers 200 JSON without credentials, with the database's round trip", async ({ request }) => {
  const response = await request.get("/health");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/json");
  expect(response.headers()["cache-control"]).toBe("no-store");
  const body = await response.json();
  expect(body).toMatchObject({ status: "ok", database: { ok: true } });
  expect(typeof body.database.ms).toBe("number");
  expect((await request.head("/health")).status()).toBe(200);
});

test("GET /metrics (loopback, no token set) is Prometheus text with requests, latency, queue depth and pools", async ({ request }) => {
  const count = (text: string) =>
    Number(/^tapestry_http_requests_total\{route="\/1\/upload",method="POST",status="200"\} (\d+)/m.exec(text)?.[1] ?? 0);
  const before = count(await (await request.get("/metrics")).text());
  const identity = unique("metrics");
  const uploaded = await request.post("/1/upload", {
    headers: authHeaders,
    data: { d: [{ type: "profile", identity, profileData: { A: 1 } }] },
  });
  expect(uploaded.status()).toBe(200);

  const response = await request.get("/metrics");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("text/plain");
  const text = await response.text();
  expect(count(text)).toBeGreaterThan(before);
  expect(text).toMatch(/^tapestry_http_request_duration_seconds_bucket\{le="0\.005",route="\/1\/upload"\} \d+/m);
  expect(text).toMatch(/^tapestry_group_commit_queue_depth \d+/m);
  expect(text).toMatch(/^tapestry_db_pool_connections\{pool="read",state="total"\} \d+/m);
  expect(text).toMatch(/^tapestry_db_pool_connections\{pool="engine",state="waiting"\} \d+/m);
  expect(text).toMatch(/^process_cpu_seconds_total /m);
  // Raw paths never become labels (one time series per profile page or visitor otherwise).
  await request.get("/profiles/123456789");
  expect(await (await request.get("/metrics")).text()).not.toContain("123456789");
});

test("every answer carries the server's request id, also written on the change sets of that request", async ({ request }) => {
  const identity = unique("reqid");
  const response = await request.post("/1/upload", {
    headers: { ...authHeaders, "X-Request-Id": "client-chosen-id-0001" },
    data: { d: [{ type: "profile", identity, profileData: { Plan: "pro" } }] },
  });
  expect(response.status()).toBe(200);
  const requestId = response.headers()["x-request-id"];
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
  const rows = await sql<{ request_id: string }>(
    "SELECT s.request_id FROM profile_change_set s JOIN profile_identity i ON i.profile_id = s.profile_id WHERE i.value = $1",
    [identity],
  );
  expect(rows.map((row) => row.request_id)).toEqual([requestId]);
  for (const path of ["/health", "/a", "/sign-in", "/1/nothing"])
    expect((await request.get(path)).headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
});
