/**
 * The counting conventions, named so every figure can say which one it used.
 *
 * - A multiply-add is 2 FLOPs; an [m×k]·[k×n] product costs 2mkn (Narayanan et al. 2021, Appendix).
 * - Only matrix products are counted; the input embedding is a lookup (0 FLOPs).
 * - Backward = 2 × forward for every product: one product for the input gradient and one for the
 *   weight gradient (Kaplan et al. 2020 §2.1; PaLM Appendix B).
 * - `full` attention counts QKᵀ and A·V over the whole s×s window (PaLM, Megatron-LM 2021,
 *   Korthikanti 2022, Chinchilla); `causal` halves both (Megatron-LM since commit 8873b55d6a,
 *   2025-03-06; DeepSeek-V3's "MFU (causal)").
 * - Model FLOPs = forward + backward; hardware FLOPs add recomputation: `full` reruns the forward of
 *   every layer, `selective` reruns only QKᵀ and A·V, 4Bs²h per layer (Korthikanti et al. 2022, Appendix A's
 *   text; its Eq. 8 as printed, 72BLsh²(1 + s/(3h) + …), adds three times that: test/flops/oracles.test.ts).
 */
export type AttentionConvention = 'full' | 'causal';
export type RecomputeMode = 'none' | 'selective' | 'full';

export const ATTENTION_CONVENTIONS: readonly AttentionConvention[] = ['full', 'causal'];
export const RECOMPUTE_MODES: readonly RecomputeMode[] = ['none', 'selective', 'full'];
