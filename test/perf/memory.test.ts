import { describe, expect, it } from 'vitest';
import { activationBytesPerLayer } from '../../src/perf/activations.js';
import { estimateMemory, inFlightFactor, modelStateBytes, stageParams, stateBytesFor } from '../../src/perf/memory.js';
import { memoryTotalBytes } from '../../src/perf/memoryTotal.js';
import { estimateLayoutMemory } from '../../src/perf/layoutMemory.js';
import { loadModel } from '../../src/cli/load/model.js';
import { arch, gpt3, layout } from './helpers.js';

/** ZeRO's own assumption for its Figure 1: fp16 weights and gradients, K = 12 (Rajbhandari et al. 2020 §3.1). */
const ZERO_K12 = { weights: 2, gradients: 2, optimizer: 12, computeWeights: 2 };
const BF16 = stateBytesFor('bf16');

describe('model states (ZeRO Figure 1: Ψ = 7.5B, N_d = 64, K = 12)', () => {
  it.each([
    [0, 120.0], [1, 31.41], [2, 16.64], [3, 1.875],
  ] as const)('stage %i -> %f GB', (stage, gb) => {
    const m = modelStateBytes(7.5e9, 64, stage, ZERO_K12);
    expect((m.weights + m.gradients + m.optimizer) / 1e9).toBeCloseTo(gb, 1);
  });
});

describe('model states (Megatron-LM docs dist_optimizer.md: bytes per parameter, d = 8)', () => {
  it.each([
    ['fp16', 20, 4 + 16 / 8], ['bf16', 18, 6 + 12 / 8], ['fp32', 16, 8 + 8 / 8],
  ] as const)('%s: %f non-distributed, %f distributed', (precision, plain, distributed) => {
    const b = stateBytesFor(precision);
    const sum = (m: { weights: number; gradients: number; optimizer: number }) => m.weights + m.gradients + m.optimizer;
    expect(sum(modelStateBytes(1, 8, 0, b))).toBeCloseTo(plain, 12);
    expect(sum(modelStateBytes(1, 8, 1, b))).toBeCloseTo(distributed, 12); // the distributed optimizer is ZeRO-1
  });
});

describe('activations per layer (Korthikanti Table 2, GPT-3: s 2048, b 1, h 12288, a 96)', () => {
  const GiB = 2 ** 30;
  const total = (l: Parameters<typeof activationBytesPerLayer>[1]) => activationBytesPerLayer(gpt3, l, { seqLen: 2048, microBatch: 1, flashAttention: false });
  it.each([
    ['no parallelism sbh(34 + 80) × 96', { tp: 1, cp: 1, sequenceParallel: false, recompute: 'none' }, 'stored', 256.5],
    ['TP 8: 51.75 GiB', { tp: 8, cp: 1, sequenceParallel: false, recompute: 'none' }, 'stored', 51.75],
    ['TP + SP: 32.06 GiB', { tp: 8, cp: 1, sequenceParallel: true, recompute: 'none' }, 'stored', 32.06],
    ['TP + SP + selective: 9.56 GiB', { tp: 8, cp: 1, sequenceParallel: true, recompute: 'selective' }, 'stored', 9.56],
    ['full recompute 2sbhL: 4.5 GiB', { tp: 8, cp: 1, sequenceParallel: false, recompute: 'full' }, 'checkpoint', 4.5],
  ] as const)('%s', (_, l, key, gib) => {
    expect((total(l)[key] * 96) / GiB).toBeCloseTo(gib, 2);
  });
  it('flash attention drops the s² term', () => {
    const a = activationBytesPerLayer(gpt3, { tp: 1, cp: 1, sequenceParallel: false, recompute: 'none' }, { seqLen: 2048, microBatch: 1, flashAttention: true });
    expect(a.stored / (2048 * 12288)).toBeCloseTo(34 + (4 * 96) / 12288, 3);
  });
});

describe('routed-expert activations at the load of the rank', () => {
  // The slowest rank (or every rank, when experts are padded to capacity) holds load × the balanced
  // routed rows: the same bytes as a model routing load × top-k experts per token, counted independently.
  const moe = (topK: number) => arch({ layers: 4, d_model: 2048, heads: 16, kv_heads: 4, d_ff: 8192, ffn: 'swiglu', norm: 'rmsnorm', position: 'rotary', vocab: 32000, seq_len: 4096, moe: { experts: 128, top_k: topK, d_ff_expert: 768 } }, `top-${topK}`);
  const l = { tp: 1, cp: 1, sequenceParallel: false, recompute: 'none' } as const;
  const shape = { seqLen: 4096, microBatch: 2, flashAttention: true };
  it.each([[2, 8, 16], [1.5, 4, 6], [1, 8, 8]] as const)('load %f of top-%i = top-%i at load 1', (load, k, same) => {
    expect(activationBytesPerLayer(moe(k), l, { ...shape, moeLoadFactor: load }).stored).toBe(activationBytesPerLayer(moe(same), l, shape).stored);
  });
  it('a dense model does not change', () => {
    expect(activationBytesPerLayer(gpt3, l, { ...shape, moeLoadFactor: 2 }).stored).toBe(activationBytesPerLayer(gpt3, l, shape).stored);
  });
});

describe('FP8 layer weights (fp8_param_gather): 1 byte a layer weight, the embedding 2', () => {
  it('GPT-3 on one stage: the weights shrink by the parameters outside the embedding, counted from the shapes', () => {
    const l = layout({ tp: 8, pp: 1, dp: 16, zeroStage: 1 });
    const at = (sb: typeof BF16) => estimateMemory({ arch: gpt3, layout: l, seqLen: 2048, globalBatchSequences: 1024, capacityBytes: 80e9, flashAttention: true, stateBytes: sb }).breakdown.weights;
    // GPT-3 175B: 96 layers of 12h² + 13h parameters (Narayanan et al. 2021 eq. 2 without the embedding), split over tp 8.
    const h = 12288;
    const layers = 96 * (12 * h * h + 13 * h);
    // To a millionth: the final norm (2h) sits below it.
    expect((at(BF16) - at(stateBytesFor('bf16', {}, true))) / ((1 * layers) / 8)).toBeCloseTo(1, 6);
  });
});

describe('pipeline memory', () => {
  it.each([
    [layout({ pp: 8 }), 64, 8], [layout({ pp: 8 }), 4, 4],
    [layout({ pp: 4, schedule: 'interleaved', virtualStages: 2 }), 16, 4 * (1 + 3 / 8)],
  ])('in-flight factor %#', (l, m, f) => expect(inFlightFactor(l, m)).toBeCloseTo(f, 12));

  it.each([['16-bit weights', BF16], ['FP8 layer weights (fp8_param_gather)', stateBytesFor('bf16', {}, true)]] as const)('the planner total equals the estimate, and overflow names the largest part: %s', (_, sb) => {
    for (const l of [layout({ tp: 8, pp: 8, dp: 16, zeroStage: 1 }), layout({ tp: 4, pp: 2, dp: 128, zeroStage: 3, recompute: 'full' }), layout({ tp: 8, pp: 16, dp: 8, sequenceParallel: true, recompute: 'selective', schedule: 'interleaved', virtualStages: 3 }), layout({ tp: 8, pp: 8, dp: 16, zeroStage: 1, schedule: 'dualpipe' }),
      layout({ tp: 8, pp: 8, dp: 16, zeroStage: 1, schedule: 'zb-v', virtualStages: 2 }), layout({ tp: 4, pp: 4, dp: 64, zeroStage: 3, schedule: 'zb-v', virtualStages: 2, recompute: 'selective' })]) {
      const est = estimateMemory({ arch: gpt3, layout: l, seqLen: 2048, globalBatchSequences: 1024, capacityBytes: 80e9, flashAttention: true, stateBytes: sb });
      const act = activationBytesPerLayer(gpt3, l, { seqLen: 2048, microBatch: l.microBatch, flashAttention: true });
      const p = stageParams(gpt3, l);
      expect(memoryTotalBytes(gpt3, l, 2048, 1024 / (l.microBatch * l.dp), act, p.first, p.last, sb)).toBeCloseTo(est.total, 0);
      const parts = Object.values(est.breakdown).reduce((a, b) => a + b, 0);
      expect(parts).toBeCloseTo(est.total, 0);
    }
    const big = estimateMemory({ arch: gpt3, layout: layout({ dp: 1 }), seqLen: 2048, globalBatchSequences: 1, capacityBytes: 80e9, flashAttention: true, stateBytes: BF16 });
    expect(big.fits).toBe(false);
    expect(big.overflow?.largest).toBe('optimizer');
    expect(big.overflow!.bytes).toBeCloseTo(big.total - 80e9, 0);
  });
});

// zb-v's V (Qi et al. 2024, ZB-V): rank k holds chunks k and 2pp − 1 − k, so rank 0 holds the embedding, the head,
// the MTP modules and their buffers, and every rank the first rank's micro-batches in flight. The even split (no
// pipeline layout) must be sized as the same split written out, which layoutMemory.ts sizes rank by rank.
describe('zb-v without a pipeline layout: sized as the V written out', () => {
  const vLayout = (layers: number, pp: number, mtp: number): string =>
    Array.from({ length: 2 * pp }, (_, k) => `${k === 0 ? 'E' : ''}t*${layers / (2 * pp)}${k === 2 * pp - 1 ? `${'m'.repeat(mtp)}L` : ''}`).join('|');
  const mtp = arch({ layers: 16, d_model: 2048, heads: 16, d_ff: 8192, vocab: 128256, seq_len: 4096, tied_embeddings: false, mtp: { depth: 1 } }, 'mtp-16');
  const llama8b = loadModel('llama-3-8b');
  it.each([
    // The sweep's repro: flopcast plan --model llama-3-8b --count 8 --global-batch 64 --pp 8 --schedule zb-v --zero 0 --micro-batch 1.
    ['Llama 3 8B, pp 8, ZeRO 0', llama8b, layout({ pp: 8, dp: 1 }), 64, BF16],
    ['GPT-3 175B, tp 8 pp 8, ZeRO-1, FP8 layer weights', gpt3, layout({ tp: 8, pp: 8, dp: 16, zeroStage: 1, sequenceParallel: true, recompute: 'selective' }), 1024, stateBytesFor('bf16', {}, true)],
    ['an MTP model, pp 4, ZeRO-3, full recomputation', mtp, layout({ pp: 4, dp: 4, zeroStage: 3, recompute: 'full' }), 64, BF16],
  ] as const)('%s', (_, a, l, batch, sb) => {
    const v = { ...l, schedule: 'zb-v', virtualStages: 2 } as const;
    const inp = { arch: a, seqLen: a.seqLen, globalBatchSequences: batch, capacityBytes: 80e9, flashAttention: true, stateBytes: sb };
    const even = estimateMemory({ ...inp, layout: v });
    const written = estimateLayoutMemory({ ...inp, layout: { ...v, pipelineLayout: vLayout(a.layers, l.pp, a.mtpDepth) } });
    expect(written.rank).toBe(0);
    expect(even.stage).toBe('ends'); // rank 0 holds both ends of the V
    expect(even.total).toBeCloseTo(written.total, 0);
    for (const k of Object.keys(even.breakdown) as (keyof typeof even.breakdown)[]) expect(even.breakdown[k]).toBeCloseTo(written.breakdown[k], 0);
    // The planner's sum (memoryBase and the model-state terms) of the same stage parameters.
    const act = activationBytesPerLayer(a, v, { seqLen: a.seqLen, microBatch: v.microBatch, flashAttention: true });
    const p = stageParams(a, v);
    expect(memoryTotalBytes(a, v, a.seqLen, batch / (v.microBatch * v.dp), act, p.first, p.last, sb)).toBeCloseTo(even.total, 0);
  });
});

// Where ZeRO shards nothing (layout.ts shardsNothing: dp·cp 1, and on an MoE model no expert-data-parallel ranks) one rank
// holds every weight whole, so ZeRO-3 gathers nothing: PyTorch FSDP runs NO_SHARD on a world of one rank "since they are
// currently functionally equivalent" (torch/distributed/fsdp/_init_utils.py _init_core_state). Its memory is ZeRO-0's,
// as its states and step time are; the old code still charged two layers' gathered weights.
describe('ZeRO-3 with no rank to shard over: no gather buffer', () => {
  const moe = arch({ layers: 8, d_model: 2048, heads: 16, kv_heads: 4, d_ff: 8192, ffn: 'swiglu', norm: 'rmsnorm', position: 'rotary', vocab: 32000, seq_len: 4096, moe: { experts: 16, top_k: 2, d_ff_expert: 1408 } }, 'moe-16');
  const totals = (a: typeof gpt3, l: ReturnType<typeof layout>, batch: number) => {
    const inp = { arch: a, seqLen: 2048, globalBatchSequences: batch, capacityBytes: 1e15, flashAttention: true, stateBytes: BF16 };
    const est = estimateMemory({ ...inp, layout: l });
    const act = activationBytesPerLayer(a, l, { seqLen: 2048, microBatch: l.microBatch, flashAttention: true });
    const p = stageParams(a, l);
    return { est, planner: memoryTotalBytes(a, l, 2048, batch / (l.microBatch * l.dp), act, p.first, p.last, BF16) };
  };
  it.each([
    ['GPT-3 175B, tp 8 pp 8, dp 1', gpt3, { tp: 8, pp: 8, dp: 1 }],
    ['GPT-3 175B, tp 8 pp 8, dp 1, zb-v', gpt3, { tp: 8, pp: 8, dp: 1, schedule: 'zb-v', virtualStages: 2 }],
    ['an MoE model, tp 2, ep 2 etp 1 (ep·etp = tp: no expert-data-parallel ranks)', moe, { tp: 2, ep: 2, etp: 1 }],
    // fixes26: HSDP of shard size 1 (FSDP1 clamps it to NO_SHARD, torchtitan runs DDP). Fails on the old code (two layers' gather buffer).
    ['GPT-3 175B, tp 8 pp 8, dp 8, shard_group 1', gpt3, { tp: 8, pp: 8, dp: 8, shardGroup: 1 }],
  ] as const)('%s: ZeRO-3 needs what ZeRO-0 does', (_, a, l) => {
    const zero0 = totals(a, layout({ ...l, zeroStage: 0 }), 64);
    const zero3 = totals(a, layout({ ...l, zeroStage: 3 }), 64);
    expect(zero3.est.breakdown.workspace).toBe(zero0.est.breakdown.workspace);
    expect(zero3.est.total).toBeCloseTo(zero0.est.total, 0);
    expect(zero3.planner).toBeCloseTo(zero0.planner, 0);
  });
  // fp32 weights, the only copy (FSDP2's default, torchtitan): ZeRO-2 (and ZeRO-3 held as ZeRO-1 under pipelining,
  // stateZeroStage) keeps a 16-bit gathered copy beside the sharded fp32 weights (layout.ts heldStateBytes). With no rank
  // to shard over there is no gather: FSDP runs NO_SHARD, and torchtitan does not wrap the model at all, casting each
  // GEMM's weights under autocast (the 4 bytes a parameter ZeRO-0 holds). The old code held 2 + 4 bytes at ZeRO-2.
  it.each([
    ['GPT-3 175B, tp 8, dp 1, ZeRO-2', gpt3, { tp: 8, dp: 1, zeroStage: 2 }, false],
    ['GPT-3 175B, tp 8 pp 8, dp 1, ZeRO-3 held as ZeRO-1 under pipelining', gpt3, { tp: 8, pp: 8, dp: 1, zeroStage: 3 }, true],
    ['GPT-3 175B, tp 8 pp 8, dp 1, ZeRO-2 with the per-step sharding', gpt3, { tp: 8, pp: 8, dp: 1, zeroStage: 2 }, true],
    // fixes26: shard_group 1 at dp 8 held the 16-bit copy too (fails on the old code).
    ['GPT-3 175B, tp 8, dp 8, shard_group 1, ZeRO-2', gpt3, { tp: 8, dp: 8, shardGroup: 1, zeroStage: 2 }, false],
  ] as const)('fp32 weights, %s: what ZeRO-0 needs', (_, a, l, perStep) => {
    const sb = stateBytesFor('bf16', { weights: 'fp32' });
    const at = (zeroStage: 0 | 2 | 3) => {
      const ly = layout({ ...l, zeroStage });
      const est = estimateMemory({ arch: a, layout: ly, seqLen: 2048, globalBatchSequences: 64, capacityBytes: 1e15, flashAttention: true, stateBytes: sb, shardingPerStepUnderPp: perStep });
      const act = activationBytesPerLayer(a, ly, { seqLen: 2048, microBatch: 1, flashAttention: true });
      const p = stageParams(a, ly);
      return { est, planner: memoryTotalBytes(a, ly, 2048, 64, act, p.first, p.last, sb, perStep) };
    };
    const zero0 = at(0);
    const held = at(l.zeroStage);
    // 4 bytes a weight, counted from the parameters: GPT-3's per-GPU share on the first stage.
    const p = stageParams(a, layout({ ...l, zeroStage: 0 })).first;
    expect(held.est.breakdown.weights / (4 * p.dense)).toBeCloseTo(1, 9);
    expect(held.est.total).toBeCloseTo(zero0.est.total, 0);
    expect(held.planner).toBeCloseTo(zero0.planner, 0);
  });
  it('a pipeline layout, sized rank by rank (layoutMemory.ts): Llama 3 8B, pp 2, dp 1', () => {
    const a = loadModel('llama-3-8b');
    const at = (zeroStage: 0 | 3) => estimateLayoutMemory({ arch: a, seqLen: 2048, globalBatchSequences: 64, capacityBytes: 1e15, flashAttention: true, stateBytes: BF16, layout: layout({ pp: 2, zeroStage, pipelineLayout: 'Et*16|t*16L' }) });
    expect(at(3).breakdown.workspace).toBe(at(0).breakdown.workspace);
    expect(at(3).total).toBeCloseTo(at(0).total, 0);
  });
  it('the MoE model with expert-data-parallel ranks (tp 2, ep 1, etp 1: experts sharded over 2) keeps the buffer: two layers\' 16-bit weights', () => {
    const l = { tp: 2, ep: 1, etp: 1 } as const;
    const zero0 = totals(moe, layout({ ...l, zeroStage: 0 }), 64);
    const zero3 = totals(moe, layout({ ...l, zeroStage: 3 }), 64);
    // The largest layer's parameters per GPU, counted from the shapes: attention (q, o: h·h each; k, v: h·(h/4) each)
    // split over tp 2, the router (h × 16) whole, 16 experts of 3·h·1408 split over etp 1, and two RMSNorm weights (h each).
    const h = 2048;
    const layer = (2 * h * h + 2 * h * (h / 4)) / 2 + h * 16 + 16 * 3 * h * 1408 + 2 * h;
    expect((zero3.est.breakdown.workspace - zero0.est.breakdown.workspace) / (2 * 2 * layer)).toBeCloseTo(1, 2);
  });
});
