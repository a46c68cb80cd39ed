// Idempotency keys older than their lifetime are deleted: by each process that serves keyed uploads, at most once per
// PRUNE_EVERY_MS (one indexed DELETE; with several processes each prunes, which is harmless). Lookups ignore expired
// rows anyway, so a late prune is never wrong, only larger.
import { pool } from "../db/pool";
import { errorFields, logger } from "../observability/logger";

const PRUNE_EVERY_MS = 10 * 60_000;
const globalForPrune = globalThis as unknown as { tapestryIdempotencyPrunedAt?: number };

/** Deletes the keys older than `hours`; returns how many. */
export async function pruneIdempotencyKeys(options: { hours: number }): Promise<number> {
  const deleted = await pool().query("DELETE FROM idempotency_key WHERE created_at < now() - make_interval(hours => $1)", [options.hours]);
  return deleted.rowCount ?? 0;
}

/** pruneIdempotencyKeys in the background when this process has not done it for PRUNE_EVERY_MS. */
export function pruneIdempotencyKeysNowAndThen(options: { hours: number }): void {
  const now = Date.now();
  if (now - (globalForPrune.tapestryIdempotencyPrunedAt ?? 0) < PRUNE_EVERY_MS) return;
  globalForPrune.tapestryIdempotencyPrunedAt = now;
  pruneIdempotencyKeys(options).catch((error: unknown) => logger().warn(errorFields(error), "idempotency keys not pruned"));
}
