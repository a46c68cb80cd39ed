// CleverTap's limit: at most N requests in flight per account; the next one gets 429 at once (no queueing).
const inFlight = new Map<string, number>();

export function tryAcquire(accountId: string, limit: number): (() => void) | null {
  const current = inFlight.get(accountId) ?? 0;
  if (current >= limit) return null;
  inFlight.set(accountId, current + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (inFlight.get(accountId) ?? 1) - 1;
    if (left <= 0) inFlight.delete(accountId);
    else inFlight.set(accountId, left);
  };
}
