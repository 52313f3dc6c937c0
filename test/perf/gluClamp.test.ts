/**
 * A clamped SwiGLU (`swiglu_limit`, GPT-OSS 7.0) adds the element-wise passes Megatron-Core runs
 * outside its fused activation (fused_bias_geglu.py weighted_bias_quick_geglu_impl): two clamps and a
 * concatenation forward, two clamp backwards and the gradients' concatenation backward. Checked
 * against a count of those kernels' reads and writes by hand, and through the layer model.
 */
import { describe, expect, it } from 'vitest';
import { runContext } from '../../src/perf/evaluate.js';
import { layerCosts } from '../../src/perf/layerCost.js';
import { CLAMP_KERNELS, clampBytesPerPass } from '../../src/perf/gluClamp.js';
import { ModelSchema } from '../../src/model/schema.js';
import { arch, loadProfile } from './helpers.js';

// Per row of F-wide halves, 16-bit elements, each kernel reading its inputs and writing its output once:
// forward   x_glu.clamp: F + F; x_linear.clamp: F + F; torch.cat: 2F + 2F           -> 8F
// backward  two clamp backwards: (F gradient + F input) read, F written, each        -> 6F
//           the chunk's backward, torch.cat of the two gradients: 2F + 2F            -> 4F
// 18F elements × 2 bytes = 36F bytes over the three element-wise passes the layer model counts.
const handCountBytesPerRow = (F: number) => (8 * F + 6 * F + 4 * F) * 2;

describe('clamped SwiGLU bytes', () => {
  it.each([
    ['GPT-OSS experts, F 2880, one shard', 2880, 7],
    ['F 2880 split over 2 expert-tensor-parallel ranks', 1440, 7],
    ['DeepSeek-V4-sized experts, F 2048', 2048, 10],
  ])('%s: three passes move the hand-counted 36F bytes a row', (_, F, limit) => {
    expect(3 * clampBytesPerPass(F, limit)).toBeCloseTo(handCountBytesPerRow(F), 9);
  });
  it('an unclamped gated unit adds nothing', () => expect(clampBytesPerPass(2880, undefined)).toBe(0));
  it('the limit itself does not change the traffic', () => expect(clampBytesPerPass(2880, 7)).toBe(clampBytesPerPass(2880, 100)));
});

describe('through the layer model', () => {
  const h100 = loadProfile('h100-sxm');
  const base = { layers: 4, d_model: 2880, heads: 64, kv_heads: 8, d_head: 64, ffn: 'swiglu', norm: 'rmsnorm', position: 'rotary', vocab: 201088, seq_len: 4096, bias: 'qkv' } as const;
  const moe = { experts: 32, top_k: 4, d_ff_expert: 2880 };
  const plain = arch({ ...base, moe }, 'oss-like');
  const clamped = arch({ ...base, moe, swiglu_limit: 7 }, 'oss-like clamped');
  const ctx = runContext(plain, h100, { globalBatchSequences: 8, gpuCount: 8 });
  const x = { tp: 1, cp: 1, ep: 1, microBatch: 2, sequenceParallel: false, recompute: 'none', seqLen: 4096, flashAttention: true, attention: 'full' } as const;

  it('adds the clamp bytes of every routed row, and nothing else, to the MoE layer', () => {
    const a = layerCosts(plain, ctx.mc, x);
    const b = layerCosts(clamped, ctx.mc, x);
    const rows = 2 * 4096 * moe.top_k; // balanced routing on one GPU: every token's top-k copies
    const seconds = (rows * handCountBytesPerRow(2880)) / ctx.mc.memoryBandwidthBytesPerSecond + 3 * CLAMP_KERNELS * ctx.mc.kernelOverheadSeconds;
    expect(b.moe.memoryBound - a.moe.memoryBound).toBeCloseTo(seconds, 12);
    expect(b.moe.compute).toBe(a.moe.compute);
    expect(b.moe.ep).toBe(a.moe.ep);
    expect(b.logits).toEqual(a.logits);
  });
  it('a dense clamped FFN pays it on every token', () => {
    const d = arch({ ...base, d_ff: 2880, swiglu_limit: 7 }, 'dense clamped');
    const u = arch({ ...base, d_ff: 2880 }, 'dense');
    const diff = layerCosts(d, ctx.mc, x).dense.memoryBound - layerCosts(u, ctx.mc, x).dense.memoryBound;
    expect(diff).toBeCloseTo((2 * 4096 * handCountBytesPerRow(2880)) / ctx.mc.memoryBandwidthBytesPerSecond + 3 * CLAMP_KERNELS * ctx.mc.kernelOverheadSeconds, 12);
  });
  it('is refused on an ungated FFN', () => {
    expect(() => ModelSchema.parse({ ...base, ffn: 'gelu', d_ff: 11520, swiglu_limit: 7 })).toThrow(/swiglu_limit clamps a gated unit/);
  });
});
