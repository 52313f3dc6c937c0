import { describe, expect, it } from 'vitest';
import { runContext } from '../../src/perf/evaluate.js';
import { loadModel } from '../../src/cli/load/model.js';
import { layerCosts } from '../../src/perf/layerCost.js';
import { PipelineTimes, pipelineTimes } from '../../src/perf/pipelineTimes.js';
import { layout, loadProfile } from './helpers.js';

const h100 = loadProfile('h100-sxm');

describe('interleaved MoE layers (moe.every): each stage is charged its share of each kind, not dense layers first', () => {
  it('Llama 4 Maverick (MoE every other layer) on pp 4: 6 MoE and 6 dense layers a stage, the last with the head', () => {
    const maverick = loadModel('llama-4-maverick');
    const l = layout({ tp: 8, pp: 4, dp: 4, ep: 4, etp: 1, zeroStage: 1, sequenceParallel: true });
    const ctx = runContext(maverick, h100, { globalBatchSequences: 64, gpuCount: 128 });
    const costs = layerCosts(maverick, ctx.mc, {
      tp: 8, cp: 1, ep: 4, etp: 1, microBatch: 1, sequenceParallel: true, recompute: 'none', seqLen: maverick.seqLen, flashAttention: ctx.flashAttention, attention: ctx.attention,
    });
    const pipe = pipelineTimes(ctx, l, costs, 0, new PipelineTimes());
    expect(pipe.comp).toBeCloseTo(6 * costs.dense.compute + 6 * costs.moe.compute + costs.logits.compute, 12);
    // Dense layers (d_ff 16,384) and MoE layers (one routed and one shared expert of 8,192 a token, and the router) differ.
    expect(costs.moe.compute).not.toBeCloseTo(costs.dense.compute, 6);
  });
  it('Maverick on pp 8 under zb-v: the V\'s 3 MoE and 3 dense layers a rank (Megatron\'s placement would put 4 MoE layers on some), as the split written out', () => {
    const maverick = loadModel('llama-4-maverick');
    const l = layout({ tp: 8, pp: 8, dp: 2, ep: 2, zeroStage: 1, sequenceParallel: true, schedule: 'zb-v', virtualStages: 2 });
    const ctx = runContext(maverick, h100, { globalBatchSequences: 64, gpuCount: 128 });
    const costs = layerCosts(maverick, ctx.mc, {
      tp: 8, cp: 1, ep: 2, etp: 1, microBatch: 1, sequenceParallel: true, recompute: 'none', seqLen: maverick.seqLen, flashAttention: ctx.flashAttention, attention: ctx.attention,
    });
    const even = pipelineTimes(ctx, l, costs, 0, new PipelineTimes());
    // 16 chunks of 3 layers; E in the first, L in the last, both on rank 0 in the V.
    const written = pipelineTimes(ctx, { ...l, pipelineLayout: `Et*3|${'t*3|'.repeat(14)}t*3L` }, costs, 0, new PipelineTimes());
    expect(even.comp).toBeCloseTo(3 * costs.dense.compute + 3 * costs.moe.compute + costs.logits.compute, 12);
    expect(even.comp).toBeCloseTo(written.comp, 12);
  });
});
