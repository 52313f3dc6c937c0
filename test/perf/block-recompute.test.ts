import { describe, expect, it } from 'vitest';
import { activationBytesPerLayer } from '../../src/perf/activations.js';
import { evaluateLayout, runContext } from '../../src/perf/evaluate.js';
import { chunkLayers, recomputedShare } from '../../src/perf/layout.js';
import { checkLayout } from '../../src/perf/layoutCheck.js';
import { estimateMemory, inFlightFactor, stateBytesFor } from '../../src/perf/memory.js';
import { plan } from '../../src/perf/plan.js';
import { STACKS } from '../../src/perf/stackProfiles.js';
import { countFlops } from '../../src/flops/count.js';
import { arch, gpt3, layout, loadProfile } from './helpers.js';

/**
 * Block recomputation (Megatron-Core --recompute-method block --recompute-num-layers N): N layers of
 * each model chunk keep only their input and are recomputed, the others keep everything.
 */
const a100 = loadProfile('a100-sxm4-80gb');
const gb200 = loadProfile('gb200');
const l405 = arch({ layers: 126, d_model: 16384, heads: 128, kv_heads: 8, d_ff: 53248, ffn: 'swiglu', norm: 'rmsnorm', position: 'rotary', vocab: 128256, seq_len: 8192 }, 'llama-405b-like');

describe('block recomputation: the share of a stage recomputed', () => {
  it.each([
    [96, 8, 1, undefined, 1], [96, 8, 1, 3, 3 / 12], [96, 8, 2, 3, 3 / 6], [126, 16, 4, 1, 1 / 2], [96, 8, 1, 12, 1],
  ] as const)('L %i, pp %i, v %i, N %s: φ = %f', (L, pp, v, n, phi) => {
    expect(recomputedShare({ ...gpt3, layers: L }, { pp, virtualStages: v, recompute: 'full', recomputeLayers: n })).toBeCloseTo(phi, 12);
  });
  it('no share without full recomputation', () => expect(recomputedShare(gpt3, { pp: 8, virtualStages: 1, recompute: 'selective', recomputeLayers: undefined })).toBe(0));
});

describe('block recomputation: memory and step', () => {
  const l = layout({ tp: 8, pp: 8, dp: 1, microBatch: 1, schedule: 'interleaved', virtualStages: 2, sequenceParallel: true, recompute: 'full' });
  const inputs = (x: typeof l) => ({ arch: gpt3, layout: x, seqLen: 2048, globalBatchSequences: 64, capacityBytes: 80 * 2 ** 30, flashAttention: true, stateBytes: stateBytesFor('bf16') });
  it('first-stage activations: in-flight × layers × (φ·input + (1 − φ)·everything) + one layer\'s working set', () => {
    const act = activationBytesPerLayer(gpt3, l, { seqLen: 2048, microBatch: 1, flashAttention: true });
    const perStage = 96 / 8;
    const inflight = inFlightFactor(l, 64);
    for (const n of [1, 3, 6]) {
      const phi = n / chunkLayers(gpt3, l); // 6 layers per chunk
      const m = estimateMemory(inputs({ ...l, recomputeLayers: n }));
      expect(m.breakdown.activations).toBeCloseTo(inflight * perStage * (phi * act.checkpoint + (1 - phi) * act.full) + act.full, 0);
    }
    expect(estimateMemory(inputs({ ...l, recomputeLayers: 6 })).total).toBeCloseTo(estimateMemory(inputs(l)).total, 0); // all 6 = every layer
  });
  it('step time and HFU lie between no recomputation and full, linear in φ', () => {
    const ctx = runContext(gpt3, a100, { globalBatchSequences: 64, gpuCount: 64 });
    const at = (x: typeof l) => evaluateLayout(ctx, x).prediction;
    const none = at({ ...l, recompute: 'none' });
    const full = at(l);
    const half = at({ ...l, recomputeLayers: 3 });
    expect(half.stepTimeSeconds).toBeGreaterThan(none.stepTimeSeconds);
    expect(half.stepTimeSeconds).toBeLessThan(full.stepTimeSeconds);
    expect(half.stepTimeSeconds).toBeCloseTo((none.stepTimeSeconds + full.stepTimeSeconds) / 2, 6); // every part is per layer: linear
    // HFU counts half the layers' forward again: (model + φ·recompute FLOPs) per token.
    const f = countFlops(gpt3, { recompute: 'full' }).perToken;
    expect(half.hfu / half.mfu).toBeCloseTo((f.model + 0.5 * f.recompute) / f.model, 9);
  });
});

describe('block recomputation: rules, planner, FLOP count', () => {
  it('recompute_layers needs full recomputation and at most a chunk\'s layers', () => {
    const l = layout({ tp: 8, pp: 8, dp: 1, recompute: 'full' });
    const rules = (x: typeof l) => checkLayout(gpt3, 64, 64, x).map((i) => i.rule);
    expect(rules({ ...l, recomputeLayers: 12 })).toEqual([]);
    expect(rules({ ...l, recomputeLayers: 13 })).toContain('recompute-layers');
    expect(rules({ ...l, recompute: 'selective', recomputeLayers: 2 })).toContain('recompute-layers');
    expect(checkLayout(gpt3, 64, 64, { ...l, recomputeLayers: 2 }, { stack: STACKS.deepspeed }).map((i) => i.rule)).toContain('stack-partial-recompute');
  });
  it('the planner refines a full-recomputation layout into the fewest recomputed layers that fit (Llama 3.1 405B on GB200, FP8)', () => {
    const ctx = runContext(l405, gb200, { globalBatchSequences: 64, gpuCount: 256, gemmPrecision: 'fp8', stack: 'megatron-core' });
    const fixed = { tp: 4, pp: 16, dp: 4, cp: 1, microBatch: 1, schedule: 'interleaved' as const, virtualStages: 4, zeroStage: 1 as const, sequenceParallel: true };
    const best = plan(ctx, fixed, { top: 1 }).best[0]!;
    expect(best.layout.recompute).toBe('full');
    const n = best.layout.recomputeLayers!;
    expect(n).toBeGreaterThanOrEqual(1);
    expect(best.memory.fits).toBe(true);
    // One layer fewer would not fit; every layer recomputed is slower.
    if (n > 1) expect(evaluateLayout(ctx, { ...best.layout, recomputeLayers: n - 1 }).memory.fits).toBe(false);
    expect(best.prediction.stepTimeSeconds).toBeLessThan(evaluateLayout(ctx, { ...best.layout, recomputeLayers: undefined }).prediction.stepTimeSeconds);
    // A stack that recomputes every layer or none is offered no block recomputation.
    const old = plan({ ...ctx, stack: STACKS['megatron-lm-2021'] }, fixed, { top: 1 }).best[0];
    expect(old?.layout.recomputeLayers).toBeUndefined();
  });
  it('FLOPs: recomputing k of L layers adds k/L of the layers\' forward (rounded per component)', () => {
    const all = countFlops(gpt3, { recompute: 'full' }).perToken;
    const quarter = countFlops(gpt3, { recompute: 'full', recomputedShare: 0.25 }).perToken;
    expect(Math.abs(quarter.recompute - all.recompute / 4)).toBeLessThan(20); // ≤ 0.5 FLOP per component
    expect(quarter.model).toBe(all.model);
    expect(Number.isSafeInteger(quarter.hardware)).toBe(true);
  });
});
