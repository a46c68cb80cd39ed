// Group commit for many small concurrent callers — the Web SDK endpoint makes one call per page view or event of every
// visitor. Calls that arrive while earlier batches are being written wait and are then written together: one
// applyRecords call (one statement, or one transaction) instead of one per request.
// Nothing waits on a timer: a call that finds a free slot is written at once. Each call keeps its own context (request
// id, actor) on the rows it writes and gets its own outcomes back; the records of one device keep their order. A batch
// that fails wrote nothing (applyRecords is atomic): it is written again call by call, so one call's failure is its own.
import { applyRecords } from "./apply-records";
import type { DomainRecord, RecordOutcome } from "./records";
import type { ChangeContext } from "./types";
import { admitRecords } from "./write-backlog";

/** Batches written at once per lane: one being written while the next gathers (and uses the other core). */
const MAX_IN_FLIGHT = 2;
/** Records per batch at most: a batch stays one short transaction. */
const MAX_RECORDS = 500;

type Call = { records: DomainRecord[]; resolve: (outcomes: RecordOutcome[]) => void; reject: (error: unknown) => void };
type Lane = { accountId: string; unlessOptedOut: boolean; queue: Call[]; inFlight: number };

// On globalThis: the server script and Next's bundle each load their own copy of this module; one queue per process.
const globalForLanes = globalThis as unknown as { tapestryGroupCommitLanes?: Map<string, Lane> };
globalForLanes.tapestryGroupCommitLanes ??= new Map<string, Lane>();
const lanes = globalForLanes.tapestryGroupCommitLanes;
const laneKey = (accountId: string, unlessOptedOut: boolean) => `${accountId}\u001f${unlessOptedOut}`;

async function write(lane: Lane, calls: Call[]): Promise<void> {
  const run = (records: DomainRecord[]) =>
    applyRecords({ accountId: lane.accountId, records, context: records[0].context!, unlessOptedOut: lane.unlessOptedOut });
  try {
    const outcomes = await run(calls.flatMap((call) => call.records));
    let offset = 0;
    for (const call of calls) {
      call.resolve(outcomes.slice(offset, offset + call.records.length));
      offset += call.records.length;
    }
  } catch (error) {
    // One call's failure must not fail the others: write each on its own.
    if (calls.length === 1) return calls[0].reject(error);
    await Promise.all(calls.map((call) => run(call.records).then(call.resolve, call.reject)));
  }
}

function drain(lane: Lane): void {
  while (lane.inFlight < MAX_IN_FLIGHT && lane.queue.length > 0) {
    const calls: Call[] = [];
    let count = 0;
    while (lane.queue.length > 0 && (calls.length === 0 || count + lane.queue[0].records.length <= MAX_RECORDS)) {
      const call = lane.queue.shift()!;
      calls.push(call);
      count += call.records.length;
    }
    lane.inFlight += 1;
    void write(lane, calls).finally(() => {
      lane.inFlight -= 1;
      drain(lane);
    });
  }
  if (lane.queue.length === 0 && lane.inFlight === 0) lanes.delete(laneKey(lane.accountId, lane.unlessOptedOut));
}

/** applyRecords, written together with the concurrent calls of the same account (same outcomes, same rules). */
export function applyRecordsTogether(options: {
  accountId: string;
  records: DomainRecord[];
  context: ChangeContext;
  unlessOptedOut?: boolean;
}): Promise<RecordOutcome[]> {
  if (options.records.length === 0) return Promise.resolve([]);
  const unlessOptedOut = options.unlessOptedOut ?? false;
  const key = laneKey(options.accountId, unlessOptedOut);
  let lane = lanes.get(key);
  if (!lane) {
    lane = { accountId: options.accountId, unlessOptedOut, queue: [], inFlight: 0 };
    lanes.set(key, lane);
  }
  let release: () => void;
  try {
    release = admitRecords(options.records.length); // the queue's bound
  } catch (error) {
    if (lane.queue.length === 0 && lane.inFlight === 0) lanes.delete(key);
    return Promise.reject(error);
  }
  const records = options.records.map((record) => (record.context ? record : { ...record, context: options.context }));
  const promise = new Promise<RecordOutcome[]>((resolve, reject) => lane.queue.push({ records, resolve, reject }));
  drain(lane);
  return promise.finally(release);
}

/** Calls waiting for a batch and batches being written, over all lanes (for /metrics). */
export function groupCommitQueue(): { waiting: number; inFlight: number } {
  let waiting = 0;
  let inFlight = 0;
  for (const lane of lanes.values()) {
    waiting += lane.queue.length;
    inFlight += lane.inFlight;
  }
  return { waiting, inFlight };
}
