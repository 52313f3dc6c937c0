/**
 * The step model with a pipeline layout (src/perf/rankCost.ts, step.ts, stageParams.ts rankParams,
 * layoutMemory.ts): an even layout written out is the default rule's placement, so it predicts the same
 * step and memory (for models whose layers are all one kind, or whose MoE layers alternate evenly over the ranks:
 * with dense first layers, as DeepSeek-V3's, the default rule charges the first stage MoE layers for them,
 * stageParams.ts rankParams); an uneven one is
 * charged its busiest rank, found here from counts made by hand.
 */
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/cli/load/model.js';
import { evaluateLayout, moeLoadOn, runContext } from '../../src/perf/evaluate.js';
import { layerCosts } from '../../src/perf/layerCost.js';
import type { PartCost } from '../../src/perf/partCost.js';
import { busiestRank, emptyPart } from '../../src/perf/rankCost.js';
import { PipelineTimes, pipelineTimes } from '../../src/perf/pipelineTimes.js';
import { rankParams, stageParams } from '../../src/perf/stageParams.js';
import type { Architecture } from '../../src/model/architecture.js';
import { arch, dsv3Mtp, layout, loadProfile } from './helpers.js';

const h100 = loadProfile('h100-sxm');
const gb300 = loadProfile('gb300');
const llama8b = loadModel('llama-3-8b');
/** A MoE model whose every layer is MoE, with one MTP module: the default rule's busiest stage is exactly the last one written out. */
const moeMtp = arch({ layers: 8, d_model: 2048, heads: 16, kv_heads: 4, d_ff: 8192, ffn: 'swiglu', norm: 'rmsnorm', position: 'rotary', vocab: 32000, seq_len: 4096, moe: { experts: 16, top_k: 2, d_ff_expert: 1024 }, mtp: { depth: 1 } }, 'moe-mtp');

describe('an even layout written out predicts what the default rule does', () => {
  // Both place ⌈L/pp⌉ layers per stage, the embedding on the first and the head (and MTP) on the last; the
  // default rule charges the embedding's time nowhere, and so does a layout (E is not a cost of the step
  // model): step time, memory and the stages' parameters agree to floating-point noise.
  it.each([
    ['Llama 3 8B, pp 4, 1F1B', llama8b, 'Et*8|t*8|t*8|t*8L', layout({ tp: 2, pp: 4, dp: 4, zeroStage: 1, sequenceParallel: true })],
    ['Llama 3 8B, pp 4 × v 2, interleaved', llama8b, 'Et*4|(t*4|)*6t*4L', layout({ tp: 2, pp: 4, dp: 4, schedule: 'interleaved', virtualStages: 2, zeroStage: 1, sequenceParallel: true })],
    ['Llama 3 8B, block recomputation of 2 of each chunk\'s 4 layers', llama8b, 'Et*4|(t*4|)*6t*4L', layout({ tp: 2, pp: 4, dp: 4, schedule: 'interleaved', virtualStages: 2, recompute: 'full', recomputeLayers: 2 })],
    ['MoE with MTP, pp 2, ep 4', moeMtp, 'Et*4|t*4mL', layout({ tp: 1, pp: 2, dp: 16, ep: 4, zeroStage: 1 })],
    // MoE on every other layer (moe.every 2): each stage of 12 holds 6 MoE and 6 dense layers, written out or not.
    ['Llama 4 Maverick, MoE every other layer, pp 4, ep 8', loadModel('llama-4-maverick'), 'Et*12|t*12|t*12|t*12L', layout({ tp: 1, pp: 4, dp: 16, ep: 8, zeroStage: 1 })],
  ] as const)('%s', (_, model, text, l) => {
    const ctx = runContext(model, h100, { globalBatchSequences: 64, gpuCount: l.tp * l.pp * l.dp, stack: 'megatron-core' });
    const even = evaluateLayout(ctx, l);
    const written = evaluateLayout(ctx, { ...l, pipelineLayout: text });
    expect(written.prediction.stepTimeSeconds / even.prediction.stepTimeSeconds - 1).toBeCloseTo(0, 12);
    expect(written.prediction.breakdown.bubbleSeconds / even.prediction.breakdown.bubbleSeconds - 1).toBeCloseTo(0, 12);
    expect(written.memory.total / even.memory.total - 1).toBeCloseTo(0, 12);
    expect(written.memory.stage).toBe(even.memory.stage);
    const ranks = rankParams(model, { ...l, pipelineLayout: text });
    const stages = stageParams(model, l);
    expect(ranks[0]).toEqual(stages.first);
    expect(ranks[ranks.length - 1]).toEqual(stages.last);
  });
});

describe('MoE layers alternating unevenly over the stages (moe.every 2, 3 layers a stage)', () => {
  it('the default rule charges each stage the most MoE layers a rank holds: 2 (layers 3r and 3r + 2 of an odd rank r)', () => {
    const maverick = loadModel('llama-4-maverick');
    const l = layout({ tp: 1, pp: 16, dp: 4, ep: 4, zeroStage: 1 });
    const ranks = rankParams(maverick, { ...l, pipelineLayout: 'Et*3|(t*3|)*14t*3L' });
    const stages = stageParams(maverick, l);
    expect(Math.max(...ranks.map((r) => r.experts))).toBe(stages.first.experts);
    expect(ranks[0]!.experts).toBe(stages.first.experts / 2); // rank 0 holds one MoE layer (layer 1)
  });

  it('pp 4 × vp 4 (chunks of 3): ranks 1 and 3 hold 8 MoE layers of 12, as written out (found in review: consecutive stages would say 6)', () => {
    // By hand: chunk k holds layers 3k..3k+2 on rank k mod 4; rank 1 holds 3-5, 15-17, 27-29, 39-41: MoE (odd) 3, 5, 15, 17, 27, 29, 39, 41.
    const maverick = loadModel('llama-4-maverick');
    const l = layout({ tp: 1, pp: 4, dp: 16, ep: 8, schedule: 'interleaved', virtualStages: 4, zeroStage: 1 });
    const ranks = rankParams(maverick, { ...l, pipelineLayout: 'Et*3|(t*3|)*14t*3L' });
    const stages = stageParams(maverick, l);
    expect(ranks.map((r) => r.experts / ranks[0]!.experts)).toEqual([1, 2, 1, 2]); // 4, 8, 4, 8 MoE layers
    expect(stages.first.experts).toBe(Math.max(...ranks.map((r) => r.experts)));
  });
});

describe('an uneven layout: the busiest rank', () => {
  const l = layout({ tp: 1, pp: 4, dp: 64, ep: 32, schedule: 'interleaved', virtualStages: 4, zeroStage: 1, pipelineLayout: 'Et*4|(t*4|)*14tmL' });
  const ctx = runContext(dsv3Mtp, gb300, { globalBatchSequences: 15360, gpuCount: 256, stack: 'megatron-core', gemmPrecision: 'fp8' });
  const costs = layerCosts(dsv3Mtp, ctx.mc, {
    tp: 1, cp: 1, ep: 32, etp: 1, microBatch: 1, sequenceParallel: false, recompute: 'none', seqLen: 4096, flashAttention: ctx.flashAttention,
    attention: ctx.attention, moeMaxNodes: ctx.moeMaxNodes, moeLoadFactor: moeLoadOn(ctx, 32), tpCommOverlap: ctx.tpCommOverlap,
  });
  const seconds = (c: PartCost) => c.compute + c.memoryBound + c.tp + c.ep + c.cp;
  const head = seconds(costs.head);
  const mtp = seconds(costs.logits) - head; // layerCost.ts: logits = the head and the D = 1 MTP module
  const D = seconds(costs.dense);
  const M = seconds(costs.moe);
  // By hand (test/perf/pipelineLayout.test.ts): rank 0 holds E, the 3 dense layers and 13 MoE layers; ranks 1
  // and 2 16 MoE layers; rank 3 13 MoE layers, the MTP module and the head.
  const byHand = [3 * D + 13 * M, 16 * M, 16 * M, 13 * M + mtp + head];
  const most = byHand.indexOf(Math.max(...byHand));

  it('is the rank with the most work counted by hand, and the pipeline is charged its layers', () => {
    const extra = emptyPart();
    const r = busiestRank(dsv3Mtp, l, costs, extra);
    expect([r.dense, r.moe, r.mtp, r.loss]).toEqual([[3, 13, 0, false], [0, 16, 0, false], [0, 16, 0, false], [0, 13, 1, true]][most]);
    const pipe = pipelineTimes(ctx, l, costs, 0, new PipelineTimes());
    const [dense, moe, withMtp, withHead] = [[3, 13, 0, 0], [0, 16, 0, 0], [0, 16, 0, 0], [0, 13, 1, 1]][most]!;
    expect(pipe.comp).toBeCloseTo(dense! * costs.dense.compute + moe! * costs.moe.compute + withMtp! * (costs.logits.compute - costs.head.compute) + withHead! * costs.head.compute, 12);
    expect(pipe.mem).toBeCloseTo(dense! * costs.dense.memoryBound + moe! * costs.moe.memoryBound + withMtp! * (costs.logits.memoryBound - costs.head.memoryBound) + withHead! * costs.head.memoryBound, 12);
  });

  it('charges more than the default rule\'s stage when a rank holds more than ⌈61/4⌉ = 16 layers\' work, and the same layers otherwise', () => {
    const even = evaluateLayout(ctx, { ...l, pipelineLayout: undefined }).prediction;
    const written = evaluateLayout(ctx, l).prediction;
    // The default rule: 16 MoE layers, the head and the MTP module on one stage, more than any rank here holds.
    expect(16 * M + mtp + head).toBeGreaterThan(Math.max(...byHand));
    expect(written.stepTimeSeconds).toBeLessThan(even.stepTimeSeconds);
  });

  it('memory: the largest rank\'s, named by its rank', () => {
    const m = evaluateLayout(ctx, l).memory;
    expect(m.rank).toBeGreaterThanOrEqual(0);
    expect(m.rank).toBeLessThan(4);
    expect(m.stage).toBe(m.rank === 0 ? 'first' : m.rank === 3 ? 'last' : 'middle');
  });
});

describe('parameters per rank', () => {
  const counted = (a: Architecture, text: string, pp: number) => rankParams(a, layout({ tp: 1, pp, dp: 1, pipelineLayout: text }));
  it('a tied head is copied only onto a rank without the embedding', () => {
    const tied = arch({ layers: 4, d_model: 1024, heads: 16, d_ff: 4096, vocab: 32000, seq_len: 2048, tied_embeddings: true }, 'tied');
    const [one] = counted(tied, 'Et*4L', 1);
    const [first, last] = counted(tied, 'Et*2|t*2L', 2);
    // Both ranks of the split hold 2 layers; the last adds the copied head (V·d), the first the embedding (V·d).
    expect(first!.outside).toBe(32000 * 1024);
    expect(last!.outside).toBe(32000 * 1024);
    expect(one!.outside).toBe(32000 * 1024);
    expect(one!.dense).toBeCloseTo(first!.dense + last!.dense - 32000 * 1024, 0);
  });
  it('an MTP module alone on a rank brings the input embedding it needs (Megatron-Core GPTModel: pre_process or mtp_process)', () => {
    const [, , mtpRank] = counted(moeMtp, 'Et*4|t*4|mL', 3);
    expect(mtpRank!.outside).toBeGreaterThan(0);
  });
});
