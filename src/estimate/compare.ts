/** Marks across a set of options: the cheapest, the fastest, and the cost/time Pareto frontier. */
import type { RunResult } from './run.js';

export interface Marks {
  cheapest: boolean;
  fastest: boolean;
  /** No other option is at least as cheap and as fast, and strictly better in one. */
  pareto: boolean;
}

export function markOptions(results: readonly RunResult[]): Marks[] {
  const eligible = results.map((r) => r.meetsDeadline !== false && r.meetsBudget !== false);
  const pool = results.filter((_, i) => eligible[i]);
  const from = pool.length ? pool : results;
  const minCost = Math.min(...from.map((r) => r.cost.totalUsd));
  const minTime = Math.min(...from.map((r) => r.wallClockSeconds));
  return results.map((r, i) => ({
    cheapest: (eligible[i] || !pool.length) && r.cost.totalUsd === minCost,
    fastest: (eligible[i] || !pool.length) && r.wallClockSeconds === minTime,
    pareto: !results.some(
      (o) => o !== r && o.cost.totalUsd <= r.cost.totalUsd && o.wallClockSeconds <= r.wallClockSeconds &&
        (o.cost.totalUsd < r.cost.totalUsd || o.wallClockSeconds < r.wallClockSeconds),
    ),
  }));
}

export type SortKey = 'cost' | 'time' | 'energy';

export function sortResults(results: RunResult[], key: SortKey | undefined): RunResult[] {
  if (!key) return results;
  // Ties (e.g. equal cost at fixed MFU) go to the faster option, then the cheaper one.
  const k = (r: RunResult) => (key === 'cost' ? r.cost.totalUsd : key === 'time' ? r.wallClockSeconds : (r.energyKwh ?? Number.MAX_VALUE));
  return [...results].sort((a, b) => k(a) - k(b) || a.wallClockSeconds - b.wallClockSeconds || a.cost.totalUsd - b.cost.totalUsd || a.name.localeCompare(b.name));
}
