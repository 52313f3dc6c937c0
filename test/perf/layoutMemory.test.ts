/**
 * Memory per rank with a pipeline layout (src/perf/layoutMemory.ts): activations in flight fall linearly
 * from rank 0 to rank p − 1, as Megatron-Core's 1F1B warm-up does (schedules.py get_pp_rank_microbatches:
 * p − rank − 1 warm-up micro-batches, so rank r holds p − r micro-batches' activations); the embedding and
 * logits buffers sit where E, L and the m are.
 */
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/cli/load/model.js';
import { activationBytesPerLayer } from '../../src/perf/activations.js';
import { estimateLayoutMemory, rankMemory } from '../../src/perf/layoutMemory.js';
import { stageOfRank, stageText, stateBytesFor } from '../../src/perf/memory.js';
import { arch, layout } from './helpers.js';

const llama8b = loadModel('llama-3-8b');
const mtp = arch({ layers: 8, d_model: 1024, heads: 16, d_ff: 4096, vocab: 32000, seq_len: 2048, mtp: { depth: 1 } }, 'mtp-1');
const memory = (a: typeof llama8b, text: string, pp: number, microBatches: number) => {
  const l = layout({ tp: 1, pp, dp: 1, pipelineLayout: text });
  return rankMemory(a, l, a.seqLen, microBatches, activationBytesPerLayer(a, l, { seqLen: a.seqLen, microBatch: 1, flashAttention: true }), stateBytesFor('bf16'), false, false);
};

describe('activations per rank', () => {
  it('1F1B, pp 4, 16 micro-batches, 8 layers a rank: ranks hold 4, 3, 2 and 1 micro-batches (p − r)', () => {
    const a = memory(llama8b, 'Et*8|t*8|t*8|t*8L', 4, 16).map((m) => m.activations);
    expect(a.map((x) => x / a[3]!)).toEqual([4, 3, 2, 1]);
  });
  it('fewer micro-batches than ranks: the first rank holds what there is (memory.ts inFlightFactor), the last one', () => {
    const a = memory(llama8b, 'Et*8|t*8|t*8|t*8L', 4, 2).map((m) => m.activations);
    expect(a.map((x) => x / a[3]!)).toEqual([2, 2 - 1 / 3, 2 - 2 / 3, 1]);
  });
  it('an uneven layout: a rank\'s activations follow its own layers', () => {
    const a = memory(llama8b, 'Et*2|t*10|t*10|t*10L', 4, 16).map((m) => m.activations);
    expect(a.map((x) => x / a[3]!)).toEqual([(4 * 2) / 10, 3, 2, 1]);
  });
});

describe('the embedding and logits buffers', () => {
  it('the embedding buffer on E\'s rank, the logits on L\'s and on the MTP module\'s, one head pass each', () => {
    const [first, middle, mtpRank, last] = memory(mtp, 'Et*4|t*4|m|L', 4, 16);
    expect(first!.embeddingAndLogits).toBeGreaterThan(0);
    expect(middle!.embeddingAndLogits).toBe(0);
    expect(mtpRank!.embeddingAndLogits).toBeGreaterThan(0);
    expect(mtpRank!.embeddingAndLogits).toBeCloseTo(last!.embeddingAndLogits, 6);
  });
});

// Planner leftovers: in zb-v's V rank 0 holds the first and the last chunk and rank pp − 1 the V's turn, two middle
// chunks; the memory line named them "first stage" and "last stage" (Megatron-Core's placement, where rank pp − 1 holds
// the last chunk). Fails on the old code.
describe('the stage a rank\'s memory is named by', () => {
  it.each([
    // [rank, pp, both ends on rank 0 (zb-v's V, DualPipe), the stage]
    [0, 4, false, 'first'],
    [3, 4, false, 'last'],
    [1, 4, false, 'middle'],
    [0, 4, true, 'ends'],
    [3, 4, true, 'middle'],
    [1, 4, true, 'middle'],
    [0, 1, false, 'first'],
    [0, 1, true, 'first'],
  ] as const)('rank %i of %i, both ends on rank 0: %s, %s', (rank, pp, bothEnds, stage) => {
    expect(stageOfRank(rank, pp, bothEnds)).toBe(stage);
  });
  it.each([
    [{ stage: 'first' as const }, 'first stage'],
    [{ stage: 'middle' as const, rank: 2 }, 'middle stage, pipeline rank 2'],
    [{ stage: 'ends' as const }, 'rank holding the first and last stages'],
    [{ stage: 'ends' as const, rank: 0 }, 'rank holding the first and last stages, pipeline rank 0'],
  ])('%o: "%s"', (m, text) => {
    expect(stageText(m)).toBe(text);
  });
  it('zb-v, pp 2, the V\'s two middle chunks the largest: rank 1, a middle stage; rank 0 holding both ends', () => {
    const l = layout({ tp: 1, pp: 2, dp: 4, schedule: 'zb-v', virtualStages: 2, pipelineLayout: 'Et*4|t*12|t*12|t*4L' });
    const inp = { arch: llama8b, layout: l, seqLen: llama8b.seqLen, globalBatchSequences: 64, capacityBytes: 80e9, flashAttention: true, stateBytes: stateBytesFor('bf16') };
    expect(estimateLayoutMemory(inp)).toMatchObject({ stage: 'middle', rank: 1 });
    const ends = layout({ ...l, pipelineLayout: 'Et*12|t*4|t*4|t*12L' });
    expect(estimateLayoutMemory({ ...inp, layout: ends })).toMatchObject({ stage: 'ends', rank: 0 });
  });
});
