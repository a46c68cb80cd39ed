import assert from "node:assert/strict";
import { test } from "node:test";

delete process.env.TAPESTRY_METRICS_TOKEN;
const { canReadMetrics } = await import("./metrics-access");

test("without TAPESTRY_METRICS_TOKEN, /metrics answers loopback clients only", () => {
  for (const address of ["127.0.0.1", "::1", "::ffff:127.0.0.1"])
    assert.equal(canReadMetrics({ authorization: null, remoteAddress: address }), true);
  for (const address of ["10.0.0.5", "203.0.113.9", "::ffff:10.0.0.5", null])
    assert.equal(canReadMetrics({ authorization: "Bearer anything", remoteAddress: address }), false);
});
