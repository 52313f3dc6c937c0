import { describe, expect, it } from 'vitest';
import { NEARBY_TRIES, nearbyCounts } from '../../src/perf/nearbyCounts.js';
import { planFor } from '../../src/perf/index.js';
import { loadModel } from '../../src/cli/load/model.js';
import { loadProfile } from './helpers.js';

describe('nearbyCounts: the nearest counts below and above that split', () => {
  it.each([
    { case: 'multiples of 7 from 50', n: 50, fits: (c: number) => c % 7 === 0, below: 49, above: 56 },
    { case: 'the count itself is not offered', n: 64, fits: (c: number) => c % 8 === 0, below: 56, above: 72 },
    { case: 'nothing near: null both sides', n: 100, fits: () => false, below: null, above: null },
    { case: 'only above', n: 40, fits: (c: number) => c >= 45, below: null, above: 45 },
    { case: 'beyond a quarter of n is not near', n: 40, fits: (c: number) => c === 51, below: null, above: null },
    { case: 'a count of 1 has none below', n: 4, fits: (c: number) => c === 5, below: null, above: 5 },
    { case: 'a small count looks 8 either way', n: 3, fits: (c: number) => c === 2 || c === 11, below: 2, above: 11 },
    { case: 'but not 9', n: 3, fits: (c: number) => c === 12, below: null, above: null },
  ])('$case', ({ n, fits, below, above }) => {
    expect(nearbyCounts(n, fits)).toEqual({ below, above });
  });
  it(`tries at most ${NEARBY_TRIES} counts a side, however large the count`, () => {
    let tries = 0;
    nearbyCounts(1_000_000, () => { tries++; return false; });
    expect(tries).toBe(2 * NEARBY_TRIES);
  });
});

describe('plan: no split of the GPUs at all names the nearest counts that split, by the planner\'s own rules', () => {
  // GPT-2 (12 heads, 12 layers) with a batch of 8 on 1,000 H100 (2³·5³): no tp·pp·dp·cp of 1,000 (hostile sweep 21).
  const arch = loadModel('gpt2');
  const hw = loadProfile('h100-sxm');
  const at = (gpuCount: number) => planFor({ arch, hw, gpuCount, globalBatchSequences: 8, top: 1 });
  it('the planner evaluates layouts at both counts, and at none between them', () => {
    const r = at(1000);
    expect(r.best).toEqual([]);
    const { below, above } = r.nearbyCounts!;
    expect(below).not.toBeNull();
    expect(above).not.toBeNull();
    for (const c of [below!, above!]) expect(at(c).evaluated, `${c} splits`).toBeGreaterThan(0);
    for (let c = below! + 1; c < above!; c++) expect(at(c).evaluated, `${c} does not`).toBe(0);
  });
  it('is null where a layout splits, and where a fixed field is what refuses', () => {
    expect(at(1024).nearbyCounts).toBeNull();
    expect(planFor({ arch, hw, gpuCount: 1000, globalBatchSequences: 8, top: 1, partialLayout: { tp: 2 } }).nearbyCounts).toBeNull();
  });
});
