/**
 * The attention core's rate factors given by a caller (perf/attentionCore.ts; the planner computes them once
 * per cp): layerCosts with them gives exactly what it computes without them, and they do depend on cp and the
 * window, so a caller handing over another cp's rates would be seen.
 */
import { describe, expect, it } from 'vitest';
import { attentionCoreRates } from '../../src/perf/attentionCore.js';
import { runContext } from '../../src/perf/evaluate.js';
import { layerCosts } from '../../src/perf/layerCost.js';
import { arch, loadProfile } from './helpers.js';

// A sliding-window model (every other layer a 1,024-token window, as GPT-OSS alternates them) and a dense one, on a board whose profile has key curves.
const windowed = arch({ layers: 8, d_model: 4096, heads: 32, kv_heads: 8, d_head: 64, d_ff: 14336, ffn: 'swiglu', norm: 'rmsnorm', position: 'rotary', vocab: 32000, seq_len: 8192, sliding_window: 1024, layer_types: ['sliding_attention', 'full_attention'] }, 'w');
const dense = arch({ layers: 8, d_model: 4096, heads: 32, kv_heads: 8, d_head: 128, d_ff: 14336, ffn: 'swiglu', norm: 'rmsnorm', position: 'rotary', vocab: 32000, seq_len: 8192 }, 'd');

describe('attention core rates given by the caller', () => {
  it.each([
    ['windowed', windowed, 1], ['windowed', windowed, 4], ['dense', dense, 1], ['dense', dense, 8],
  ] as const)('%s model, cp %i: the layer costs are identical with the rates given', (_, model, cp) => {
    const ctx = runContext(model, loadProfile('gb200'), { globalBatchSequences: 64, gpuCount: 64 });
    for (const recompute of ['none', 'selective', 'full'] as const) {
      const x = { tp: 2, cp, ep: 1, microBatch: 2, sequenceParallel: true, recompute, seqLen: 8192, flashAttention: true, attention: 'causal' } as const;
      expect(layerCosts(model, ctx.mc, { ...x, coreRates: attentionCoreRates(model, ctx.mc, 8192, cp) })).toEqual(layerCosts(model, ctx.mc, x));
    }
  });

  it('the rates change with cp (fewer keys per kernel call) and with the window', () => {
    const ctx = runContext(windowed, loadProfile('gb200'), { globalBatchSequences: 64, gpuCount: 64 });
    const one = attentionCoreRates(windowed, ctx.mc, 8192, 1);
    const four = attentionCoreRates(windowed, ctx.mc, 8192, 4);
    expect(four.keys.forward).toBeGreaterThan(one.keys.forward);
    expect(four.workFraction).toBe(one.workFraction);
    expect(one.workFraction).toBeLessThan(attentionCoreRates(dense, ctx.mc, 8192, 1).workFraction);
  });
});

/**
 * The keys of one kernel call follow the cp_comm_type (notes/gptoss31.md rule R1; cpComm.ts kernelCallsPerQuery): the
 * ring's steps under p2p, one call over the whole sequence under a2a (Transformer Engine AttnFuncWithCPAndQKVOA2A: one
 * fused_attn_fwd after the all-to-all, the window kept), the p2p ring of cp / a groups under a2a+p2p. Hand count on
 * the dense model: 8,192 tokens, causal, 4,096 keys a query on average; the calls divide them.
 */
describe('keys per kernel call by cp_comm_type', () => {
  const ctx = runContext(dense, loadProfile('gb200'), { globalBatchSequences: 64, gpuCount: 64 });
  const curves = ctx.mc.attentionKeyCurves!;
  // The saturation curve written out (attentionKeys.ts): rate(k) ∝ k / (k + k₀), over its mean at the measured keys.
  const factor = (c: { measuredAtKeys: readonly number[]; halfRateKeys: number }, keys: number): number => {
    const sat = (k: number) => Math.min(k, 4096) / (Math.min(k, 4096) + c.halfRateKeys);
    return sat(keys) / (c.measuredAtKeys.reduce((a, k) => a + sat(k), 0) / c.measuredAtKeys.length);
  };
  it.each([
    ['p2p, cp 2: two ring steps of 2,048 keys', 2, { type: 'p2p' }, 2048],
    ['a2a, cp 2: one call over all 4,096', 2, { type: 'a2a' }, 4096],
    ['a2a, cp 8: one call over all 4,096', 8, { type: 'a2a' }, 4096],
    ['a2a+p2p [2, 2], cp 4: a ring of 2 groups, 2,048', 4, { type: 'a2a+p2p', hierarchical: [2, 2] }, 2048],
    ['a2a+p2p [4, 2], cp 8: a ring of 2 groups, 2,048', 8, { type: 'a2a+p2p', hierarchical: [4, 2] }, 2048],
    ['a2a+p2p [1, 4], cp 4: p2p as Transformer Engine runs it, 1,024', 4, { type: 'a2a+p2p', hierarchical: [1, 4] }, 1024],
    ['all_gather, cp 2: kept at the ring\'s 2,048 (not modelled)', 2, { type: 'all_gather' }, 2048],
  ] as const)('%s', (_, cp, comm, keys) => {
    const r = attentionCoreRates(dense, ctx.mc, 8192, cp, undefined, comm);
    expect(r.keys.forward).toBeCloseTo(1 / factor(curves.forward, keys), 12);
    expect(r.keys.backward).toBeCloseTo(1 / factor(curves.backward, keys), 12);
  });

  it('a2a keeps the window: GPT-OSS-20B\'s alternating 128-token windows at 8k tokens, cp 2, each layer kind at its own keys', () => {
    const oss = arch({ layers: 24, d_model: 2880, heads: 64, kv_heads: 8, d_head: 64, ffn: 'swiglu', norm: 'rmsnorm', position: 'rotary', vocab: 128256, seq_len: 8192, sliding_window: 128, layer_types: ['sliding_attention', 'full_attention'], moe: { experts: 32, top_k: 4, d_ff_expert: 2880 } }, 'oss');
    const c = runContext(oss, loadProfile('gb300'), { globalBatchSequences: 36, gpuCount: 72 }).mc;
    const f = c.attentionKeyCurves!.forward;
    const wKeys = (128 * (2 * 8192 - 128)) / (2 * 8192); // 127 keys a query in a sliding layer (window.ts)
    const work = 12 * 4096 + 12 * wKeys;
    const time = (calls: number) => (12 * 4096) / factor(f, 4096 / calls) + (12 * wKeys) / factor(f, wKeys / calls);
    expect(attentionCoreRates(oss, c, 8192, 2, undefined, { type: 'a2a' }).keys.forward).toBeCloseTo(time(1) / work, 12);
    expect(attentionCoreRates(oss, c, 8192, 2, undefined, { type: 'p2p' }).keys.forward).toBeCloseTo(time(2) / work, 12);
    // The layer model charges the a2a core at the full sequence's keys: only its compute moves, by the core's difference.
    const x = { tp: 1, cp: 2, ep: 4, microBatch: 1, sequenceParallel: false, recompute: 'none', seqLen: 8192, flashAttention: true, attention: 'causal' } as const;
    const a2a = layerCosts(oss, c, { ...x, cpComm: { type: 'a2a' } }).moe;
    const ringRates = { ...attentionCoreRates(oss, c, 8192, 2, undefined, { type: 'p2p' }) };
    const asRing = layerCosts(oss, c, { ...x, cpComm: { type: 'a2a' }, coreRates: ringRates }).moe;
    const r = attentionCoreRates(oss, c, 8192, 2, undefined, { type: 'a2a' });
    // Core FLOPs a rank, forward: 4,096 queries against 8,192 keys, 64 heads of 64 + 64, halved causal, at the work share.
    const flops = 0.5 * 2 * 4096 * 8192 * 64 * 128 * r.workFraction;
    const expected = (flops / (c.attentionForward * r.headDim.forward)) * (r.keys.forward - ringRates.keys.forward)
      + ((2.5 * flops) / (c.attentionBackward * r.headDim.backward)) * (r.keys.backward - ringRates.keys.backward);
    expect(a2a.compute - asRing.compute).toBeCloseTo(expected, 12);
    expect(expected).toBeLessThan(0); // longer calls, a faster core
    expect(a2a.memoryBound).toBe(asRing.memoryBound);
    expect(a2a.cp).toBeCloseTo(asRing.cp, 15);
  });
});
