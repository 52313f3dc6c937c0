/**
 * The planner's innermost loops (src/perf/planScan.ts): where ZeRO has no ranks to shard over (layout.ts shardsNothing),
 * its stages are one layout, counted as evaluated and listed once.
 */
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/cli/load/model.js';
import { runContext } from '../../src/perf/evaluate.js';
import { plan } from '../../src/perf/plan.js';
import { predict } from '../../src/perf/predict.js';
import { arch, loadProfile } from './helpers.js';

const h100 = loadProfile('h100-sxm');
const llama8b = loadModel('llama-3-8b');
const moe = arch({ layers: 16, d_model: 2048, heads: 16, kv_heads: 4, d_ff: 8192, ffn: 'swiglu', norm: 'rmsnorm', position: 'rotary', vocab: 32000, seq_len: 4096, moe: { experts: 64, top_k: 8, d_ff_expert: 1024 } }, 'moe');
const zeros = (r: ReturnType<typeof plan>) => r.best.map((e) => e.layout.zeroStage);

// Planner leftovers: Llama 3 8B on 8 H100s at tp 8 is dp 1, and `plan` listed ZeRO 0, 1, 2 and 3 as four rows of one
// step time (ZeRO-3's 0.1 GiB more, its gather buffer): ZeRO over one rank is plain data parallelism (PyTorch FSDP clamps
// its strategy to NO_SHARD at world size 1). Megatron-Core without pp runs ZeRO 0 to 3 (stackProfiles.ts). The first
// row fails on the old code.
describe('ZeRO with no ranks to shard over: one row', () => {
  const ctx = runContext(llama8b, h100, { globalBatchSequences: 64, gpuCount: 8, stack: 'megatron-core' });
  const fixed = { tp: 8, pp: 1, recompute: 'none' as const };
  const r = plan(ctx, fixed, { top: 8 });
  it('the rows differ in more than the ZeRO stage, each at ZeRO 0', () => {
    expect(r.best.length).toBeGreaterThan(1);
    const rest = r.best.map((e) => JSON.stringify({ ...e.layout, zeroStage: 0 }));
    expect(new Set(rest).size).toBe(rest.length);
    expect(zeros(r)).toEqual(r.best.map(() => 0));
  });
  it('every ZeRO stage is still evaluated and counted: 5 micro-batch sizes (1 to 16) × ZeRO 0 to 3', () => {
    expect(r.evaluated).toBe(5 * 4);
  });
  it('a ZeRO stage fixed at dp 1 is planned, and a whole layout with it runs, as written', () => {
    expect(zeros(plan(ctx, { ...fixed, zeroStage: 3 }, { top: 3 }))).toEqual([3, 3, 3]);
    const l = { ...fixed, dp: 1, cp: 1, ep: 1, microBatch: 1, schedule: '1f1b' as const, virtualStages: 1, zeroStage: 3 as const, sequenceParallel: true };
    expect(predict(llama8b, h100, { globalBatchSequences: 64, gpuCount: 8, stack: 'megatron-core', partialLayout: l }).layout.zeroStage).toBe(3);
  });
  // fixes26: shard_group 1 given at dp 8 shards nothing either (layout.ts shardsNothing): ZeRO 0 is refused beside it
  // (memorySavingRules.ts shard-group-zero), and ZeRO 1, 2 and 3 are one layout, listed once. The old code listed each ZeRO stage.
  it('shard_group 1 given at dp 8: one ZeRO stage listed, the others counted', () => {
    const small = runContext(loadModel('gpt3-1.3b'), h100, { globalBatchSequences: 64, gpuCount: 8, stack: 'megatron-core' }); // whole states fit on one GPU
    const g = plan(small, { tp: 1, pp: 1, shardGroup: 1, recompute: 'none' }, { top: 8 });
    expect(g.best.length).toBeGreaterThan(1);
    expect(new Set(zeros(g))).toEqual(new Set([1]));
    expect(g.evaluated).toBeGreaterThan(g.best.length);
  });
  it('an MoE model with expert-data-parallel ranks at dp 1 (tp 8, ep 2, etp 1: 4 of them) keeps the ZeRO stages that shard its experts', () => {
    const m = plan(runContext(moe, h100, { globalBatchSequences: 64, gpuCount: 8, stack: 'megatron-core' }), { tp: 8, pp: 1, ep: 2, etp: 1, microBatch: 1, recompute: 'none' }, { top: 4 });
    expect(new Set(zeros(m)).size).toBe(4);
  });
});
