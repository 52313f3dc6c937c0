import { describe, expect, it } from 'vitest';
import { checkLayout } from '../../src/perf/layout.js';
import { runContext } from '../../src/perf/evaluate.js';
import { plan, SKIP } from '../../src/perf/plan.js';
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
