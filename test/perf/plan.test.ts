import { describe, expect, it } from 'vitest';
import { checkLayout } from '../../src/perf/layout.js';
import { runContext } from '../../src/perf/evaluate.js';
import { divisors, plan, SKIP } from '../../src/perf/plan.js';
import { planFor, renderPlan } from '../../src/perf/index.js';
import { gpt3, loadProfile } from './helpers.js';

const a100 = loadProfile('a100-sxm4-80gb');

describe('planner', () => {
  const ctx = runContext(gpt3, a100, { globalBatchSequences: 1536, gpuCount: 1024 });
  const r = plan(ctx, {}, { top: 10 });
  it('returns valid, fitting layouts ranked by step time', () => {
    expect(r.best.length).toBe(10);
    for (const e of r.best) {
      expect(checkLayout(gpt3, 1024, 1536, e.layout)).toEqual([]);
      expect(e.memory.fits).toBe(true);
    }
    const times = r.best.map((e) => e.prediction.stepTimeSeconds);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });
  it('counts skipped layouts by reason', () => {
    expect(r.evaluated).toBeGreaterThan(10000);
    expect(r.skipped[SKIP.heads]).toBeGreaterThan(0); // tp 64 does not divide 96 heads
    expect(r.skipped[SKIP.memory]).toBeGreaterThan(0);
    expect(r.skipped[SKIP.sp]).toBeGreaterThan(0);
    expect(r.fitting).toBe(r.evaluated - r.skipped[SKIP.memory]!);
  });
  it('honours fixed fields', () => {
    const f = plan(ctx, { tp: 4, recompute: 'full', zeroStage: 1 }, { top: 3 });
    for (const e of f.best) expect([e.layout.tp, e.layout.recompute, e.layout.zeroStage]).toEqual([4, 'full', 1]);
  });
  it('planFor + renderPlan', () => {
    const rep = planFor({ arch: gpt3, hw: a100, gpuCount: 64, globalBatchSequences: 64, top: 3, partialLayout: { tp: 8 } });
    const text = renderPlan(rep);
    expect(text).toContain('layouts evaluated');
    expect(text).toContain('tp8');
  });
});

describe('divisors (the planner\'s candidate tp, cp, pp and shard groups)', () => {
  const byTrial = (n: number) => Array.from({ length: n }, (_, i) => i + 1).filter((d) => n % d === 0);
  it.each([1, 2, 3, 4, 12, 97, 360, 1024, 1536, 4608, 5040, 10_007, 65_536, 720_720])('%i: as trial division by every number up to it', (n) => {
    expect(divisors(n)).toEqual(byTrial(n));
  });
  // Factorisations: 2^53 − 1 = 6361 · 69431 · 20394401 (Mersenne number factor tables); 963,761,198,400 is
  // a highly composite number with 6720 divisors (OEIS A002182); 2^53 − 111 is the largest prime below
  // 2^53 (OEIS A013603; checked with sympy.isprime).
  it.each([
    { n: 2 ** 52, count: 53, some: [1, 2 ** 26, 2 ** 52] },
    { n: 2 ** 53 - 1, count: 8, some: [1, 6361, 69_431, 20_394_401, 6361 * 69_431, 2 ** 53 - 1] },
    { n: 963_761_198_400, count: 6720, some: [1, 2, 3, 5, 7, 11, 13, 17, 19, 23, 963_761_198_400] },
    { n: 2 ** 53 - 111, count: 2, some: [1, 2 ** 53 - 111] },
  ])('$n: $count divisors, ascending, each dividing it', ({ n, count, some }) => {
    const d = divisors(n);
    expect(d).toHaveLength(count);
    expect(d.every((x, i) => n % x === 0 && (i === 0 || x > d[i - 1]!))).toBe(true);
    expect(d).toEqual(expect.arrayContaining(some));
  });
});
