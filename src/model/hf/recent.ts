/**
 * Dense decoder families of 2024-2025 that the Llama core describes with a change or two (transformers
 * src/transformers/models/<type>/modular_<type>.py, or the hub's remote code): SmolLM3, OLMo 3, GLM-4 (0414), Seed-OSS,
 * EXAONE 4, ERNIE 4.5, InternLM2, Apertus and MiniCPM.
 */
import { describe } from '../../input/found.js';
import { dense, fmt, llamaCore, periodicLayerTypes, perLayerTypes, refusePerLayerLength, slidingWindow, windowOn, type Body, type Builder, type WindowKind } from './common.js';
import { Keyed, plain } from './keyed.js';

/**
 * SmolLM3 (modular_smollm3.py): Llama's modules, the head tied by default (SmolLM3Config tie_word_embeddings
 * True). `no_rope_layers` (0: a NoPE layer, by default every 4th) skips the rotary embedding: no parameters.
 * With use_sliding_window the NoPE layers slide (SmolLM3Config.__post_init__ builds layer_types so).
 */
const smollm3: Builder = dense({ tied: true }, (c, notes, b) => {
  notes.push('NoPE layers (no_rope_layers 0: no rotary embedding on those layers) add no parameters and no matrix product.');
  const layers = plain(b.layers);
  // SmolLM3Attention reads `config.no_rope_layers[layer_idx]` for every layer, and SmolLM3Config.__post_init__ too when
  // it builds layer_types over range(num_hidden_layers); its docstring asks for a list "at least the same length as the
  // number of layers" (configuration_smollm3.py @ 008e574). A shorter one given (an empty one is kept, not replaced) is an
  // IndexError there, refused at its key; a longer one's entries past the last layer are never read.
  const given = c.optIntList('no_rope_layers');
  const listed = given !== undefined;
  if (listed) refusePerLayerLength(c, 'no_rope_layers', given.length, layers, 'transformers\' SmolLM3Attention reads no_rope_layers[layer_idx] for each layer', true);
  const noRope = (given ?? []).slice(0, layers);
  const window = c.optInt('sliding_window');
  if (!c.bool('use_sliding_window', false) || window === undefined) return b;
  // A layer_types the file lists is the config's (slidingWindow reads it); else SmolLM3Config's rule from the NoPE layers.
  if (c.list('layer_types') !== undefined) return { ...b, ...slidingWindow(c, notes, 'all') };
  // no_rope_layers by default: `int((layer_idx + 1) % no_rope_layer_interval != 0)`, every interval-th layer NoPE (and sliding).
  const [types, from] = listed
    ? [noRope.map((r): WindowKind => (r === 0 ? 'sliding_attention' : 'full_attention')), 'no_rope_layers']
    : [periodicLayerTypes(c, 'no_rope_layer_interval', c.optInt('no_rope_layer_interval')?.value ?? 4, layers, 'full_attention' as WindowKind, 'sliding_attention' as WindowKind), 'no_rope_layer_interval'];
  return { ...b, ...windowOn(window, new Keyed(types, c.path(from), true), notes, c.path(from)) };
});

/**
 * OLMo 3 (modular_olmo3.py): OLMo 2's modules (RMSNorm over the whole q and k projections, post-norms), and
 * sliding-window attention on three layers in four: Olmo3Config builds layer_types `"sliding_attention" if (i +
 * 1) % 4 != 0 else "full_attention"` when the file has none.
 */
const olmo3: Builder = dense({ tied: false }, (c, notes, b) => {
  const window = slidingWindow(c, notes, 'all');
  const pattern = window.sliding_window !== undefined && window.layer_types === undefined ? { layer_types: periodicLayerTypes(c, 'layer_types', 4, plain(b.layers), 'sliding_attention', 'full_attention') } : {};
  return { ...b, qk_norm: 'full', ...window, ...pattern };
});

/**
 * GLM-4 dense (GLM-4-9B/32B-0414; modular_glm4.py): Glm4Attention biases q, k and v with attention_bias
 * (Glm4Config default True) and never o_proj; head_dim defaults to 128; Glm4MLP (Phi3MLP) fuses gate_up_proj,
 * the gated MLP's weights; Glm4DecoderLayer has four RMSNorms (input_layernorm, post_self_attn_layernorm,
 * post_attention_layernorm, post_mlp_layernorm). partial_rotary_factor rotates half of each head: no parameters.
 */
const glm4: Builder = dense({ tied: false, headDim: 128, qkvBiasOnly: true, attentionBias: true }, (_c, _notes, b) => ({ ...b, block_norms: 4 }));

/**
 * Seed-OSS (modular_seed_oss.py): SeedOssAttention biases q, k, v with attention_bias (SeedOssConfig default
 * True) and o_proj with attention_out_bias (default False); SeedOssMLP is gated, biased with mlp_bias (default
 * False); head_dim defaults to 128.
 */
const seedOss: Builder = (c, notes) => {
  const body = llamaCore(c, notes, { tied: false, headDim: 128, qkvBiasOnly: true, attentionBias: true });
  const qkv = body.bias === 'qkv';
  const out = c.bool('attention_out_bias', false);
  const mlp = c.bool('mlp_bias', false);
  const d = plain(body.d_model);
  const layers = plain(body.layers);
  if (qkv && out && mlp) return { ...body, bias: true, d_ff: c.int('intermediate_size') };
  if (out) notes.push(`attention_out_bias: the o_proj bias (${fmt(d)} per layer, ${fmt(d * layers)} in all) is not counted${qkv ? '; the q/k/v biases are' : ''}.`);
  if (mlp) notes.push('mlp_bias: the MLP biases (2·d_ff + d_model per layer) are not counted.');
  return { ...body, bias: qkv ? 'qkv' : false, d_ff: c.int('intermediate_size') };
};

/**
 * EXAONE 4 (modular_exaone4.py): Exaone4Attention without biases and with an RMSNorm over each head's q and k
 * (q_norm, k_norm of head_dim); Exaone4DecoderLayer is OLMo 2's (post-norms, 2 per block). Local layers from
 * layer_types, else sliding_window_pattern: an integer n (`(i + 1) % n != 0` slides) or a string of L (local)
 * and G (global) repeated from layer 0, the last layer always global (Exaone4Config docstring); absent, Exaone4Config's
 * default 4 (its __init__: sliding_window_pattern=4).
 */
const exaone4: Builder = dense({ tied: false }, (c, notes, b) => {
  const body: Body = { ...b, qk_norm: 'head' };
  const window = slidingWindow(c, notes, 'all');
  if (window.sliding_window === undefined || window.layer_types !== undefined) return { ...body, ...window };
  const size = window.sliding_window as number | Keyed<number>; // slidingWindow's: present (checked above)
  const given = c.raw.sliding_window_pattern;
  if (given === undefined || given === null) notes.push('sliding_window_pattern absent: Exaone4Config\'s default 4 (every fourth layer global).');
  const raw = given === undefined || given === null ? 4 : given;
  const layers = plain(b.layers);
  const key = c.path('sliding_window_pattern');
  if (typeof raw === 'number' && Number.isInteger(raw) && raw > 0) {
    return { ...body, ...windowOn(size, new Keyed(periodicLayerTypes(c, 'sliding_window_pattern', raw, layers, 'sliding_attention', 'full_attention'), key, true), notes, key) };
  }
  if (typeof raw === 'string' && /^[LG]+$/.test(raw)) {
    const types = perLayerTypes(c, layers, 'sliding_window_pattern', (i): WindowKind => (i < layers - 1 && raw[i % raw.length] === 'L' ? 'sliding_attention' : 'full_attention'));
    return { ...body, ...windowOn(size, new Keyed(types, key, true), notes, key) };
  }
  throw c.refused('sliding_window_pattern', `expected a positive integer or a string of L and G, found ${describe(raw)}`, 'e.g. 4 or "LLLG": three local layers, then a global one');
});

/**
 * ERNIE 4.5 dense (ERNIE-4.5-0.3B; modular_ernie4_5.py): Llama's modules with use_bias on every attention and MLP
 * linear (bias: true) and none on the output head; Ernie4_5Config's head_dim defaults to 128 and the head is tied.
 */
const ernie45: Builder = dense({ tied: true, headDim: 128 }, (c, _notes, b) => (c.bool('use_bias', false) ? { ...b, bias: true } : b));

/**
 * InternLM2 / 2.5 (the hub's remote code, modeling_internlm2.py, auto_map InternLM2ForCausalLM): InternLM2Attention's
 * fused wqkv (d → (heads + 2·kv_heads)·head_dim, head_dim = d / heads) and wo, both biased with `bias` (InternLM2Config
 * default True; the published files say false); InternLM2MLP w1, w3, w2 gated without biases; attention_norm and
 * ffn_norm RMSNorms; an untied output head. With `bias`, wo's bias is named and not counted (bias: qkv).
 */
const internlm2: Builder = dense({ tied: false }, (c, notes, b) => {
  if (!c.bool('bias', true)) return b;
  const d = plain(b.d_model);
  notes.push(`bias: the wo bias (${fmt(d)} per layer, ${fmt(d * plain(b.layers))} in all) is not counted; the wqkv biases are.`);
  return { ...b, bias: 'qkv' };
});

/**
 * Apertus (modular_apertus.py): LlamaAttention (q, k, v, o biased with attention_bias) with q_norm and k_norm
 * RMSNorms over each head; ApertusMLP, NemotronMLP's up_proj and down_proj built without biases whatever mlp_bias
 * says, around xIELU (transformers activations.py XIELUActivation: two learned scalars per MLP, alpha_p and alpha_n,
 * and two buffers, beta and eps): 2 matrices, counted as ffn: gelu; attention_layernorm and feedforward_layernorm.
 */
const apertus: Builder = (c, notes) => {
  const body = llamaCore(c, notes, { tied: false, qkvBiasOnly: true });
  const d = plain(body.d_model);
  const layers = plain(body.layers);
  if (body.bias === 'qkv') notes.push(`attention_bias: the o_proj bias (${fmt(d)} per layer, ${fmt(d * layers)} in all) is not counted; the q/k/v biases are.`);
  notes.push('the xIELU MLP (up_proj, down_proj, no gate) is counted as the 2-matrix FFN (ffn: gelu): the same parameters and matrix FLOPs.');
  if ((c.str('hidden_act') ?? 'xielu') === 'xielu') {
    notes.push(`xIELU's learned alpha_p and alpha_n (2 per layer, ${fmt(2 * layers)} in all) are not counted; they add no matrix product.`);
  }
  return { ...body, ffn: 'gelu', d_ff: c.int('intermediate_size'), qk_norm: 'head' };
};

/**
 * MiniCPM, MiniCPM 4 and 4.1 (OpenBMB's remote code, auto_map configuration_minicpm.MiniCPMConfig and
 * modeling_minicpm.MiniCPMForCausalLM, as MiniCPM4's hub repository ships them, copied in duoyuncloud/ModelConverterTool
 * @ d859c30 test_download/): MiniCPMAttention's q, k, v and o, biased with attention_bias (MiniCPMConfig default False),
 * heads of hidden_size // num_attention_heads whatever a head_dim key says (classFields.ts NO_HEAD_DIM); MiniCPMMLP's
 * gate, up and down projections without biases; input_layernorm and post_attention_layernorm RMSNorms, the final norm;
 * MiniCPMConfig ties the head by default (tie_word_embeddings=True; MiniCPM 4.1 8B unties it). The muP keys are scalars
 * on activations: the embedding times scale_emb, each residual branch times scale_depth / √num_hidden_layers, the
 * head's input divided by hidden_size / dim_model_base (MiniCPMModel.forward, MiniCPMDecoderLayer.forward); mup_denominator
 * is "only used for Eagle Head". MiniCPM 4's InfLLM v2 (sparse_config) pools keys by a mean (CompressK, no weights) to
 * pick topk blocks per query past dense_len tokens: no parameters, and attention is counted dense, said so. A file with
 * num_experts (MiniCPM-MoE's remote code builds routed experts, which MiniCPMConfig has no field for) is refused.
 */
const minicpm: Builder = dense({ tied: true }, (c, notes, b) => {
  const experts = c.optCount('num_experts');
  if (experts !== undefined && experts.value > 0) {
    throw c.refused('num_experts', `num_experts ${fmt(experts.value)}: a MiniCPM-MoE file, whose remote code builds routed experts in each layer; the minicpm importer reads MiniCPMConfig's dense layers only`,
      'describe it by hand in a flopcast model file (YAML), with moe.experts and moe.top_k');
  }
  const scalars = ['scale_emb', 'scale_depth', 'dim_model_base'].filter((k) => c.raw[k] !== undefined && c.raw[k] !== null);
  if (scalars.length > 0) notes.push(`the muP scalars (${scalars.join(', ')}) multiply activations: no parameters, no matrix product.`);
  const sparse = c.mapping('sparse_config');
  if (sparse !== undefined) {
    const dense = typeof sparse.dense_len === 'number' ? ` past dense_len (${fmt(sparse.dense_len)} tokens)` : '';
    notes.push(`sparse_config: InfLLM v2's sparse attention (each query reads its topk key blocks${dense}) is not modelled: attention is counted dense, an upper bound on its FLOPs; it adds no parameters.`);
  }
  return b;
});

export const RECENT_DENSE: Record<string, Builder> = { smollm3, olmo3, glm4, seed_oss: seedOss, exaone4, ernie4_5: ernie45, internlm2, apertus, minicpm };
