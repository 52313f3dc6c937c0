/**
 * More decoder families (transformers src/transformers/models/<type>/modular_<type>.py or modeling_<type>.py):
 * StarCoder2, Granite MoE and Nemotron (Nemotron-4, Minitron).
 */
import { InputError } from '../../input/errors.js';
import { fmt, llamaCore, slidingWindow, type Builder } from './common.js';
import { plain } from './read.js';

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
const granitemoe: Builder = (c, notes) => {
  // qkvBiasOnly: GraniteMoeConfig has no mlp_bias (an expert never has a bias); o_proj's bias is named below.
  const body = llamaCore(c, notes, { tied: false, qkvBiasOnly: true });
  const d = plain(body.d_model);
  if (body.bias === 'qkv') notes.push(`attention_bias: the o_proj bias (${fmt(d)} per layer, ${fmt(d * plain(body.layers))} in all) is not counted; the q/k/v biases are.`);
  return { ...body, moe: { experts: c.int('num_local_experts'), top_k: c.int('num_experts_per_tok'), d_ff_expert: c.int('intermediate_size') } };
};

/**
 * Nemotron-4 and Minitron (Nemotron-Mini-4B, Minitron-4B/8B; modeling_nemotron.py, configuration_nemotron.py): LlamaAttention's
 * layout (q, k, v, o biased with attention_bias, heads of head_dim, else hidden_size / heads); NemotronMLP's up_proj and
 * down_proj (relu2, no gate: 2 matrices, biased with mlp_bias); input_layernorm, post_attention_layernorm and the final
 * norm are NemotronLayerNorm1P, a LayerNorm with weight and bias (its + 1 on the weight is in forward: no parameter);
 * partial_rotary_factor rotates part of each head, no parameters; NemotronConfig leaves the head untied. NeMo's
 * converter wrote `kv_channels` for the head width, which NemotronConfig does not read (it takes head_dim, else
 * hidden_size // heads): a file with kv_channels and no head_dim is refused, as transformers would build other heads.
 */
const nemotron: Builder = (c, notes) => {
  const kvChannels = c.optInt('kv_channels');
  if (kvChannels !== undefined && c.optInt('head_dim') === undefined) {
    throw new InputError(`kv_channels ${fmt(kvChannels.value)} is not read by transformers' NemotronConfig, which takes head_dim (absent here), else hidden_size // num_attention_heads`, {
      ...c.at('kv_channels'),
      keyPath: c.path('kv_channels'),
      hint: `add "head_dim": ${kvChannels.value} if that is the head width the checkpoint holds, as the current hub files do`,
    });
  }
  notes.push('the squared-ReLU MLP (up_proj, down_proj, no gate) is counted as the 2-matrix FFN (ffn: gelu): the same parameters and matrix FLOPs.');
  return { ...llamaCore(c, notes, { tied: false }), d_ff: c.int('intermediate_size'), ffn: 'gelu', norm: 'layernorm' };
};

export const MORE: Record<string, Builder> = { starcoder2, granitemoe, nemotron };
