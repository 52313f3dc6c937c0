/**
 * More dense decoder families (transformers src/transformers/models/<type>/modeling_<type>.py, or the hub's remote code
 * where transformers has none): MPT, GLM-4 (the 2024 glm type), Baichuan and EXAONE 3.0 / 3.5.
 */
import { describe } from '../../input/found.js';
import { dense, fmt, trainingSeqLen, type Builder } from './common.js';
import type { HfConfig } from './read.js';

/**
 * llm-foundry's ffn_config (MosaicML's MPTConfig; transformers' MptConfig has no such key and MptModel reads none): its
 * ffn_type (default mptmlp) other than mptmlp builds other weights there (mptglu: three matrices, gated; mb_moe and
 * mb_dmoe: experts; te_ln_mlp: Transformer Engine's LayerNormMLP, its norm inside), and its ffn_hidden_size the MLP's
 * width in place of expansion_ratio·d_model (llmfoundry/models/layers/ffn.py resolve_ffn_hidden_size): refused at the key where they differ from the MLP transformers builds.
 */
function refuseMptFfn(c: HfConfig, width: number): void {
  const f = c.mapping('ffn_config') ?? {};
  if (f.ffn_type !== undefined && f.ffn_type !== null && f.ffn_type !== 'mptmlp') {
    throw c.refused('ffn_config.ffn_type', `ffn_type ${describe(f.ffn_type)}: transformers' MptModel builds the 2-matrix GELU MLP (llm-foundry's mptmlp) whatever ffn_config says, llm-foundry another block`);
  }
  const given = c.optNestedInt('ffn_config', 'ffn_hidden_size');
  if (given !== undefined && given.value !== width) {
    throw c.refused('ffn_config.ffn_hidden_size', `ffn_hidden_size ${fmt(given.value)}: transformers' MptMLP is 4·d_model (${fmt(width)}) wide whatever ffn_config says, llm-foundry's ${fmt(given.value)}`);
  }
}

/**
 * MPT (MPT-7B, MPT-30B; transformers modeling_mpt.py, configuration_mpt.py MptConfig): per block norm_1 and norm_2, LayerNorms
 * whose bias transformers sets to None (weight only, counted as an RMSNorm's d weights), MptAttention's Wqkv (d → 3·d, no
 * bias) and out_proj (no bias), MptMLP's up_proj (d → 4·d) and down_proj (no biases, GELU); norm_f; ALiBi, so no position
 * table; MptForCausalLM ties lm_head to wte (MptConfig tie_word_embeddings True). transformers builds exactly this whatever
 * the file says, where MosaicML's remote code reads more: a file whose no_bias, expansion_ratio, ffn_config, attn_type,
 * kv_n_heads, qk_ln or alibi would build other weights there is refused at the key rather than counted as one or the
 * other (attn_config's booleans read by HfConfig.bool at their nested key, a null refused there).
 */
const mpt: Builder = (c, notes) => {
  const d = c.int('d_model', 'hidden_size');
  const heads = c.int('n_heads', 'num_attention_heads');
  if (!c.bool('no_bias', true)) throw c.refused('no_bias', `no_bias ${describe(c.raw.no_bias)}: MosaicML's code then biases every linear and LayerNorm, while transformers' MptModel builds none`, 'the published MPT files have no_bias true; describe this model by hand in a flopcast model file (YAML)');
  // llm-foundry's expansion_ratio is Union[int, float] (2.5 builds a 2.5·d MLP there): any number but 4 refused as such.
  const ratio = c.optNumber('expansion_ratio');
  if (ratio !== undefined && ratio !== 4) throw c.refused('expansion_ratio', `expansion_ratio ${fmt(ratio)}: transformers' MptMLP is 4·d_model wide whatever expansion_ratio says, MosaicML's code ${fmt(ratio)}·d_model`);
  refuseMptFfn(c, 4 * d.value);
  const attn = c.mapping('attn_config') ?? {};
  const attnType = attn.attn_type ?? 'multihead_attention';
  if (attnType !== 'multihead_attention') throw c.refused('attn_config.attn_type', `attn_type ${describe(attnType)}: transformers' MptAttention builds multi-head attention (Wqkv of 3·d_model) only`);
  // A kv_n_heads of the wrong kind is named as such (it was reported as a mismatch: kv_n_heads "x" differs from n_heads).
  const kvHeads = c.optNestedInt('attn_config', 'kv_n_heads');
  if (kvHeads !== undefined && kvHeads.value !== heads.value) throw c.refused('attn_config.kv_n_heads', `kv_n_heads ${fmt(kvHeads.value)} differs from n_heads ${fmt(heads.value)}: transformers' MptAttention builds a key and value head per query head`);
  if (c.bool('attn_config.qk_ln', false)) throw c.refused('attn_config.qk_ln', 'qk_ln true: transformers\' MptAttention builds no q/k LayerNorms (MosaicML\'s code does)');
  if (!c.bool('attn_config.alibi', true)) throw c.refused('attn_config.alibi', `alibi ${describe(attn.alibi)}: transformers' MptModel always adds ALiBi and builds no position table (MosaicML's code then learns one)`);
  notes.push('norm_1, norm_2 and norm_f are LayerNorms without a bias: their weight, d per norm, is counted as an RMSNorm\'s (norm: rmsnorm), the same parameters.');
  return {
    layers: c.int('n_layers', 'num_hidden_layers'),
    d_model: d,
    heads,
    d_ff: c.derived(4 * d.value, 'd_model', 'hidden_size'),
    ffn: 'gelu',
    vocab: c.int('vocab_size'),
    ...trainingSeqLen(c, ['max_seq_len']),
    tied_embeddings: c.tiedEmbeddings(true),
    norm: 'rmsnorm',
    position: 'alibi',
  };
};

/**
 * GLM-4 (THUDM/glm-4-9b-chat-hf and the other `glm` files transformers' convert_glm_weights_to_hf.py writes from the
 * chatglm checkpoints; modular_glm.py): GlmAttention is GraniteAttention, LlamaAttention's q, k, v biased with
 * attention_bias (GlmConfig default True), with o_proj rebuilt without a bias; GlmMLP is Phi3MLP (gate_up_proj fused,
 * down_proj, no biases), the gated MLP's weights; two RMSNorms per layer (glm4's four are Glm4DecoderLayer's);
 * partial_rotary_factor (0.5) rotates half of each head, no parameters; head_dim 128 and 2 key/value heads by default
 * (GlmConfig: src/model/hf/typeDefaults.ts); GlmConfig leaves the head untied.
 */
const glm: Builder = dense({ tied: false, headDim: 128, qkvBiasOnly: true, attentionBias: true });

/**
 * Baichuan (Baichuan-7B/13B, Baichuan2-7B/13B; the hub's remote code, modeling_baichuan.py, auto_map BaichuanForCausalLM or
 * BaiChuanForCausalLM): per layer W_pack (d → 3·d, no bias: q, k and v of every head) and o_proj without bias, a gated MLP
 * (gate_proj, up_proj, down_proj) without biases, input_layernorm and post_attention_layernorm RMSNorms; the final norm;
 * an untied lm_head without bias (Baichuan2's NormHead normalizes its rows in forward: the same weights). The files
 * record no position scheme: the 7B code rotates (RoPE), the 13B code adds ALiBi, and they are told apart as vLLM's
 * vllm/model_executor/models/baichuan.py does (BaiChuanForCausalLM, or hidden_size 4096: RoPE; else ALiBi), which
 * changes no count. The context is max_position_embeddings, or the 13B files' model_max_length.
 */
const baichuan: Builder = (c, notes) => {
  const d = c.int('hidden_size');
  const arch = Array.isArray(c.raw.architectures) ? c.raw.architectures[0] : undefined;
  const rope = arch === 'BaiChuanForCausalLM' || d.value === 4096;
  notes.push(`${rope ? 'RoPE' : 'ALiBi'} positions, as Baichuan's ${rope ? '7B' : '13B'} code has them (the file names none; ${arch === 'BaiChuanForCausalLM' ? 'architectures BaiChuanForCausalLM' : `hidden_size ${fmt(d.value)}`}, vLLM's rule): no parameters either way.`);
  return {
    layers: c.int('num_hidden_layers'),
    d_model: d,
    heads: c.int('num_attention_heads'),
    d_ff: c.int('intermediate_size'),
    ffn: 'swiglu',
    vocab: c.int('vocab_size'),
    ...trainingSeqLen(c, ['max_position_embeddings', 'model_max_length']),
    tied_embeddings: c.tiedEmbeddings(false),
    norm: 'rmsnorm',
    position: rope ? 'rotary' : 'alibi',
  };
};

/**
 * EXAONE 3.0 / 3.5 (the hub's remote code, modeling_exaone.py, auto_map ExaoneForCausalLM; vLLM's copy of its config class,
 * vllm/transformers_utils/configs/exaone.py ExaoneConfig): per ExaoneBlock ln_1 and ln_2 RMSNorms, q_proj, k_proj, v_proj
 * (num_key_value_heads, default num_attention_heads) and out_proj without biases over heads of hidden_size / heads, the
 * gated ExaoneGatedMLP (c_fc_0, c_fc_1, c_proj, no biases) of intermediate_size (default 4·hidden_size); ln_f; rotary
 * positions; ExaoneConfig ties lm_head by default (the 2.4B files tie it, the 7.8B and 32B ones do not). num_layers is
 * the layers (num_hidden_layers its attribute_map alias).
 */
const exaone: Builder = (c) => {
  const d = c.int('hidden_size');
  const heads = c.int('num_attention_heads');
  return {
    layers: c.int('num_layers', 'num_hidden_layers'),
    d_model: d,
    heads,
    kv_heads: c.optInt('num_key_value_heads') ?? heads,
    d_ff: c.optInt('intermediate_size') ?? c.derived(4 * d.value, 'hidden_size'),
    ffn: 'swiglu',
    vocab: c.int('vocab_size'),
    ...trainingSeqLen(c),
    tied_embeddings: c.tiedEmbeddings(true),
    norm: 'rmsnorm',
    position: 'rotary',
  };
};

export const MORE_DENSE: Record<string, Builder> = { mpt, glm, baichuan, exaone };
