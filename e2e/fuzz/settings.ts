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

/**
 * Defects of issue 10 §1 that another change fixes, not yet on main. While listed, inputs that hit them are set aside
 * (fc.pre) so that the rest of each property still runs, and the property aimed at them is skipped. Empty this list
 * and unskip that property once the fix is on main.
 */
export const AWAITING_FIXES: { name: string; hits: (text: string) => boolean }[] = [
  {
    name: "§1 poison records: Object.prototype key names, lone surrogates and NUL fail the whole batch with a 500",
    hits: (text) =>
      /\\u[dD][89a-fA-F][0-9a-fA-F]{2}|\\u0000|%00|%ed%[ab]/i.test(text) ||
      new RegExp(`"(${[...Object.getOwnPropertyNames(Object.prototype), "prototype"].join("|")})"`).test(text),
  },
];

/** The awaited fix an input would hit, if any (inputs are judged by their wire text). */
export const awaitingFix = (text: string): string | undefined => AWAITING_FIXES.find((defect) => defect.hits(text))?.name;
