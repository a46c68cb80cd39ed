// Seed and size of a fuzz run: FUZZ_SEED (an integer; random when unset, and always printed so a failure can be
// replayed) and FUZZ_RUNS (cases per property; npm test runs a short pass, npm run fuzz a long one).
import fc from "fast-check";

const seedText = process.env.FUZZ_SEED;
export const FUZZ_SEED = seedText && /^-?\d+$/.test(seedText) ? Number(seedText) : Math.floor(Math.random() * 2 ** 31);
export const FUZZ_RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 20) || 20);

/** fc.assert with the run's seed and size; a failure names the seed, the path and the shrunk case. */
export async function assertProperty<T>(name: string, property: fc.IAsyncPropertyWithHooks<T>, runs = FUZZ_RUNS): Promise<void> {
  console.log(`[fuzz] ${name}: seed ${FUZZ_SEED}, ${runs} runs (FUZZ_SEED=${FUZZ_SEED} FUZZ_RUNS=${runs} npm run fuzz replays it)`);
  await fc.assert(property, { seed: FUZZ_SEED, numRuns: runs, endOnFailure: true, interruptAfterTimeLimit: undefined });
}
