import { availableParallelism, loadavg } from 'node:os';
/**
 * Fuzz settings: a fixed seed (override with FLOPCAST_FUZZ_SEED to explore, and quote the printed
 * seed to reproduce a failure) and a bounded number of runs for `npm test`; `npm run fuzz` sets
 * FLOPCAST_FUZZ_RUNS=20000.
 */
export const SEED = Number(process.env.FLOPCAST_FUZZ_SEED ?? 20_240_601);
export const RUNS = Math.max(1, Number(process.env.FLOPCAST_FUZZ_RUNS ?? 0) || 0);

/** Runs for one property: the env value, or `fallback` when unset (the quick `npm test` run). */
export function runs(fallback: number): number {
  return RUNS > 1 || process.env.FLOPCAST_FUZZ_RUNS ? RUNS : fallback;
}

/** A test timeout that grows with the run count (vitest's default here is 20 s). */
export function timeoutFor(numRuns: number, msPerRun: number): number {
  return Math.max(20_000, numRuns * msPerRun);
}

/**
 * The per-input kill for child processes: 5 s, stretched by the load average per core, so that a busy
 * CI machine (several test files at once) does not turn slowness into a "hang". A real hang (reading
 * /dev/zero, a quadratic parse of 1 MB) runs into it whatever the load.
 */
export const KILL_MS = Math.round(5_000 * Math.max(1, Math.min(6, loadavg()[0]! / Math.max(1, availableParallelism()))));
