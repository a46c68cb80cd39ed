// The bound on writes a process accepts: records being written or waiting to be (the group commit's queue for /a,
// REST uploads in flight), at most TAPESTRY_WRITE_QUEUE_LIMIT. Beyond it new writes are refused at once instead of
// queueing without end (memory, latency for everyone): REST answers 503 with Retry-After, /a answers its script and
// records nothing. One request is always admitted when nothing is pending, however large.
import { env } from "../env";

export class WriteBacklogFull extends Error {
  readonly retryAfterSeconds = 1;
  constructor(pending: number, limit: number) {
    super(`The server is busy writing (${pending} records pending; the limit is ${limit}): retry in a moment`);
    this.name = "WriteBacklogFull";
  }
}

// On globalThis: the server script (/a) and Next's bundle (REST) each load their own copy of this module.
const globalForBacklog = globalThis as unknown as { tapestryWriteBacklog?: { pending: number } };
globalForBacklog.tapestryWriteBacklog ??= { pending: 0 };
const backlog = globalForBacklog.tapestryWriteBacklog;

/** Counts `count` records in, or throws WriteBacklogFull. Call the returned function once they are written (or failed). */
export function admitRecords(count: number): () => void {
  const limit = env().TAPESTRY_WRITE_QUEUE_LIMIT;
  if (backlog.pending > 0 && backlog.pending + count > limit) throw new WriteBacklogFull(backlog.pending, limit);
  backlog.pending += count;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    backlog.pending -= count;
  };
}

/** Records pending now (for /metrics and tests). */
export const pendingRecords = (): number => backlog.pending;
