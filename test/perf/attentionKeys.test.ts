/**
 * Fused attention's rate by keys per query (perf/attentionKeys.ts), against the benchmarks the profiles'
 * curves were fitted to and one they were not, and the layer model charging exactly the curve.
 *
 * Target: a one-parameter curve per board and pass describes the rows of the mask the profile records
 * within 10% up to the keys where it is held (the spread between masks at equal keys on GB200 is 2–3%,
 * run-to-run noise in these benchmarks a few per cent), and a sliding window it was not fitted to
 * within 20% (the head-dim factor it also needs is carried from H100). Above the hold, where the
 * measured rates stop rising or fall, 15%: the curve does not model the fall.
 */
import { describe, expect, it } from 'vitest';
import { headDimFactors } from '../../src/perf/attentionHeadDim.js';
import { KEYS_HELD_ABOVE, keyLengthMultipliers, keyRateFactor } from '../../src/perf/attentionKeys.js';
import { runContext } from '../../src/perf/evaluate.js';
import { layerCosts } from '../../src/perf/layerCost.js';
import { machineFor } from '../../src/perf/machine.js';
import { arch, loadProfile } from './helpers.js';

// TFLOP/s by tokens, BF16, head dim 128, non-deterministic backward.
// GB200 / GB300: NVIDIA/cudnn-frontend benchmark/sdpa_benchmark_training/results/llama3.1/{gb200,gb300}/
// llama3.1_20260724_0409{30,19}.csv @ e99b0d0b54d2662d71ab981c61200968f7303cc2, cuDNN, top_left (causal) rows.
// H100: Shah et al. 2024, FlashAttention-3 (arXiv:2407.08608), Fig. 5 causal forward and Fig. 6 backward
// (without a mask), cuDNN and FlashAttention-2 bars.
const TOKENS = [512, 1024, 2048, 4096, 8192, 16384, 32768];
const series = [
  { board: 'gb200', kernel: 'cudnn', pass: 'forward', causal: true, rates: [null, null, 1098, 1407, 1646, 1728, 1569] },
  { board: 'gb200', kernel: 'cudnn', pass: 'backward', causal: true, rates: [null, null, 899, 1172, 1344, 1327, 1202] },
  { board: 'gb300', kernel: 'cudnn', pass: 'forward', causal: true, rates: [null, null, 1467, 1813, 1991, 2065, 2105] },
  { board: 'gb300', kernel: 'cudnn', pass: 'backward', causal: true, rates: [null, null, 971, 1254, 1448, 1516, 1416] },
  { board: 'h100-sxm', kernel: 'cudnn', pass: 'forward', causal: true, rates: [315, 410, 484, 518, 529, 539, null] },
  { board: 'h100-sxm', kernel: 'cudnn', pass: 'backward', causal: false, rates: [305, 408, 465, 499, 518, 516, null] },
  { board: 'h100-sxm', kernel: 'fa2', pass: 'forward', causal: true, rates: [191, 260, 298, 319, 333, 335, null] },
  { board: 'h100-sxm', kernel: 'fa2', pass: 'backward', causal: false, rates: [214, 260, 291, 310, 318, 322, null] },
] as const;

const ratesOf = (board: string, kernel: string) => {
  const a = loadProfile(board).achievableAttention!;
  return kernel === 'fa2' ? a.fa2! : a;
};

const rows = series.flatMap((s) => TOKENS.flatMap((tokens, i) => (s.rates[i] === null ? [] : [{ s, tokens, keys: s.causal ? tokens / 2 : tokens, measured: s.rates[i]! }])));
const predictedRate = ({ s, keys }: (typeof rows)[number]): number => {
  const r = ratesOf(s.board, s.kernel);
  const recorded = (s.pass === 'forward' ? r.forwardFlopsPerSecond : r.backwardFlopsPerSecond) / 1e12;
  return recorded * keyRateFactor(r.keyCurves![s.pass], keys);
};
const label = (x: (typeof rows)[number]) => `${x.s.board} ${x.s.kernel} ${x.s.pass}, ${x.tokens} tokens (${x.keys} keys per query)`;

describe('rate by keys per query', () => {
  it.each(rows.filter((x) => x.keys <= KEYS_HELD_ABOVE).map((x) => [label(x), x] as const))('%s: the recorded rate scaled by the curve is within 10% of the measured one', (_, x) => {
    expect(Math.abs(predictedRate(x) / x.measured - 1)).toBeLessThan(0.1);
  });

  // Above the hold the curve is flat; the measured rates are flat or fall (GB200 from 16k tokens on). The
  // curve does not follow the fall: GB200's backward at 32k tokens is 12% below it, the widest miss.
  it.each(rows.filter((x) => x.keys > KEYS_HELD_ABOVE).map((x) => [label(x), x] as const))('%s, above the hold: within 15%', (_, x) => {
    expect(Math.abs(predictedRate(x) / x.measured - 1)).toBeLessThan(0.15);
  });

  // Not fitted: GPT-OSS's 128-token window, batch 2, 128 query and KV heads of 64 (its tflops column counts the
  // band's keys, W·(2s − W)/2s per query: checked against its times), NVIDIA/cudnn-frontend benchmark/sdpa_benchmark_training/results/gpt_oss/gb200/gpt_oss_20260724_040709.csv
  // @ e99b0d0b54d2662d71ab981c61200968f7303cc2, cuDNN BF16, top_left with sliding_window_size 128.
  it.each([
    [2048, 154, 178],
    [4096, 162, 184],
    [8192, 166, 189],
    [16384, 167, 188],
    [32768, 168, 187],
  ])('GB200, a 128-token window at %i tokens: forward %i and backward %i TFLOP/s measured, within 20%', (tokens, forward, backward) => {
    const r = ratesOf('gb200', 'cudnn');
    const keys = (128 * (2 * tokens - 128)) / (2 * tokens); // window.ts: W·(2s − W)/2s
    const dim = headDimFactors(64, 'cudnn');
    const fwd = (r.forwardFlopsPerSecond / 1e12) * dim.forward * keyRateFactor(r.keyCurves!.forward, keys);
    const bwd = (r.backwardFlopsPerSecond / 1e12) * dim.backward * keyRateFactor(r.keyCurves!.backward, keys);
    expect(Math.abs(fwd / forward - 1)).toBeLessThan(0.2);
    expect(Math.abs(bwd / backward - 1)).toBeLessThan(0.2);
    // At the full-attention rate it would be several times too fast.
    expect((r.forwardFlopsPerSecond / 1e12) * dim.forward).toBeGreaterThan(4 * forward);
  });

  it('the factor is the saturation k/(k + k₀) over its mean at the measured keys, held above KEYS_HELD_ABOVE', () => {
    const curve = { measuredAtKeys: [2048, 4096], halfRateKeys: 500 };
    const g = (k: number) => k / (k + 500);
    const ref = (g(2048) + g(4096)) / 2;
    expect(keyRateFactor(curve, 1024)).toBeCloseTo(g(1024) / ref, 14);
    expect(keyRateFactor(curve, KEYS_HELD_ABOVE * 4)).toBeCloseTo(g(KEYS_HELD_ABOVE) / ref, 14);
    // Measured above the hold: counted at the hold, so a curve measured at 4k and 8k keys is 1 at both.
    expect(keyRateFactor({ measuredAtKeys: [4096, 8192], halfRateKeys: 500 }, 8192)).toBeCloseTo(1, 14);
  });
});

describe('time multipliers of the average layer', () => {
  const curves = { forward: { measuredAtKeys: [2048, 4096], halfRateKeys: 700 }, backward: { measuredAtKeys: [2048, 4096], halfRateKeys: 400 } };
  const dense = { layers: 8, slidingWindow: null };
  it.each([
    ['4k tokens: 2,048 keys per query', 4096, 1, 2048],
    ['2k tokens', 2048, 1, 1024],
    ['8k tokens over cp 2: one ring step sees 2,048', 8192, 2, 2048],
    ['32k tokens over cp 8', 32768, 8, 2048],
  ])('%s', (_, seqLen, cp, keys) => {
    const m = keyLengthMultipliers(dense, seqLen, cp, curves);
    expect(m.forward).toBeCloseTo(1 / keyRateFactor(curves.forward, keys), 14);
    expect(m.backward).toBeCloseTo(1 / keyRateFactor(curves.backward, keys), 14);
  });

  it('a profile without curves: 1', () => {
    expect(keyLengthMultipliers(dense, 128, 4, undefined)).toEqual({ forward: 1, backward: 1 });
  });

  it('alternating 128-token windows at 4k tokens: each kind of layer at its own rate, weighted by its work', () => {
    const m = keyLengthMultipliers({ layers: 36, slidingWindow: { window: 128, layers: 18, pattern: ['sliding_attention', 'full_attention'] } }, 4096, 1, curves);
    const wKeys = (128 * (2 * 4096 - 128)) / (2 * 4096);
    const work = 18 * 2048 + 18 * wKeys;
    const time = 18 * 2048 / keyRateFactor(curves.forward, 2048) + (18 * wKeys) / keyRateFactor(curves.forward, wKeys);
    expect(m.forward).toBeCloseTo(time / work, 14);
    // The windowed layers are a sixteenth of the work but run at a fraction of the rate.
    expect(m.forward).toBeGreaterThan(1.2);
  });

  it('Llama 4\'s chunks at 32k tokens: the 36 chunked layers at 4,096 keys (C/2 in each of 4 chunks), the 12 global at 16,384', () => {
    const chunked = { layers: 48, slidingWindow: null, chunkedAttention: { chunk: 8192, layers: 36, pattern: ['chunked_attention', 'chunked_attention', 'chunked_attention', 'full_attention'] as const } };
    const m = keyLengthMultipliers(chunked, 32768, 1, curves);
    const work = 36 * 4096 + 12 * 16384;
    const time = (36 * 4096) / keyRateFactor(curves.backward, 4096) + (12 * 16384) / keyRateFactor(curves.backward, 16384);
    expect(m.backward).toBeCloseTo(time / work, 14);
    // At or below the chunk every layer is global: the dense model's multipliers.
    expect(keyLengthMultipliers(chunked, 8192, 1, curves)).toEqual(keyLengthMultipliers({ ...dense, layers: 48 }, 8192, 1, curves));
  });

  it('the layer model: the attention core, and nothing else, scaled by the multipliers', () => {
    const gb200 = loadProfile('gb200');
    const model = arch({ layers: 4, d_model: 4096, heads: 32, kv_heads: 8, d_head: 128, d_ff: 14336, ffn: 'swiglu', norm: 'rmsnorm', position: 'rotary', vocab: 32000, seq_len: 2048 }, 'm');
    const ctx = runContext(model, gb200, { globalBatchSequences: 8, gpuCount: 8 });
    const flat = { ...machineFor(gb200, 8, { precision: 'bf16' }), attentionKeyCurves: undefined };
    const x = { tp: 1, cp: 1, ep: 1, microBatch: 1, sequenceParallel: false, recompute: 'none', seqLen: 2048, flashAttention: true, attention: 'full' } as const;
    const a = layerCosts(model, ctx.mc, x).dense;
    const b = layerCosts(model, flat, x).dense;
    const flops = 0.5 * 2 * 2048 * 2048 * 32 * 256; // causal core FLOPs, forward
    const m = keyLengthMultipliers(model, 2048, 1, ctx.mc.attentionKeyCurves);
    const extra = (flops / ctx.mc.attentionForward) * (m.forward - 1) + ((2.5 * flops) / ctx.mc.attentionBackward) * (m.backward - 1);
    expect(a.compute - b.compute).toBeCloseTo(extra, 12);
    expect(extra).toBeGreaterThan(0); // 1,024 keys per query: slower than the 2k–4k rows the profile records
    expect(a.memoryBound).toBe(b.memoryBound);
    expect(a.weightGrad).toBe(b.weightGrad);
  });
});
