/**
 * The budget's published shortcuts (src/flops/budget.ts), against values worked by hand from the papers' formulas
 * (an independent Python recount of the presets, audit 2026-11-30), never from the code's own output.
 */
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/flops/analyse.js';
import type { ModelInput } from '../../src/model/schema.js';
import { arch, GPT3_175B } from '../helpers.js';

/** DeepSeek-V3 as its config.json gives it (models/deepseek-v3.yaml). */
const DSV3: ModelInput = {
  layers: 61, d_model: 7168, heads: 128, d_ff: 18432, ffn: 'swiglu', vocab: 129280, seq_len: 4096,
  tied_embeddings: false, norm: 'rmsnorm', bias: false, position: 'rotary',
  attention: 'mla', q_lora_rank: 1536, kv_lora_rank: 512, qk_rope_head_dim: 64, qk_nope_head_dim: 128, v_head_dim: 128,
  moe: { experts: 256, top_k: 8, d_ff_expert: 2048, shared_experts: 1, dense_layers: 3, router_bias: true },
};

// PaLM Appendix B: 6N + 12·L·H·Q·T per token, written 6N + 6·L·H·(Q_k + Q_v)·T for MLA (Q_k = 128 + 64, Q_v = 128),
// with N the active parameters and L every block a token runs through, the MTP module's included (its weights are in N).
//   GPT-3 175B, T 2048: N = 174,604,259,328 (12Ld² + 13Ld + (V + s)d, Narayanan Eq. 2; GPT-3 Table D.1's 174.6B);
//     6N = 1,047,625,555,968; 12·96·96·128·2048 = 28,991,029,248; sum 1,076,616,585,216.
//   DeepSeek-V3, T 4096, no MTP: N = 37,552,297,472 (the checkpoint's tensors less 248 unused experts per MoE layer);
//     6N = 225,313,784,832; 6·61·128·320·4096 = 61,404,610,560; sum 286,718,395,392.
//   DeepSeek-V3, one MTP module: N = 37,552,297,472 + 688,100,608 (layer 61's tensors, 11,610,068,224, less its
//     248 unused experts, 248·3·2048·7168 = 10,921,967,616) = 38,240,398,080; 6N = 229,442,388,480;
//     6·62·128·320·4096 = 62,411,243,520; sum 291,853,632,000. The old code counted 61 attention blocks:
//     290,846,999,040, one block's 1,006,632,960 short.
describe('PaLM 6N + 12LHQT shortcut', () => {
  it.each([
    { what: 'GPT-3 175B', model: GPT3_175B, perToken: 1_076_616_585_216 },
    { what: 'DeepSeek-V3, no MTP', model: DSV3, perToken: 286_718_395_392 },
    { what: 'DeepSeek-V3, one MTP module (its block has attention too)', model: { ...DSV3, mtp: { depth: 1 } }, perToken: 291_853_632_000 },
  ] satisfies { what: string; model: ModelInput; perToken: number }[])('$what', ({ model, perToken }) => {
    expect(analyse(arch(model), { tokens: 1 }).totals.palm).toBe(perToken);
  });
});
