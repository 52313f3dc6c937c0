/**
 * src/flops/conventionShift.ts: QKᵀ and A·V's share of the model FLOPs, the other convention's count over this one's,
 * and the threshold (the causal count at most 80% of the full one) on its both sides. The figures are worked by hand.
 *
 * The model: 2 layers, d 64, 4 heads of 16 (no GQA), a GELU FFN of 256, vocabulary 100, rotary, tied embeddings.
 * Forward FLOPs per token (2mkn per product, Narayanan et al. 2021 Appendix):
 *   q, k, v    2·d·(H + 2G)·Q = 2 × 64 × (4 + 8) × 16 = 24,576 per layer
 *   out        2·d·d          = 2 × 64 × 64          =  8,192 per layer
 *   FFN        2 × 2·d·d_ff   = 4 × 64 × 256         = 65,536 per layer
 *   logits     2·d·V          = 2 × 64 × 100         = 12,800 once
 *   QKᵀ + A·V  2 × 2·s·H·Q    = 256·s per layer under `full`, 128·s under `causal`
 * so forward = 2 × 98,304 + 12,800 + 2 × 256·s = 209,408 + 512·s (full) and 209,408 + 256·s (causal); backward is
 * 2 × forward for every product, so these ratios and shares are the model FLOPs' too.
 *   s = 272:  full 348,672, causal 279,040: ratio 0.80029 (> 0.8, no shift); share 139,264 / 348,672 = 0.39941
 *   s = 273:  full 349,184, causal 279,296: ratio 0.79985 (≤ 0.8);          share 139,776 / 349,184 = 0.40029
 *   s = 2048: full 1,257,984, causal 733,696: ratio 0.58323;                share 1,048,576 / 1,257,984 = 0.83354
 * With global attention the threshold is the share 0.4: s ≥ 209,408 × 0.4 / (512 × 0.6) = 272.67.
 * Selective recomputation reruns QKᵀ and A·V's forward (Korthikanti et al. 2022): hardware = 3 × forward + core, at
 * s = 2048 3 × 1,257,984 + 1,048,576 = 4,822,528 (full) and 3 × 733,696 + 524,288 = 2,725,376 (causal): 0.56513.
 */
import { describe, expect, it } from 'vitest';
import { conventionShift } from '../../src/flops/conventionShift.js';
import { countFlops } from '../../src/flops/count.js';
import type { AttentionConvention, RecomputeMode } from '../../src/flops/conventions.js';
import { arch } from '../helpers.js';

const TINY = arch({ name: 'tiny', layers: 2, d_model: 64, heads: 4, d_ff: 256, ffn: 'gelu', vocab: 100, seq_len: 2048, position: 'rotary', tied_embeddings: true });

describe('conventionShift', () => {
  it.each<[string, AttentionConvention, number, RecomputeMode, { share: number; model: number; hardware: number } | null]>([
    ['full, s 272: just under the threshold', 'full', 272, 'none', null],
    ['full, s 273: just over it', 'full', 273, 'none', { share: 139_776 / 349_184, model: 279_296 / 349_184, hardware: 279_296 / 349_184 }],
    ['full, s 2048', 'full', 2048, 'none', { share: 1_048_576 / 1_257_984, model: 733_696 / 1_257_984, hardware: 733_696 / 1_257_984 }],
    ['full, s 2048, selective recomputation: the hardware ratio its own', 'full', 2048, 'selective', { share: 1_048_576 / 1_257_984, model: 733_696 / 1_257_984, hardware: 2_725_376 / 4_822_528 }],
    // Counted causal, the other is full: the same two counts the other way up, so the same threshold.
    ['causal, s 272: under the threshold', 'causal', 272, 'none', null],
    ['causal, s 273', 'causal', 273, 'none', { share: 69_888 / 279_296, model: 349_184 / 279_296, hardware: 349_184 / 279_296 }],
    ['causal, s 2048', 'causal', 2048, 'none', { share: 524_288 / 733_696, model: 1_257_984 / 733_696, hardware: 1_257_984 / 733_696 }],
  ])('%s', (_, attention, seqLen, recompute, want) => {
    const s = conventionShift(TINY, countFlops(TINY, { seqLen, attention, recompute }));
    if (want === null) return expect(s).toBeNull();
    expect(s).not.toBeNull();
    expect(s!.counted).toBe(attention);
    expect(s!.other).toBe(attention === 'full' ? 'causal' : 'full');
    expect(s!.attentionShare).toBeCloseTo(want.share, 12);
    expect(s!.modelRatio).toBeCloseTo(want.model, 12);
    expect(s!.hardwareRatio).toBeCloseTo(want.hardware, 12);
  });
});
