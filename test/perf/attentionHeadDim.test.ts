/**
 * Fused attention's rate by head dimension (perf/attentionHeadDim.ts): the ratios of the FlashAttention-3
 * paper's H100 bars (arXiv:2407.08608, Fig. 5 / 6, no causal mask, mean of 4k and 8k tokens), and the
 * layer model charging exactly that to a model with narrow heads.
 */
import { describe, expect, it } from 'vitest';
import { headDimFactors } from '../../src/perf/attentionHeadDim.js';
import { keyLengthMultipliers } from '../../src/perf/attentionKeys.js';
import { runContext } from '../../src/perf/evaluate.js';
import { layerCosts } from '../../src/perf/layerCost.js';
import { arch, loadProfile } from './helpers.js';

// TFLOP/s read off the paper's bars: [4k, 8k] per head dim.
const cudnnFwd = { 64: [408, 412], 128: [609, 600], 256: [483, 497] };
const cudnnBwd = { 64: [417, 432], 128: [499, 518] };
const fa2Fwd = { 64: [321, 322], 128: [368, 370], 256: [293, 297] };
const fa2Bwd = { 64: [279, 287], 128: [310, 318] };
const m = ([a, b]: number[]) => (a! + b!) / 2;

describe('head-dim factors', () => {
  it.each([
    ['cuDNN at 128: the profile rates themselves', 128, 'cudnn', 1, 1],
    ['cuDNN at 64', 64, 'cudnn', m(cudnnFwd[64]) / m(cudnnFwd[128]), m(cudnnBwd[64]) / m(cudnnBwd[128])],
    ['cuDNN at 32: held at 64', 32, 'cudnn', m(cudnnFwd[64]) / m(cudnnFwd[128]), m(cudnnBwd[64]) / m(cudnnBwd[128])],
    ['cuDNN at 192 (MLA): halfway to 256 forward; backward held (not measured above 128)', 192, 'cudnn', (1 + m(cudnnFwd[256]) / m(cudnnFwd[128])) / 2, 1],
    ['cuDNN at 512: held at 256', 512, 'cudnn', m(cudnnFwd[256]) / m(cudnnFwd[128]), 1],
    ['FlashAttention-2 at 64', 64, 'fa2', m(fa2Fwd[64]) / m(fa2Fwd[128]), m(fa2Bwd[64]) / m(fa2Bwd[128])],
    ['FlashAttention-1-era kernels follow FlashAttention-2', 64, 'fa1', m(fa2Fwd[64]) / m(fa2Fwd[128]), m(fa2Bwd[64]) / m(fa2Bwd[128])],
    ['FlashAttention-2 at 80: a quarter of the way from 64 to 128', 80, 'fa2', (3 * m(fa2Fwd[64]) / m(fa2Fwd[128]) + 1) / 4, (3 * m(fa2Bwd[64]) / m(fa2Bwd[128]) + 1) / 4],
  ] as const)('%s', (_, d, kernel, forward, backward) => {
    const f = headDimFactors(d, kernel);
    expect(f.forward).toBeCloseTo(forward, 12);
    expect(f.backward).toBeCloseTo(backward, 12);
  });

  it('a layer of 64-wide heads pays exactly the slower rates; everything else equals the same layer with 128-wide heads', () => {
    const h100 = loadProfile('h100-sxm');
    const base = { layers: 4, d_model: 4096, d_ff: 14336, ffn: 'swiglu', norm: 'rmsnorm', position: 'rotary', vocab: 32000, seq_len: 8192 } as const;
    // The same widths: 32 heads of 128 (8 KV heads) against 64 heads of 64 (16 KV heads).
    const wide = arch({ ...base, heads: 32, kv_heads: 8, d_head: 128 }, 'wide');
    const narrow = arch({ ...base, heads: 64, kv_heads: 16, d_head: 64 }, 'narrow');
    const ctx = runContext(wide, h100, { globalBatchSequences: 8, gpuCount: 8 });
    const x = { tp: 1, cp: 1, ep: 1, microBatch: 1, sequenceParallel: false, recompute: 'none', seqLen: 8192, flashAttention: true, attention: 'full' } as const;
    const a = layerCosts(wide, ctx.mc, x).dense;
    const b = layerCosts(narrow, ctx.mc, x).dense;
    // Causal core FLOPs, forward: half of 2·s²·heads·(d_qk + d_v), the same for both.
    const flops = 0.5 * 2 * 8192 * 8192 * 32 * 256;
    const f = headDimFactors(64, 'cudnn');
    // Both at 4,096 keys per query: the same keys-per-query multipliers (attentionKeys.ts).
    const k = keyLengthMultipliers(wide, 8192, 1, ctx.mc.attentionKeyCurves);
    const extra = ((flops * k.forward) / ctx.mc.attentionForward) * (1 / f.forward - 1) + ((2.5 * flops * k.backward) / ctx.mc.attentionBackward) * (1 / f.backward - 1);
    expect(b.compute - a.compute).toBeCloseTo(extra, 9);
    expect(b.memoryBound).toBeCloseTo(a.memoryBound, 12);
    expect(b.weightGrad).toBeCloseTo(a.weightGrad, 12);
  });
});
