/**
 * Ranking options (src/estimate/compare.ts): cheapest, Pareto and --sort cost read what an option
 * obliges its buyer to (estimate/run.ts obligatedUsd), so a reservation is ranked by its contract,
 * not by the run's share of it.
 */
import { describe, expect, it } from 'vitest';
import { markOptions, sortResults } from '../../src/estimate/compare.js';
import { recommend } from '../../src/report/document/recommend.js';
import type { RunResult } from '../../src/estimate/run.js';

/** Just what ranking reads: the run's cost, its commitment if any, its time and its constraints. */
function option(name: string, computeUsd: number, days: number, commitmentUsd: number | null, budgetUsd?: number): RunResult {
  return {
    name, wallClockSeconds: days * 86400, energyKwh: null,
    cost: { computeUsd, energyUsd: 0, fixedUsd: 100_000, totalUsd: computeUsd + 100_000 },
    commitment: commitmentUsd === null ? null : { usd: commitmentUsd, termHours: 8760, terms: 1 },
    meetsDeadline: null, meetsBudget: null,
    inputs: { constraints: budgetUsd === undefined ? {} : { budgetUsd } },
  } as unknown as RunResult;
}

describe('a reservation is ranked by its contract', () => {
  // 512 H100 for 27.5 days: on demand at $3 the run costs $1.01M; reserved for a year at $1.5 the run's
  // share is $0.51M but the contract 512 × 8,760 h × $1.5 = $6.73M. Fixed costs $0.1M on both.
  const ondemand = option('ondemand', 512 * 27.5 * 24 * 3, 27.5, null);
  const reserved = option('reserved', 512 * 27.5 * 24 * 1.5, 27.5, 512 * 8760 * 1.5);
  it.each([
    { order: 'reserved first', runs: [reserved, ondemand] },
    { order: 'on-demand first', runs: [ondemand, reserved] },
  ])('$order: on-demand is the cheapest, the only Pareto point, sorted first and recommended', ({ runs }) => {
    const marks = markOptions(runs);
    expect(runs.filter((_, i) => marks[i]!.cheapest).map((r) => r.name)).toEqual(['ondemand']);
    expect(runs.filter((_, i) => marks[i]!.pareto).map((r) => r.name)).toEqual(['ondemand']);
    expect(sortResults([...runs], 'cost').map((r) => r.name)).toEqual(['ondemand', 'reserved']);
    expect(runs[recommend(runs).index]!.name).toBe('ondemand');
  });
  it('without a commitment the run\'s cost is what is ranked', () => {
    const cheap = option('cheap', 1e6, 30, null);
    const dear = option('dear', 2e6, 30, null);
    expect(sortResults([dear, cheap], 'cost').map((r) => r.name)).toEqual(['cheap', 'dear']);
    expect(markOptions([dear, cheap]).map((m) => m.cheapest)).toEqual([false, true]);
  });
});
