/**
 * The fused attention core under a document mask (perf/attentionCore.ts, attentionKeys.ts; flops/documents.ts): each
 * document runs as a sequence of its own length would, at the rate of its own keys per query. Checked against the same
 * work laid out as separate sequences, and the curve by hand.
 */
import { describe, expect, it } from 'vitest';
import type { Documents } from '../../src/flops/documents.js';
import { keyLengthMultipliers, keyRateFactor } from '../../src/perf/attentionKeys.js';
import { attentionCoreRates } from '../../src/perf/attentionCore.js';
import { runContext } from '../../src/perf/evaluate.js';
import { layerCosts } from '../../src/perf/layerCost.js';
import { arch, loadProfile } from './helpers.js';

const one = (tokens: number): Documents => [{ tokens, share: 1 }];
const curves = { forward: { measuredAtKeys: [2048, 4096], halfRateKeys: 700 }, backward: { measuredAtKeys: [2048, 4096], halfRateKeys: 400 } };
const dense = { layers: 8, slidingWindow: null };

describe('the attention kernel inside documents', () => {
  it('documents of 2,048 in 8,192 tokens run at the rate of 2,048-token sequences (1,024 keys per query)', () => {
    expect(keyLengthMultipliers(dense, 8192, 1, curves, one(2048))).toEqual(keyLengthMultipliers(dense, 2048, 1, curves));
    expect(keyLengthMultipliers(dense, 8192, 1, curves, one(2048)).forward).toBeCloseTo(1 / keyRateFactor(curves.forward, 1024), 14);
  });

  it('a mix: each length at its own rate, weighted by its work', () => {
    // At 4,096 tokens, half the tokens in documents of 1,024 (512 keys per query), half in one of 4,096 (2,048 keys):
    // work 0.5·512 + 0.5·2048 = 1,280; time 0.5·512/f(512) + 0.5·2048/f(2048).
    const m = keyLengthMultipliers(dense, 4096, 1, curves, [{ tokens: 1024, share: 0.5 }, { tokens: 4096, share: 0.5 }]);
    const f = (k: number) => keyRateFactor(curves.backward, k);
    expect(m.backward).toBeCloseTo((0.5 * 512 / f(512) + 0.5 * 2048 / f(2048)) / 1280, 14);
  });

  it('the core does a quarter of the causal work with 4 documents a sequence', () => {
    const model = arch({ layers: 4, d_model: 4096, heads: 32, kv_heads: 8, d_head: 128, d_ff: 14336, ffn: 'swiglu', norm: 'rmsnorm', position: 'rotary', vocab: 32000, seq_len: 8192 }, 'm');
    const ctx = runContext(model, loadProfile('h100-sxm'), { globalBatchSequences: 8, gpuCount: 8 });
    expect(attentionCoreRates(model, ctx.mc, 8192, 1, one(2048)).workFraction).toBe(0.25);
  });

  it('a micro-batch of one 8,192-token sequence in 4 documents of 2,048 costs what 4 sequences of 2,048 cost', () => {
    const model = arch({ layers: 4, d_model: 4096, heads: 32, kv_heads: 8, d_head: 128, d_ff: 14336, ffn: 'swiglu', norm: 'rmsnorm', position: 'rotary', vocab: 32000, seq_len: 8192 }, 'm');
    const ctx = runContext(model, loadProfile('h100-sxm'), { globalBatchSequences: 8, gpuCount: 8 });
    const x = { tp: 1, cp: 1, ep: 1, sequenceParallel: false, recompute: 'none', flashAttention: true, attention: 'causal' } as const;
    const packed = layerCosts(model, ctx.mc, { ...x, microBatch: 1, seqLen: 8192, documents: one(2048) }).dense;
    const separate = layerCosts(model, ctx.mc, { ...x, microBatch: 4, seqLen: 2048 }).dense;
    const whole = layerCosts(model, ctx.mc, { ...x, microBatch: 1, seqLen: 8192 }).dense;
    expect(packed.compute).toBeCloseTo(separate.compute, 12);
    expect(packed.memoryBound).toBeCloseTo(separate.memoryBound, 12);
    // Without the mask the 8k sequence's attention is 4× the work: the layer is slower.
    expect(whole.compute).toBeGreaterThan(packed.compute * 1.05);
  });

  it('without fused attention the masked s² is computed whole: the documents change nothing', () => {
    const model = arch({ layers: 4, d_model: 1024, heads: 16, d_ff: 4096, ffn: 'gelu', norm: 'layernorm', vocab: 32000, seq_len: 4096 }, 'm');
    const ctx = runContext(model, loadProfile('h100-sxm'), { globalBatchSequences: 8, gpuCount: 8 });
    const x = { tp: 1, cp: 1, ep: 1, microBatch: 1, seqLen: 4096, sequenceParallel: false, recompute: 'none', flashAttention: false, attention: 'causal' } as const;
    expect(layerCosts(model, ctx.mc, { ...x, documents: one(1024) })).toEqual(layerCosts(model, ctx.mc, x));
  });
});
