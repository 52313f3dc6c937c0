/**
 * Biased routed experts (`moe.expert_bias`, GPT-OSS) add the per-expert bias loop Megatron-Core's
 * TEGroupedMLP runs after fc2 (`_apply_bias`: t + b·p per local expert, then torch.cat), while fc1's
 * bias rides in Transformer Engine's grouped GEMM. Checked against a count of those kernels' reads and
 * writes by hand, and through the layer model.
 */
import { describe, expect, it } from 'vitest';
import { runContext } from '../../src/perf/evaluate.js';
import { layerCosts } from '../../src/perf/layerCost.js';
import { expertBiasBytesPerPass, expertBiasKernelsPerPass } from '../../src/perf/expertBias.js';
import { arch, loadProfile } from './helpers.js';

// Per routed row of width d (fc2's output), 16-bit elements, each kernel reading its inputs and writing its output once:
// forward   b * p: write d; t + (b*p): read 2d, write d; torch.cat of the experts' rows: read d, write d   -> 6d
// backward  mul backward: g*p read d write d, summed over rows read d; g*b read d write d, summed over d read d -> 6d
//           split backward, the per-expert gradients of t concatenated: read d, write d                   -> 2d
// 14d elements × 2 bytes = 28d bytes over the three element-wise passes the layer model counts.
const handCountBytesPerRow = (d: number) => (6 * d + 6 * d + 2 * d) * 2;
// Kernels: forward 2 per local expert + the concatenation; backward 4 per local expert + 2 concatenations.
const handCountKernels = (localExperts: number) => 2 * localExperts + 1 + 4 * localExperts + 2;

describe('expert bias bytes and kernels', () => {
  it.each([
    ['GPT-OSS, d 2880, 32 experts on one GPU', 2880, 32],
    ['GPT-OSS-120B over ep 64: 2 local experts', 2880, 2],
    ['d 7168, 8 local experts', 7168, 8],
  ])('%s: three passes move the hand-counted 28d bytes a row, in 6E + 3 kernels', (_, d, local) => {
    expect(3 * expertBiasBytesPerPass(d, true)).toBeCloseTo(handCountBytesPerRow(d), 9);
    expect(3 * expertBiasKernelsPerPass(local, true)).toBe(handCountKernels(local));
  });
  it('unbiased experts add nothing', () => {
    expect(expertBiasBytesPerPass(2880, false)).toBe(0);
    expect(expertBiasKernelsPerPass(32, false)).toBe(0);
  });
});

describe('through the layer model', () => {
  const h100 = loadProfile('h100-sxm');
  const base = { layers: 4, d_model: 2880, heads: 64, kv_heads: 8, d_head: 64, ffn: 'swiglu', norm: 'rmsnorm', position: 'rotary', vocab: 201088, seq_len: 4096, bias: 'qkv', swiglu_limit: 7 } as const;
  const moe = { experts: 32, top_k: 4, d_ff_expert: 2880 };
  const plain = arch({ ...base, moe }, 'oss-like');
  const biased = arch({ ...base, moe: { ...moe, expert_bias: true } }, 'oss-like biased');
  const ctx = runContext(plain, h100, { globalBatchSequences: 8, gpuCount: 8 });
  const x = { tp: 1, cp: 1, ep: 1, microBatch: 2, sequenceParallel: false, recompute: 'none', seqLen: 4096, flashAttention: true, attention: 'full' } as const;

  it.each([
    ['ep 1: all 32 experts local', 1],
    ['ep 8: 4 local experts', 8],
  ])('%s: adds the bias bytes of every routed row and the loop\'s kernels, and nothing else', (_, ep) => {
    const a = layerCosts(plain, ctx.mc, { ...x, ep });
    const b = layerCosts(biased, ctx.mc, { ...x, ep });
    const rows = 2 * 4096 * moe.top_k; // balanced routing: the slowest rank's load factor is 1 without one given
    const seconds = (rows * handCountBytesPerRow(2880)) / ctx.mc.memoryBandwidthBytesPerSecond + handCountKernels(moe.experts / ep) * ctx.mc.kernelOverheadSeconds;
    expect(b.moe.memoryBound - a.moe.memoryBound).toBeCloseTo(seconds, 12);
    expect(b.moe.compute).toBe(a.moe.compute);
    expect(b.moe.ep).toBe(a.moe.ep);
    expect(b.dense).toEqual(a.dense);
  });
  it('bias: true implies biased experts', () => {
    const all = arch({ ...base, bias: true, moe }, 'all biased');
    const none = arch({ ...base, bias: true, moe: { ...moe, expert_bias: true } }, 'all biased, explicit');
    expect(layerCosts(all, ctx.mc, x).moe.memoryBound).toBe(layerCosts(none, ctx.mc, x).moe.memoryBound);
  });
});
