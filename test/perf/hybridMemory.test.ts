/**
 * A hybrid's stage parameters and stored activations (src/perf/hybridMemory.ts, activations.ts): the
 * stages add up to the model's exact count, the TP split is Megatron-Core's, and the activations follow
 * from the shapes.
 */
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/cli/load/model.js';
import { countParams } from '../../src/model/params.js';
import { activationBytesPerLayer } from '../../src/perf/activations.js';
import { hybridStageParamCounts } from '../../src/perf/hybridMemory.js';
import { estimateMemory, stateBytesFor } from '../../src/perf/memory.js';
import { stageParams } from '../../src/perf/stageParams.js';
import { arch, layout } from './helpers.js';

const nh8 = loadModel('nemotron-h-8b');
/** A small hybrid with every kind (test/model/hybrid.test.ts TINY), its head tied. */
const tiny = arch({
  layers: 4, d_model: 16, heads: 2, kv_heads: 1, d_ff: 32, vocab: 100, seq_len: 64, norm: 'rmsnorm', ffn: 'gelu', tied_embeddings: true,
  layer_pattern: 'M*-E', mamba: { heads: 4, head_dim: 8, state_size: 4, groups: 2, conv_kernel: 4, chunk_size: 16 },
  moe: { experts: 4, top_k: 2, d_ff_expert: 8, shared_experts: 1, d_ff_shared: 8, router_bias: true },
}, 'tiny');

describe('stage parameters add up to the exact count', () => {
  it.each([1, 2, 4, 13, 26])('Nemotron-H 8B, pp %i: the stages sum to 8,100,852,736 (the checkpoint\'s named_parameters)', (pp) => {
    const stages = hybridStageParamCounts(nh8, pp);
    expect(stages).toHaveLength(pp);
    expect(stages.reduce((a, b) => a + b, 0)).toBe(8_100_852_736);
  });
  it.each([1, 2, 4])('tiny (every kind, tied head), pp %i: the total, plus the tied copy on the last stage when pp > 1', (pp) => {
    const sum = hybridStageParamCounts(tiny, pp).reduce((a, b) => a + b, 0);
    expect(sum).toBe(countParams(tiny).total + (pp > 1 ? 100 * 16 : 0));
  });
});

describe('the TP split', () => {
  // Nemotron-H 8B, pp 1: every parameter split over tp but the 52 pre-norms and the final norm (53 × 4096
  // = 217,088, replicated on each rank): dense = (8,100,852,736 − 217,088)/tp + 217,088.
  it.each([1, 2, 4, 8])('tp %i', (tp) => {
    const p = stageParams(nh8, layout({ tp, dp: 8 / tp }));
    expect(p.last.dense).toBeCloseTo((8_100_852_736 - 217_088) / tp + 217_088, 3);
    expect(p.last.experts).toBe(0);
    expect(p.first).toBe(p.last);
  });
  it('pp 2: the embedding on the first stage, the head and final norm on the last, each stage its own 26 layers', () => {
    const p = stageParams(nh8, layout({ pp: 2 }));
    const emb = 131072 * 4096;
    expect(p.first.dense + p.last.dense).toBe(8_100_852_736);
    expect(p.first.outside).toBe(emb);
    expect(p.last.outside).toBe(emb);
    expect(p.last.dense - p.first.dense).toBe(4096); // the final norm: both stages hold 12 M, 2 *, 12 - layers
  });
  it('routed experts are split over ep·etp, the router and pre-norm replicated', () => {
    const p = stageParams(tiny, layout({ tp: 2, ep: 2, etp: 1, dp: 2 }));
    // 4 experts of 2·16·8 = 256 weights: 1024, over ep 2.
    expect(p.last.experts).toBe(512);
  });
});

describe('stored activations per layer kind, from the shapes', () => {
  // s 8192, b 1, tp 1, 16-bit linear inputs: every layer keeps its norm input 2h, its linear input 2h and a
  // 1-byte residual mask h: 5·4096 bytes a token.
  const shape = { seqLen: 8192, microBatch: 1, flashAttention: true };
  const a = activationBytesPerLayer(nh8, layout(), shape).hybrid!;
  const block = 8192 * 5 * 4096;
  it.each([
    // zxbcdt 2·18,560, out_x and the norm input 2·8192 each, rstd 4·8, out_proj input 2·8192
    ['mamba', block + 8192 * (2 * 18_560 + 4 * 8192 + 32 + 2 * 8192)],
    // Q, K 2·(4096 + 1024), V 2·1024, the projection input 2·4096, and flash attention's fp32 log-sum-exp 4·32 heads
    ['attention', block + 8192 * (2 * (4096 + 1024) + 2 * 1024 + 2 * 4096 + 4 * 32)],
    // squared ReLU (ffn: gelu, two matrices): the activation's input 2F and the second linear's 2F
    ['mlp', block + 8192 * 4 * 21504],
  ] as const)('%s', (kind, bytes) => {
    expect(a[kind].stored).toBe(bytes);
  });
  it('the memory estimate holds the first stage\'s own layers for the micro-batches in flight', () => {
    const sb = stateBytesFor('bf16');
    const mem = (pp: number) => estimateMemory({ arch: nh8, layout: layout({ pp, dp: 1 }), seqLen: 8192, globalBatchSequences: 8, capacityBytes: 80 * 2 ** 30, flashAttention: true, stateBytes: sb });
    // pp 2: 2 micro-batches in flight of 12 M, 2 *, 12 - layers, against 1 of all 52 at pp 1.
    const stage = 12 * a.mamba.stored + 2 * a.attention.stored + 12 * a.mlp.stored;
    expect(mem(2).stage === 'first' ? mem(2).breakdown.activations : NaN).toBe(2 * stage);
    expect(mem(1).breakdown.activations).toBe(2 * stage);
  });
});
