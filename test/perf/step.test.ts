import { describe, expect, it } from 'vitest';
import { evaluateLayout, runContext } from '../../src/perf/evaluate.js';
import { predict } from '../../src/perf/predict.js';
import { InputError } from '../../src/input/errors.js';
import { allGatherSeconds, allReduceSeconds, linkFor, reduceScatterSeconds, type Link } from '../../src/perf/network.js';
import { stageParams } from '../../src/perf/memory.js';
import { arch, gpt3, korthikanti, layout, loadProfile, modelledSeconds } from './helpers.js';

const a100 = loadProfile('a100-sxm4-80gb');
const h100 = loadProfile('h100-sxm');
const moe = arch({ layers: 8, d_model: 2048, heads: 16, kv_heads: 4, d_ff: 8192, ffn: 'swiglu', norm: 'rmsnorm', position: 'rotary', vocab: 32000, seq_len: 4096, moe: { experts: 16, top_k: 2, d_ff_expert: 1024 } }, 'moe');

describe('step-time breakdown', () => {
  const cases = [
    ['GPT-3, tp8 pp8 dp16 interleaved, ZeRO-1', gpt3, a100, 1024, 1536, layout({ tp: 8, pp: 8, dp: 16, schedule: 'interleaved', virtualStages: 2, zeroStage: 1, sequenceParallel: true, recompute: 'selective' })],
    ['GPT-3, ZeRO-3 full recompute', gpt3, h100, 512, 512, layout({ tp: 8, pp: 4, dp: 16, zeroStage: 3, recompute: 'full', microBatch: 2 })],
    ['MoE with ep and cp', moe, h100, 64, 64, layout({ tp: 2, dp: 16, cp: 2, ep: 8, microBatch: 1 })],
  ] as const;
  it.each(cases)('%s: parts sum to the step time; MFU ≤ HFU < 1', (_, m, hw, n, B, l) => {
    const e = evaluateLayout(runContext(m, hw, { globalBatchSequences: B, gpuCount: n }), l);
    const p = e.prediction;
    const b = p.breakdown;
    expect(b.computeSeconds + b.memoryBoundSeconds + b.exposedCommSeconds + b.bubbleSeconds + b.optimizerSeconds + b.calibrationSeconds).toBeCloseTo(p.stepTimeSeconds, 9);
    // the unexplained part is the family's scale applied to the modelled time
    expect(modelledSeconds(p) / p.stepTimeSeconds).toBeCloseTo(hw.vendor === 'NVIDIA' ? 0.9447 : 1, 12);
    const c = p.comm;
    expect(c.tensorParallel + c.pipelineP2p + c.dataParallel + c.expertAllToAll + c.contextParallel).toBeCloseTo(b.exposedCommSeconds, 9);
    expect(p.mfu).toBeGreaterThan(0);
    expect(p.mfu).toBeLessThanOrEqual(p.hfu);
    expect(p.hfu).toBeLessThan(1);
    expect(p.tokensPerSecond).toBeCloseTo((B * m.seqLen) / p.stepTimeSeconds, 6);
  });

  it('bubble = (p−1)/(v·m) of the ideal time (Narayanan §2.2)', () => {
    const ctx = runContext(gpt3, a100, { globalBatchSequences: 64, gpuCount: 64 });
    for (const [pp, v] of [[8, 1], [8, 2], [4, 3]] as const) {
      const l = layout({ tp: 8, pp, dp: 8 / pp, schedule: v > 1 ? 'interleaved' : '1f1b', virtualStages: v });
      const p = evaluateLayout(ctx, l).prediction;
      const m = p.microBatches;
      const ideal = p.breakdown.computeSeconds + p.breakdown.memoryBoundSeconds + p.comm.tensorParallel;
      expect(p.breakdown.bubbleSeconds).toBeCloseTo(((pp - 1) / (v * m)) * ideal, 9);
    }
  });

  it.each([
    // ZeRO-1, bf16: reduce-scatter of fp32 gradients (Megatron reduces bf16 gradients in fp32) + all-gather of bf16 weights.
    ['bf16, ZeRO-1', 'bf16', 1, (P: number, link: Link) => reduceScatterSeconds(4 * P, 16, link) + allGatherSeconds(2 * P, 16, link)],
    // ZeRO-0, fp16 (Megatron-LM 2021): a ring all-reduce of the fp16 gradients.
    ['fp16, ZeRO-0', 'fp16', 0, (P: number, link: Link) => allReduceSeconds(2 * P, 16, link)],
    // ZeRO-2: sharded gradients are reduce-scattered every micro-batch (m = 1536 / (1 × 16) = 96), the weights gathered once.
    ['bf16, ZeRO-2', 'bf16', 2, (P: number, link: Link) => 96 * reduceScatterSeconds(4 * P, 16, link) + allGatherSeconds(2 * P, 16, link)],
  ] as const)('gradient reduction after the pipeline flush (Megatron-LM 2021, DeepSpeed pipeline engine) is exposed in full: %s', (_, precision, zeroStage, expected) => {
    // GPT-3 on 1,024 A100, tp8 pp8 dp16: once per step over the stage's 16 data-parallel ranks, which span nodes (stride tp = 8).
    const l = layout({ tp: 8, pp: 8, dp: 16, zeroStage, recompute: 'full' });
    const after = runContext(gpt3, a100, { globalBatchSequences: 1536, gpuCount: 1024, precision, overlapGradReduce: false });
    const under = runContext(gpt3, a100, { globalBatchSequences: 1536, gpuCount: 1024, precision });
    const p = stageParams(gpt3, l);
    const worst = p.first.dense >= p.last.dense ? p.first : p.last;
    const once = expected(worst.dense, linkFor(after.mc.network, 8, 16));
    const a = evaluateLayout(after, l).prediction;
    const u = evaluateLayout(under, l).prediction;
    expect(a.comm.dataParallel).toBeCloseTo(once, 12);
    expect(u.comm.dataParallel).toBeLessThan(once); // the backward window hides some or all of it
    expect(modelledSeconds(a) - modelledSeconds(u)).toBeCloseTo(once - u.comm.dataParallel, 9);
  });

  it.each([
    ['bf16: fp32 accumulator, ZeRO-1 (whole gradients)', 'bf16', 1, 2 + 2 * 4, 1],
    ['fp16: fp16 accumulator', 'fp16', 1, 2 + 2 * 2, 1],
    ['bf16, ZeRO-2: each rank accumulates its gradient shard', 'bf16', 2, 2 + 2 * 4, 16],
  ] as const)('unfused gradient accumulation (Megatron-LM 2021 hook, DeepSpeed): %s', (_, precision, zeroStage, bytes, shards) => {
    // Per micro-batch: read the new 16-bit gradient, read and write the accumulator, at achievable HBM bandwidth.
    const l = layout({ tp: 8, pp: 8, dp: 16, zeroStage, recompute: 'full' });
    const ctx = (fused: boolean) => runContext(gpt3, a100, { globalBatchSequences: 1536, gpuCount: 1024, precision, gradAccumulationFusion: fused });
    const unfused = evaluateLayout(ctx(false), l).prediction;
    const fused = evaluateLayout(ctx(true), l).prediction;
    const p = stageParams(gpt3, l);
    const worst = p.first.dense >= p.last.dense ? p.first : p.last;
    const perMicroBatch = (bytes * worst.dense / shards) / (a100.memoryBandwidthBytesPerSecond * 0.85);
    expect(unfused.breakdown.memoryBoundSeconds - fused.breakdown.memoryBoundSeconds).toBeCloseTo(unfused.microBatches * perMicroBatch, 9);
    // It is work inside every micro-batch, so the bubble grows with it: (p−1)/m of it.
    expect(unfused.breakdown.bubbleSeconds - fused.breakdown.bubbleSeconds).toBeCloseTo(7 * perMicroBatch, 9);
  });

  it('predict: a complete impossible layout is an InputError; a partial one is planned', () => {
    expect(() => predict(gpt3, a100, { globalBatchSequences: 64, gpuCount: 64, partialLayout: layout({ tp: 5, pp: 8, dp: 1 }) })).toThrow(InputError);
    const r = predict(gpt3, a100, { globalBatchSequences: 1536, gpuCount: 1024, partialLayout: { tp: 8 } });
    expect(r.layout.tp).toBe(8);
    expect(r.memory.fits).toBe(true);
    expect(r.alternativesEvaluated).toBeGreaterThan(1000);
  });
});

/**
 * Korthikanti et al. 2022 Table 5 / Figure 8 iteration times on A100 (Calculon's validation set:
 * 3.65% mean, 8.87% worst). Achieved: mean 1.8%, worst 3.5% (530B full recompute +3.5%).
 */
describe('Korthikanti iteration times', () => {
  const rows = [
    ['22B', 48, 6144, 64, 8, 1, 4, 4, 1.42, 1.10],
    ['175B', 96, 12288, 96, 8, 8, 64, 1, 18.13, 13.75],
    ['530B', 105, 20480, 128, 8, 35, 280, 1, 49.05, 37.83],
    ['1T', 128, 25600, 160, 8, 64, 512, 1, 94.42, 71.49],
  ] as const;
  const errors: number[] = [];
  for (const [name, L, h, a, tp, pp, B, b, full, sel] of rows) {
    const ctx = runContext(korthikanti(L, h, a), a100, { globalBatchSequences: B, gpuCount: tp * pp, flashAttention: false });
    for (const [rc, sp, t] of [['full', false, full], ['selective', true, sel]] as const) {
      const p = evaluateLayout(ctx, layout({ tp, pp, microBatch: b, sequenceParallel: sp, recompute: rc })).prediction;
      // The step model before the NVIDIA throughput scale, which moves every one of these 5.9% slower.
      errors.push(modelledSeconds(p) / t - 1);
      it(`${name} ${rc}: ${t} s within 4% (the step model)`, () => expect(Math.abs(modelledSeconds(p) / t - 1)).toBeLessThan(0.04));
    }
  }
  it('mean and worst absolute error at least as good as Calculon (3.65% / 8.87%; achieved 1.8% / 3.5%)', () => {
    const abs = errors.map(Math.abs);
    expect(abs.reduce((x, y) => x + y, 0) / abs.length).toBeLessThan(0.02);
    expect(Math.max(...abs)).toBeLessThan(0.036);
  });
});

describe('overlapped data-parallel traffic: exposed edges and the SMs it holds', () => {
  const small = arch({ layers: 32, d_model: 4096, heads: 32, kv_heads: 8, d_ff: 14336, ffn: 'swiglu', norm: 'rmsnorm', position: 'rotary', vocab: 128256, seq_len: 8192 }, '8b');
  const ctx = runContext(small, h100, { globalBatchSequences: 32, gpuCount: 8 });
  const link = linkFor(ctx.mc.network, 1, 8);
  const f = ctx.mc.calibration.overlapSmFraction;
  it('the stolen share is DeepSeek-V3\'s 20 of 132 SMs', () => expect(f).toBeCloseTo(20 / 132, 12));
  it('FSDP: one layer\'s gather and reduce-scatter per micro-batch are exposed, the rest costs its share of SMs', () => {
    const l = layout({ dp: 8, zeroStage: 3 });
    const e = evaluateLayout(ctx, l).prediction;
    const p = stageParams(small, l).last;
    const perMb = 2 * allGatherSeconds(2 * p.dense, 8, link) + reduceScatterSeconds(4 * p.dense, 8, link);
    const edge = allGatherSeconds(2 * p.layerMax, 8, link) + reduceScatterSeconds(4 * p.layerMax, 8, link);
    expect(e.comm.dataParallel).toBeCloseTo(e.microBatches * (edge + f * (perMb - edge)), 9);
  });
  it('DDP (ZeRO 0): the last 40M-parameter bucket\'s all-reduce is exposed', () => {
    const l = layout({ dp: 8, zeroStage: 0 });
    const e = evaluateLayout(ctx, l).prediction;
    const p = stageParams(small, l).last;
    const all = allReduceSeconds(4 * p.dense, 8, link);
    const edge = allReduceSeconds(4 * 4e7, 8, link);
    expect(e.comm.dataParallel).toBeCloseTo(edge + f * (all - edge), 9);
  });
  // fixes26: a shard group of one rank (HSDP of shard size 1) shards nothing (layout.ts shardsNothing): every ZeRO stage
  // runs DDP's one all-reduce a step. The old code all-reduced every micro-batch under ZeRO-2/3 (shardedReduceScatterSeconds
  // over groups of one) and, under ZeRO-1, left no bucket exposed (a reduce-scatter and gather over one rank): each fails there.
  it.each([1, 2, 3] as const)('shard_group 1 at dp 8, ZeRO-%i: DDP\'s all-reduce, the last bucket exposed', (zeroStage) => {
    const l = layout({ dp: 8, zeroStage, shardGroup: 1 });
    const e = evaluateLayout(ctx, l).prediction;
    const all = allReduceSeconds(4 * stageParams(small, l).last.dense, 8, link);
    const edge = allReduceSeconds(4 * 4e7, 8, link);
    expect(e.comm.dataParallel).toBeCloseTo(edge + f * (all - edge), 9);
  });
  // Across two 8-GPU domains the all-reduce takes the scale-out link: it was charged at the one-rank group's (scale-up).
  it('shard_group 1 at dp 16 on two domains: the all-reduce on the scale-out link', () => {
    const c16 = runContext(small, h100, { globalBatchSequences: 32, gpuCount: 16, overlapGradReduce: false });
    const l = layout({ dp: 16, zeroStage: 1, shardGroup: 1 });
    const out = linkFor(c16.mc.network, 1, 16);
    expect(out).toBe(c16.mc.network.scaleOut);
    expect(evaluateLayout(c16, l).prediction.comm.dataParallel).toBeCloseTo(allReduceSeconds(4 * stageParams(small, l).last.dense, 16, out), 9);
  });
  it('not overlapped (Megatron-LM 2021): all of it, and no stolen SMs', () => {
    const l = layout({ dp: 8, zeroStage: 0 });
    const e = evaluateLayout(runContext(small, h100, { globalBatchSequences: 32, gpuCount: 8, overlapGradReduce: false }), l).prediction;
    expect(e.comm.dataParallel).toBeCloseTo(allReduceSeconds(4 * stageParams(small, l).last.dense, 8, link), 9);
  });
});

describe('FP8 parameter gather (Megatron --fp8-param-gather): the layers\' weights gathered in 1 byte, the embedding and head in 2', () => {
  const small = arch({ layers: 32, d_model: 4096, heads: 32, kv_heads: 8, d_ff: 14336, ffn: 'swiglu', norm: 'rmsnorm', position: 'rotary', vocab: 128256, seq_len: 8192 }, '8b');
  const args = { globalBatchSequences: 64, gpuCount: 64, gemmPrecision: 'fp8', overlapGradReduce: false } as const;
  it('ZeRO-1 after the flush: reduce-scatter of fp32 gradients + all-gather of 1-byte layer weights and 2-byte embedding/head', () => {
    const l = layout({ dp: 64, zeroStage: 1, recompute: 'selective' });
    const ctx = runContext(small, h100, { ...args, fp8ParamGather: true });
    const link = linkFor(ctx.mc.network, 1, 64);
    // The parameters outside the layers, counted here from the shapes: the untied input embedding and output head, V·h each.
    const outside = 2 * 128256 * 4096;
    const P = stageParams(small, l).last.dense;
    const expected = reduceScatterSeconds(4 * P, 64, link) + allGatherSeconds(1 * (P - outside) + 2 * outside, 64, link);
    expect(evaluateLayout(ctx, l).prediction.comm.dataParallel).toBeCloseTo(expected, 12);
    const without = evaluateLayout(runContext(small, h100, args), l).prediction.comm.dataParallel;
    expect(without).toBeCloseTo(reduceScatterSeconds(4 * P, 64, link) + allGatherSeconds(2 * P, 64, link), 12);
  });
  it('refused without FP8 GEMMs: the run context ignores it (the schema refuses it at the key)', () => {
    const l = layout({ dp: 64, zeroStage: 1, recompute: 'selective' });
    const bf16 = { ...args, gemmPrecision: 'bf16' } as const;
    expect(evaluateLayout(runContext(small, h100, { ...bf16, fp8ParamGather: true }), l).prediction).toEqual(evaluateLayout(runContext(small, h100, bf16), l).prediction);
  });
});
