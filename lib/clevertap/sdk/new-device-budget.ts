// A budget of new devices per client address for the Web SDK endpoint: /a needs no credentials, so without it one
// client could create devices and anonymous profiles without end. Each address may bring TAPESTRY_SDK_NEW_DEVICES_PER_MINUTE
// devices this server has not seen from it per minute; beyond that a call without a guid, or with a guid the database
// does not know, is still answered (its script, a guid) but records nothing. Known devices are never held back.
// Per process, in memory (bounded): a guid seen from an address costs nothing again.
import { env } from "../../env";

type Bucket = { minute: number; used: number; seen: Set<string> };

const MAX_ADDRESSES = 10_000;
const MAX_SEEN_PER_ADDRESS = 512;

const globalForBudget = globalThis as unknown as { tapestryNewDeviceBudget?: Map<string, Bucket> };
globalForBudget.tapestryNewDeviceBudget ??= new Map();
const buckets = globalForBudget.tapestryNewDeviceBudget;

function bucketOf(address: string, minute: number): Bucket {
  let bucket = buckets.get(address);
  if (!bucket) {
    if (buckets.size >= MAX_ADDRESSES) buckets.delete(buckets.keys().next().value as string); // the oldest address
    bucket = { minute, used: 0, seen: new Set() };
    buckets.set(address, bucket);
  }
  if (bucket.minute !== minute) {
    bucket.minute = minute;
    bucket.used = 0;
  }
  return bucket;
}

function remember(bucket: Bucket, guid: string): void {
  if (bucket.seen.size >= MAX_SEEN_PER_ADDRESS) bucket.seen.clear();
  bucket.seen.add(guid);
}

/**
 * May this call write? `guid` is the device it will write to; `named` says whether the call named it (gc or d.g) or
 * it was just made for a new visitor. `isKnownDevice` is asked only once the address is over its budget.
 */
export async function withinNewDeviceBudget(options: {
  address: string | null;
  guid: string;
  named: boolean;
  isKnownDevice: (guid: string) => Promise<boolean>;
  now?: number;
}): Promise<boolean> {
  const bucket = bucketOf(options.address ?? "unknown", Math.floor((options.now ?? Date.now()) / 60_000));
  const { guid, named } = options;
  if (named && bucket.seen.has(guid)) return true;
  if (bucket.used < env().TAPESTRY_SDK_NEW_DEVICES_PER_MINUTE) {
    bucket.used += 1;
    remember(bucket, guid);
    return true;
  }
  if (named && (await options.isKnownDevice(guid))) {
    remember(bucket, guid);
    return true;
  }
  return false;
}
