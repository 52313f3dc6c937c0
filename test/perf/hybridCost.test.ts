/**
 * A hybrid's layer kinds and its pipeline split (src/perf/hybridCost.ts): the split against Megatron-Core's
 * rule (MambaStack._select_layers_for_pipeline_parallel: ⌊L/pp⌋ contiguous layers per stage), the kinds'
 * costs against the two-block layer they halve, and the step charged for the busiest stage.
 */
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/cli/load/model.js';
import { runContext, evaluateLayout } from '../../src/perf/evaluate.js';
import { busiestHybridStage, hybridStageCounts, StageSums, type HybridKindCosts } from '../../src/perf/hybridCost.js';
import { layerCosts, type PartCost } from '../../src/perf/layerCost.js';
import { arch, layout, loadProfile, modelledSeconds } from './helpers.js';

const nh8 = loadModel('nemotron-h-8b');
const h100 = loadProfile('h100-sxm');

describe('pipeline split of the pattern, as Megatron-Core makes it', () => {
  // Counted by hand from M-M-M-M*-M-M-M-M-M*-M-M-M-M-M*-M-M-M-M-M*-M-M-M-M-M- (52 layers): [M, *, -, E] per stage.
  it.each([
    [1, [[24, 4, 24, 0]]],
    [2, [[12, 2, 12, 0], [12, 2, 12, 0]]], // M-M-M-M*-M-M-M-M-M*-M-M-M- | M-M*-M-M-M-M-M*-M-M-M-M-M-
    [4, [[6, 1, 6, 0], [6, 1, 6, 0], [6, 1, 6, 0], [6, 1, 6, 0]]],
  ])('pp %i', (pp, expected) => {
    const c = hybridStageCounts(nh8.hybrid!.pattern, pp);
    expect(Array.from({ length: pp }, (_, r) => Array.from(c.slice(4 * r, 4 * r + 4)))).toEqual(expected);
  });
  it('pp 13: four layers a stage, M-M- then M-M* then -M-M …', () => {
    const c = hybridStageCounts(nh8.hybrid!.pattern, 13);
    expect([...c.slice(0, 12)]).toEqual([2, 0, 2, 0, 2, 1, 1, 0, 2, 0, 2, 0]);
  });
});

describe('the busiest stage', () => {
  const cost = (busy: number): PartCost => ({ compute: busy, memoryBound: 0, tp: 0, ep: 0, cp: 0, forward: busy / 3, weightGrad: busy / 3 });
  const kinds: HybridKindCosts = { mamba: cost(1), attention: cost(5), mlp: cost(2), moe: cost(10) };
  it.each([
    // pattern, head share, expected stage and busy: M=1, *=5, -=2, E=10, head 4
    ['MM**', 1, 1, 10 + 4],
    ['**MM', 1, 0, 10],
    ['M-E-', 0, 1, 12],
  ])('%s (head share %d): stage %i, %d per micro-batch', (pattern, head, stage, busy) => {
    const s = busiestHybridStage(kinds, cost(4), hybridStageCounts(pattern, 2), 2, head, new StageSums());
    expect(s.stage).toBe(stage);
    expect(s.compute).toBe(busy);
  });
  it('the step time charges it: the heavier layers on the last stage (with the head) slow pp 2', () => {
    const model = (pattern: string) => arch({
      layers: 8, d_model: 4096, heads: 32, kv_heads: 8, d_head: 128, d_ff: 16384, ffn: 'gelu', vocab: 131072, seq_len: 8192, norm: 'rmsnorm', position: 'none',
      layer_pattern: pattern, mamba: { heads: 128, groups: 8, chunk_size: 128 },
    }, pattern);
    const step = (pattern: string) => {
      const a = model(pattern);
      const ctx = runContext(a, h100, { globalBatchSequences: 32, gpuCount: 2 });
      return modelledSeconds(evaluateLayout(ctx, layout({ pp: 2 })).prediction);
    };
    // The same layers either way. A Mamba layer here holds 4096·18,560 + 8192·4096 = 109.6M weights, an
    // attention layer 4096·(4096 + 2·1024) + 4096² = 41.9M: the stage of Mamba layers is the slower, and
    // it is slower still on the last stage, which also runs the output layer.
    expect(step('****MMMM')).toBeGreaterThan(step('MMMM****'));
  });
});

describe('each kind is one block of a transformer layer', () => {
  // A hybrid's `dense` cost is the two-block layer (attention + MLP) with the hybrid's one norm: the
  // attention-only and MLP-only layers share its GEMMs and its TP traffic between them.
  const ctx = runContext(nh8, h100, { globalBatchSequences: 64, gpuCount: 8 });
  it.each([1, 2, 8])('tp %i: attention + MLP layers have the two-block layer\'s GEMMs and TP traffic', (tp) => {
    const c = layerCosts(nh8, ctx.mc, { tp, cp: 1, ep: 1, microBatch: 1, sequenceParallel: tp > 1, recompute: 'none', seqLen: 8192, flashAttention: true, attention: 'full' });
    const k = c.hybrid!;
    expect(k.attention.weightGrad + k.mlp.weightGrad).toBeCloseTo(c.dense.weightGrad, 12);
    expect(k.attention.tp + k.mlp.tp).toBeCloseTo(c.dense.tp, 12);
    // Each has its own pre-norm where the two-block layer of a hybrid counts one (block_norms 1): more memory-bound time.
    expect(k.attention.memoryBound + k.mlp.memoryBound).toBeGreaterThan(c.dense.memoryBound);
  });
});
