/**
 * More decoder families (transformers src/transformers/models/<type>/modular_<type>.py or modeling_<type>.py):
 * StarCoder2, Granite MoE, Nemotron (Nemotron-4, Minitron), HunYuan dense (Hunyuan-7B, Hy-MT2) and VaultGemma.
 */
import { dense, fmt, llamaCore, slidingWindow, softcapNote, type Builder } from './common.js';
import type { HfConfig } from './read.js';

/**
 * StarCoder2 (modular_starcoder2.py; configuration_starcoder2.py Starcoder2Config): Llama's attention layout
 * (q, k, v, o of head_dim = hidden_size / heads) with every projection biased by `use_bias` (default True),
 * Starcoder2MLP's c_fc and c_proj (2 matrices, gelu_pytorch_tanh, biased by use_bias), input_layernorm,
 * post_attention_layernorm and the final norm nn.LayerNorms with weight and bias, rotary positions, and a
 * sliding window on every layer when `sliding_window` is set (Mistral's masking); Starcoder2Config ties the head by
 * default (bigcode/starcoder2-15b unties it). Only use_bias biases (attention_bias and mlp_bias are not
 * Starcoder2Config's keys). `mlp_type` and `norm_type` in the hub files are read by no transformers class.
 */
const starcoder2: Builder = (c, notes) => ({
  ...llamaCore(c, notes, { tied: true, qkvBiasOnly: true }),
  d_ff: c.int('intermediate_size'),
  ffn: 'gelu',
  norm: 'layernorm',
  bias: c.bool('use_bias', true),
  ...slidingWindow(c, notes, 'all'),
});

/**
 * Granite MoE (Granite 3.0 / 3.1 1B-A400M and 3B-A800M, PowerMoE; modular_granitemoe.py): LlamaAttention (q, k, v,
 * o biased with attention_bias, default False); every layer a GraniteMoeMoE: a router without bias
 * (JetMoeTopKGating, Linear d → num_local_experts) and num_local_experts gated experts of intermediate_size
 * (GraniteMoeParallelExperts input_linear d → 2·intermediate_size, output_linear back, no biases); RMSNorms;
 * embedding_multiplier, residual_multiplier, attention_multiplier and logits_scaling are scalars on activations, no
 * parameters. GraniteMoeConfig leaves the head untied by default; the hub files tie it.
 */
const granitemoe: Builder = (c, notes) => ({
  ...llamaCore(c, notes, { tied: false }), // GraniteMoeConfig has no mlp_bias: an expert never has a bias
  moe: { experts: c.int('num_local_experts'), top_k: c.int('num_experts_per_tok'), d_ff_expert: c.int('intermediate_size') },
});

/**
 * Nemotron-4 and Minitron (Nemotron-Mini-4B, Minitron-4B/8B; modeling_nemotron.py, configuration_nemotron.py): LlamaAttention's
 * layout (q, k, v, o biased with attention_bias, heads of head_dim, else hidden_size / heads); NemotronMLP's up_proj and
 * down_proj (relu2, no gate: 2 matrices, biased with mlp_bias); input_layernorm, post_attention_layernorm and the final
 * norm are NemotronLayerNorm1P, a LayerNorm with weight and bias (its + 1 on the weight is in forward: no parameter);
 * partial_rotary_factor rotates part of each head, no parameters; NemotronConfig leaves the head untied. NeMo's
 * converter wrote `kv_channels` for the head width, which NemotronConfig does not read (it takes head_dim, else
 * hidden_size // heads): a file with kv_channels and no head_dim is refused where they differ, as transformers would build other heads.
 */
const nemotron: Builder = (c, notes) => {
  const kvChannels = c.optInt('kv_channels');
  // Only where it differs from the width transformers builds (hidden_size // heads): then the checkpoint's heads are not
  // the heads built (an equal kv_channels was refused too; review).
  if (kvChannels !== undefined && c.optInt('head_dim') === undefined && kvChannels.value !== Math.floor(c.int('hidden_size').value / c.int('num_attention_heads').value)) {
    throw c.refused('kv_channels', `kv_channels ${fmt(kvChannels.value)} is not read by transformers' NemotronConfig, which takes head_dim (absent here), else hidden_size // num_attention_heads`,
      `add "head_dim": ${kvChannels.value} if that is the head width the checkpoint holds, as the current hub files do`);
  }
  notes.push('the squared-ReLU MLP (up_proj, down_proj, no gate) is counted as the 2-matrix FFN (ffn: gelu): the same parameters and matrix FLOPs.');
  return { ...llamaCore(c, notes, { tied: false, ungatedMlp: true }), d_ff: c.int('intermediate_size'), ffn: 'gelu', norm: 'layernorm' };
};

/**
 * The refusal of Tencent's cross-layer attention (`use_cla`, every `cla_share_factor` layers sharing one k/v projection
 * in the hub's remote code), which transformers' HunYuan classes do not build: they give every layer its k_proj and v_proj.
 */
export function refuseCla(c: HfConfig): void {
  if (!c.bool('use_cla', false)) return;
  throw c.refused('use_cla', 'use_cla: cross-layer attention (layers sharing k and v projections, cla_share_factor) is not modelled; transformers\' HunYuan classes build k_proj and v_proj in every layer',
    'describe the model by hand in a flopcast model file (YAML); the Hunyuan-7B, Hy-MT2 and Hunyuan-A13B files have use_cla false');
}

/**
 * HunYuan dense (Hunyuan-0.5B … 7B, Hy-MT2, Hunyuan-MT; modular_hunyuan_v1_dense.py): LlamaAttention (q, k, v, o biased
 * with attention_bias) plus an RMSNorm over each head's q and k (query_layernorm, key_layernorm of head_dim) built
 * whatever use_qk_norm says; HunYuanDenseV1MLP, gated, built without biases whatever mlp_bias says; RMSNorms;
 * HunYuanDenseV1Config leaves the head untied by default. The dynamic-alpha RoPE scaling has no parameters.
 */
const hunyuanDense: Builder = (c, notes) => {
  refuseCla(c);
  return { ...llamaCore(c, notes, { tied: false }), d_ff: c.int('intermediate_size'), qk_norm: 'head' };
};

/**
 * VaultGemma (google/vaultgemma-1b; transformers modular_vaultgemma.py): Gemma 2's modules (Gemma2Attention, q, k, v, o
 * biased with attention_bias; the gated GeGLU Gemma2MLP, built without biases whatever mlp_bias says; Gemma2RMSNorm's
 * 1 + weight, d parameters) with VaultGemmaDecoderLayer deleting post_attention_layernorm and post_feedforward_layernorm:
 * two norms per block (input_layernorm, pre_feedforward_layernorm), Gemma 2's four less two. VaultGemmaConfig is
 * Gemma2Config: head_dim 256, the head tied, layers sliding by layer_types, else every other one from layer 0.
 */
const vaultgemma: Builder = dense({ tied: true, headDim: 256 }, (c, notes, b) => {
  softcapNote(c, notes);
  return { ...b, ...slidingWindow(c, notes, 'alternate') };
});

export const MORE: Record<string, Builder> = { starcoder2, granitemoe, nemotron, hunyuan_v1_dense: hunyuanDense, vaultgemma };
