/**
 * Cohere Command R (transformers `cohere`, src/transformers/models/cohere/modular_cohere.py) and Command R7B, Command A,
 * Tiny Aya (`cohere2`, modular_cohere2.py).
 */
import { dense, fmt, slidingWindow, type Builder } from './common.js';

/**
 * CohereDecoderLayer runs attention and the MLP in parallel off one input_layernorm (PaLM-style: one norm per
 * block); CohereAttention is LlamaAttention (q, k, v, o biased with attention_bias) and, with use_qk_norm, adds
 * a CohereLayerNorm of shape (heads, head_dim) over q and (kv_heads, head_dim) over k: one weight per element of
 * the q and k projections, which is what qk_norm full counts; CohereMLP is gated (gate, up, down) without biases;
 * CohereLayerNorm has a weight and no bias, d parameters, an RMSNorm's count; logit_scale multiplies the logits
 * (no parameters); CohereConfig ties the head by default.
 */
export const cohere: Builder = (c, notes) => ({ ...parallelBlock(c, notes), ...(c.bool('use_qk_norm', false) ? { qk_norm: 'full' as const } : {}) });

/** What both types build: CohereDecoderLayer's parallel attention and MLP behind one bias-free CohereLayerNorm, the head tied by default. */
const parallelBlock: Builder = dense({ tied: true }, (_c, notes, b) => {
  notes.push('CohereLayerNorm is a LayerNorm without a bias: its weight, d per norm, is counted as an RMSNorm\'s (norm: rmsnorm), the same parameters.');
  return { ...b, parallel_block: true, block_norms: 1 };
});

/**
 * Cohere 2 (Command R7B, Command A, Tiny Aya; modular_cohere2.py): CohereDecoderLayer's parallel block and one
 * CohereLayerNorm, the gated CohereMLP, and Cohere2Attention, which builds no q/k norm (Cohere2Config has no
 * use_qk_norm: the key is not read) and rotates q and k on the sliding layers only (the full_attention layers use no positional encoding, NoPE: no
 * parameters). Layers slide by `layer_types`, else Cohere2Config's `sliding_window_pattern` (default 4: three sliding,
 * one full). Cohere2Config sets head_dim = hidden_size // num_attention_heads whatever the file says, so a head_dim
 * that differs is refused rather than counted two ways.
 */
export const cohere2: Builder = (c, notes) => {
  const d = c.int('hidden_size').value;
  const heads = c.int('num_attention_heads').value;
  const given = c.optInt('head_dim');
  if (given !== undefined && given.value !== Math.floor(d / heads)) {
    throw c.refused('head_dim', `head_dim ${fmt(given.value)} is not read by transformers' Cohere2Config, which sets head_dim = hidden_size // num_attention_heads = ${fmt(Math.floor(d / heads))}`,
      'remove head_dim, or describe the model by hand in a flopcast model file (YAML) if the checkpoint holds other heads');
  }
  // use_qk_norm is not read: Cohere2Config has no such field (a file's key is kept as an attribute nothing reads, its
  // value unchecked), so a value of any kind there, null too, builds the same model.
  const body = parallelBlock(c, notes);
  const window = slidingWindow(c, notes, 'cohere2');
  if (window.layer_types !== undefined) notes.push('the full_attention layers use no positional encoding (NoPE): no parameters and no matrix product.');
  return { ...body, ...window };
};
