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
