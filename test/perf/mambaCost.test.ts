/**
 * The Mamba-2 mixer's cost (src/perf/mambaCost.ts), counted by hand from Nemotron-H 8B's config
 * (models/nemotron-h-8b.yaml: d 4096, 128 heads of 64, 8 groups, state 128, chunk 128, conv 4) at s 8192.
 */
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/cli/load/model.js';
import { runContext } from '../../src/perf/evaluate.js';
import { layerCosts } from '../../src/perf/layerCost.js';
import { gemmSeconds } from '../../src/perf/machine.js';
import { mambaCpComm, mambaCpSentPerToken, mambaElementwiseBytesPerToken, mambaLocalWidths, mambaSavedBytesPerToken, ssdForwardBytesPerToken, ssdMatrixFlopsPerToken, ssdRecomputeBytesPerToken } from '../../src/perf/mambaCost.js';
import { loadProfile } from './helpers.js';

const nh8 = loadModel('nemotron-h-8b');
const m = nh8.hybrid!.mixer!;
const S = 8192;

describe('in_proj and out_proj split over TP as MambaMixer splits them', () => {
  // in_proj d → 2·8192 + 2·8·128 + 128 = 18,560 outputs, out_proj 8192 → 4096: 2·4096·18,560 =
  // 152,043,520 and 2·8192·4096 = 67,108,864 FLOPs per token, divided over the tp ranks.
  it.each([1, 2, 4, 8])('tp %i: each rank holds 1/tp of the heads and groups, and of the GEMM FLOPs', (tp) => {
    const w = mambaLocalWidths(m, tp);
    expect(w.heads).toBe(128 / tp);
    expect(w.groups).toBe(8 / tp);
    expect(2 * nh8.dModel * w.inProj * tp).toBe(152_043_520);
    expect(2 * w.inner * nh8.dModel * tp).toBe(67_108_864);
    expect(w.conv * tp).toBe(8192 + 2 * 8 * 128);
  });
});

describe('context parallelism as MambaContextParallel shards the heads', () => {
  it.each([
    // tp, cp → heads, groups per rank (8 groups: below 8/tp a group state is repeated, one per rank)
    [1, 2, 64, 4],
    [2, 2, 32, 2],
    [8, 2, 8, 1],
    [4, 4, 8, 1],
  ])('tp %i, cp %i: %i heads and %i groups on a rank', (tp, cp, heads, groups) => {
    const w = mambaLocalWidths(m, tp, cp);
    expect([w.heads, w.groups]).toEqual([heads, groups]);
  });
  it('without repeated groups the scan\'s work over the whole sequence at 1/cp of the heads is the cp = 1 work per rank token', () => {
    expect(2 * ssdMatrixFlopsPerToken(nh8, m, 1, S, 2).forward).toBe(ssdMatrixFlopsPerToken(nh8, m, 1, S).forward);
    expect(mambaSavedBytesPerToken(m, 1, 2, 2)).toBe(mambaSavedBytesPerToken(m, 1, 2));
  });
  it('the all-to-alls send z, x (8192 / tp each), B, C (1024 / tp each, × the repeat) and dt (128 / tp), then y (8192 / tp)', () => {
    expect(mambaCpSentPerToken(m, 1, 2)).toEqual({ pre: 2 * 8192 + 2 * 1024 + 128, post: 8192 });
    expect(mambaCpSentPerToken(m, 8, 2)).toEqual({ pre: 2 * 1024 + 2 * 128 * 2 + 16, post: 1024 });
  });
  it('cp > 1 adds the all-to-alls, forward and backward, as exposed context-parallel time of the Mamba layer', () => {
    const h100 = loadProfile('h100-sxm');
    const ctx = runContext(nh8, h100, { globalBatchSequences: 64, gpuCount: 8 });
    const x = { tp: 1, cp: 2, ep: 1, microBatch: 1, sequenceParallel: false, recompute: 'none' as const, seqLen: S, flashAttention: true, attention: 'full' as const };
    const k = layerCosts(nh8, ctx.mc, x).hybrid!;
    expect(k.mamba.cp).toBeCloseTo(2 * mambaCpComm(m, ctx.mc, 1, 2, S / 2), 12);
    expect(k.mamba.cp).toBeGreaterThan(0);
    expect(layerCosts(nh8, ctx.mc, { ...x, recompute: 'full' }).hybrid!.mamba.cp).toBeCloseTo(1.5 * k.mamba.cp, 12);
  });
});

describe('the SSD scan: products from flops/mamba.ts, bytes from the kernels\' tensors', () => {
  it('matrix FLOPs per token (forward and recomputed in backward), by hand', () => {
    // c = 8192/128 = 64 chunks exactly. C·Bᵀ 2·Q·G·N = 262,144; masked ·X 2·Q·H·P = 2,097,152; chunk
    // states and state → output 2·H·P·N = 2,097,152 each; the state passing is element-wise in the kernel.
    const f = ssdMatrixFlopsPerToken(nh8, m, 1, S);
    expect(f.forward).toBe(262_144 + 3 * 2_097_152);
    expect(f.recomputed).toBe(262_144 + 2_097_152);
    expect(ssdMatrixFlopsPerToken(nh8, m, 4, S).forward).toBe(f.forward / 4);
  });
  // Per token at tp 1 (H 128, I = 8192, G 8, N 128, Q 128, one chunk per 128 tokens), kernel by kernel
  // (ssd_combined.py _mamba_chunk_scan_combined_fwd): [bytes read + written].
  const forward: [string, number][] = [
    ['_chunk_cumsum_fwd: dt 2H read, dt and dA_cumsum 2·4H written', 2 * 128 + 8 * 128],
    ['_chunk_state_fwd: B 2GN, x 2I, dt and dA_cumsum 8H read; fp32 states 4·I·N/Q written', 2 * 8 * 128 + 2 * 8192 + 8 * 128 + (4 * 8192 * 128) / 128],
    ['_state_passing_fwd: fp32 states read, 16-bit states written', (4 * 8192 * 128) / 128 + (2 * 8192 * 128) / 128],
    ['_bmm_chunk_fwd: C, B read 4GN; fp32 C·Bᵀ 4·G·Q written', 4 * 8 * 128 + 4 * 8 * 128],
    ['_chunk_scan_fwd: C·Bᵀ 4GQ, x 2I, dt and dA 8H, C 2GN, states 2·I·N/Q, z 2I read; out, out_x 4I written', 4 * 8 * 128 + 2 * 8192 + 8 * 128 + 2 * 8 * 128 + (2 * 8192 * 128) / 128 + 2 * 8192 + 4 * 8192],
  ];
  it('forward bytes per token: the sum of the five kernels\' tensors', () => {
    expect(ssdForwardBytesPerToken(m, 1, S)).toBe(forward.reduce((s, [, b]) => s + b, 0));
  });
  it('recomputed in backward: the first four kernels again', () => {
    expect(ssdRecomputeBytesPerToken(m, 1, S)).toBe(forward.slice(0, 4).reduce((s, [, b]) => s + b, 0));
  });
  it('a sequence that is not a whole number of chunks pays for its padded last chunk', () => {
    // s = 8200: 65 chunks of 128 for 8200 tokens; the per-chunk tensors grow by 65·8192/64·8200.
    expect(ssdForwardBytesPerToken(m, 1, 8200)).toBeGreaterThan(ssdForwardBytesPerToken(m, 1, 8192));
  });
});

describe('memory-bound passes and saved activations from the shapes', () => {
  it.each([
    // transposes of in_proj's output (18,560) and of y (8192), xBC contiguous copy and conv1d over 8192 + 2048, the norm over 8192: read + write, 2 bytes
    [1, 2 * 2 * (18_560 + 2 * 10_240 + 2 * 8192)],
    [8, 2 * 2 * (2320 + 2 * 1280 + 2 * 1024)],
  ])('element-wise bytes per token per pass at tp %i', (tp, bytes) => {
    expect(mambaElementwiseBytesPerToken(m, tp)).toBe(bytes);
  });
  it.each([
    // zxbcdt 2·18,560, out_x 2·8192, the norm's input 2·8192 and rstd 4·8 (fp32 per group), out_proj input o·8192
    [1, 2, 2 * 18_560 + 2 * 8192 + 2 * 8192 + 4 * 8 + 2 * 8192],
    [2, 1, 2 * 9280 + 2 * 4096 + 2 * 4096 + 4 * 4 + 1 * 4096],
  ])('saved bytes per token at tp %i, %i-byte linear inputs', (tp, o, bytes) => {
    expect(mambaSavedBytesPerToken(m, tp, o)).toBe(bytes);
  });
});

describe('the Mamba layer in the layer model', () => {
  const h100 = loadProfile('h100-sxm');
  const ctx = runContext(nh8, h100, { globalBatchSequences: 64, gpuCount: 8 });
  const x = { tp: 1, cp: 1, ep: 1, microBatch: 1, sequenceParallel: false, recompute: 'none' as const, seqLen: S, flashAttention: true, attention: 'full' as const };
  const costs = layerCosts(nh8, ctx.mc, x);
  it('a hybrid has per-kind costs; the Mamba layer\'s compute is its GEMMs\' three passes and the scan', () => {
    const k = costs.hybrid!;
    const gemm = gemmSeconds(ctx.mc, S, 4096, 18_560) + gemmSeconds(ctx.mc, S, 8192, 4096);
    expect(k.mamba.weightGrad).toBeCloseTo(gemm, 12);
    expect(k.mamba.compute).toBeGreaterThan(3 * gemm);
    expect(k.mamba.memoryBound).toBeGreaterThan(0);
    expect(k.mamba.tp).toBe(0);
  });
  it('full recomputation adds a forward (scan included); selective leaves the Mamba layer alone', () => {
    const full = layerCosts(nh8, ctx.mc, { ...x, recompute: 'full' }).hybrid!.mamba;
    const sel = layerCosts(nh8, ctx.mc, { ...x, recompute: 'selective' }).hybrid!.mamba;
    // One more forward of the GEMMs and the scan: the forward less its element-wise third (tp 1: no TP share).
    const none = costs.hybrid!.mamba;
    expect(full.compute - none.compute).toBeCloseTo(none.forward - none.memoryBound / 3, 12);
    expect(sel).toEqual(costs.hybrid!.mamba);
  });
  it('a transformer model has none', () => {
    expect(layerCosts(loadModel('llama-3.1-8b'), ctx.mc, x).hybrid).toBeUndefined();
  });
});
