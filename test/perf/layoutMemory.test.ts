/**
 * Memory per rank with a pipeline layout (src/perf/layoutMemory.ts): activations in flight fall linearly
 * from rank 0 to rank p − 1, as Megatron-Core's 1F1B warm-up does (schedules.py get_pp_rank_microbatches:
 * p − rank − 1 warm-up micro-batches, so rank r holds p − r micro-batches' activations); the embedding and
 * logits buffers sit where E, L and the m are.
 */
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/cli/load/model.js';
import { activationBytesPerLayer } from '../../src/perf/activations.js';
import { rankMemory } from '../../src/perf/layoutMemory.js';
import { stateBytesFor } from '../../src/perf/memory.js';
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
