import assert from "node:assert/strict";
import { test } from "node:test";

process.env.TAPESTRY_METRICS_TOKEN = "metrics-token-0123456789";
const { canReadMetrics } = await import("./metrics-access");

test("with TAPESTRY_METRICS_TOKEN set, /metrics needs the Bearer token, from any address", () => {
  assert.equal(canReadMetrics({ authorization: "Bearer metrics-token-0123456789", remoteAddress: "203.0.113.9" }), true);
  assert.equal(canReadMetrics({ authorization: "Bearer wrong", remoteAddress: "127.0.0.1" }), false);
  assert.equal(canReadMetrics({ authorization: null, remoteAddress: "127.0.0.1" }), false);
  assert.equal(canReadMetrics({ authorization: "metrics-token-0123456789", remoteAddress: "127.0.0.1" }), false);
});
