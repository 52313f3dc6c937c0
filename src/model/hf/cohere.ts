/**
 * Cohere Command R (transformers `cohere`, src/transformers/models/cohere/modular_cohere.py).
 */
import { dense, type Builder } from './common.js';

/**
 * CohereDecoderLayer runs attention and the MLP in parallel off one input_layernorm (PaLM-style: one norm per
 * block); CohereAttention is LlamaAttention (q, k, v, o biased with attention_bias) and, with use_qk_norm, adds
 * a CohereLayerNorm of shape (heads, head_dim) over q and (kv_heads, head_dim) over k: one weight per element of
 * the q and k projections, which is what qk_norm full counts; CohereMLP is gated (gate, up, down) without biases;
 * CohereLayerNorm has a weight and no bias, d parameters, an RMSNorm's count; logit_scale multiplies the logits
 * (no parameters); CohereConfig ties the head by default.
 */
export const cohere: Builder = dense({ tied: true }, (c, notes, b) => {
  notes.push('CohereLayerNorm is a LayerNorm without a bias: its weight, d per norm, is counted as an RMSNorm\'s (norm: rmsnorm), the same parameters.');
  return { ...b, parallel_block: true, block_norms: 1, ...(c.bool('use_qk_norm', false) ? { qk_norm: 'full' as const } : {}) };
});
