// Prometheus metrics of the process (prom-client): requests by route and status, latency, the group-commit queue and
// the PostgreSQL pools. One registry per process, kept on globalThis (the server script and Next's bundle each load
// their own copy of lib/). Gauges are read when scraped, so the hot paths pay nothing for them.
import client from "prom-client";
import { poolUsage } from "../db/pool";
import { groupCommitQueue } from "../profiles/group-commit";

type Metrics = { registry: client.Registry; requests: client.Counter<string>; latency: client.Histogram<string> };

const globalForMetrics = globalThis as unknown as { tapestryMetrics?: Metrics };

function create(): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const requests = new client.Counter({
    name: "tapestry_http_requests_total",
    help: "HTTP requests answered, by route, method and status.",
    labelNames: ["route", "method", "status"],
    registers: [registry],
  });
  const latency = new client.Histogram({
    name: "tapestry_http_request_duration_seconds",
    help: "Time from request to the end of the answer, by route.",
    labelNames: ["route"],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new client.Gauge({
    name: "tapestry_group_commit_queue_depth",
    help: "Web SDK calls waiting for the next group-commit batch.",
    registers: [registry],
    collect() {
      this.set(groupCommitQueue().waiting);
    },
  });
  new client.Gauge({
    name: "tapestry_group_commit_batches_in_flight",
    help: "Group-commit batches being written.",
    registers: [registry],
    collect() {
      this.set(groupCommitQueue().inFlight);
    },
  });
  new client.Gauge({
    name: "tapestry_db_pool_connections",
    help: "PostgreSQL connections per pool: total open, idle, and callers waiting for one.",
    labelNames: ["pool", "state"],
    registers: [registry],
    collect() {
      for (const usage of poolUsage()) {
        this.set({ pool: usage.name, state: "total" }, usage.total);
        this.set({ pool: usage.name, state: "idle" }, usage.idle);
        this.set({ pool: usage.name, state: "waiting" }, usage.waiting);
      }
    },
  });
  return { registry, requests, latency };
}

export function metrics(): Metrics {
  globalForMetrics.tapestryMetrics ??= create();
  return globalForMetrics.tapestryMetrics;
}

/** One answered request. */
export function recordRequest(route: string, method: string, status: number, seconds: number): void {
  const { requests, latency } = metrics();
  requests.inc({ route, method, status: String(status) });
  latency.observe({ route }, seconds);
}

/** The exposition text and its content type, for GET /metrics. */
export async function metricsText(): Promise<{ contentType: string; body: string }> {
  const { registry } = metrics();
  return { contentType: registry.contentType, body: await registry.metrics() };
}
