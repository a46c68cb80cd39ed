// Who may read GET /metrics. The figures carry no personal data, but they do show traffic volumes and the routes in
// use, and a scrape costs a little CPU: with TAPESTRY_METRICS_TOKEN set, a scraper sends it as a Bearer token (from
// any address); unset, only loopback clients (a scraper or sidecar on the same host) are answered.
import crypto from "node:crypto";
import { env } from "../env";

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export function canReadMetrics(options: { authorization: string | null | undefined; remoteAddress: string | null | undefined }): boolean {
  const token = env().TAPESTRY_METRICS_TOKEN;
  if (!token) return LOOPBACK.test(options.remoteAddress ?? "");
  const given = /^Bearer (.+)$/.exec(options.authorization ?? "")?.[1] ?? "";
  const a = crypto.createHash("sha256").update(given).digest();
  const b = crypto.createHash("sha256").update(token).digest();
  return crypto.timingSafeEqual(a, b);
}
