/**
 * NVIDIA Nemotron-H and Nemotron 3 (transformers `nemotron_h`, NemotronHForCausalLM): a hybrid of Mamba-2,
 * attention, MLP and MoE layers. Fields and defaults from transformers
 * src/transformers/models/nemotron_h/configuration_nemotron_h.py (NemotronHConfig, and its
 * `__post_init__` for the older `mamba_*` spellings and `hybrid_override_pattern`); the layers from
 * modeling_nemotron_h.py: NemotronHBlock (one RMSNorm, one mixer), NemotronHMamba2Mixer, NemotronHAttention
 * (q, k, v, o without biases), NemotronHMLP (up_proj, down_proj with mlp_bias, relu2: two matrices) and
 * NemotronHMoE (a sigmoid router with e_score_correction_bias, non-gated experts, one shared MLP of
 * moe_shared_expert_intermediate_size, latent projections when moe_latent_size is set).
 */
import { fmt, trainingSeqLen, type Body, type Builder } from './common.js';
import type { HfConfig } from './read.js';

/** NemotronHConfig's defaults for the keys a file may leave out (configuration_nemotron_h.py). */
export const NEMOTRON_H_DEFAULTS = {
  num_attention_heads: 32, num_key_value_heads: 8, head_dim: 128, intermediate_size: 21504,
  ssm_state_size: 128, mamba_num_heads: 128, mamba_head_dim: 64, n_groups: 8, conv_kernel: 4, chunk_size: 128,
  n_routed_experts: 8, num_experts_per_tok: 2, moe_intermediate_size: 7688, moe_shared_expert_intermediate_size: 7688,
} as const;

/** `layers_block_type` names, current and legacy (configuration_nemotron_h.py `_list_to_pattern`; remap_legacy_layer_types). */
const BLOCK_CHAR: Record<string, string> = { linear_attention: 'M', mamba: 'M', full_attention: '*', attention: '*', mlp: '-', moe: 'E' };

/** The pattern as `hybrid_override_pattern`, or built from the newer `layers_block_type` list. */
function patternOf(c: HfConfig): { pattern: string; key: string } {
  const p = c.str('hybrid_override_pattern');
  if (p !== undefined) return { pattern: p, key: 'hybrid_override_pattern' };
  // Given but not a list (`layers_block_type: "mamba"`), refused at its own line: it was 'required layer pattern is missing'.
  const list = c.list('layers_block_type');
  if (list === undefined) {
    throw c.refused('hybrid_override_pattern', 'required layer pattern is missing', 'a nemotron_h config.json names its layers in hybrid_override_pattern (e.g. "M-M*-") or layers_block_type');
  }
  // An unknown name keeps its own text, so the model schema's pattern check names it.
  return { pattern: list.map((t) => BLOCK_CHAR[String(t)] ?? String(t)).join(''), key: 'layers_block_type' };
}

export const nemotronH: Builder = (c, notes) => {
  const { pattern, key } = patternOf(c);
  const d = c.int('hidden_size');
  const heads = c.int('num_attention_heads');
  const mambaHeads = c.int('mamba_num_heads');
  const headDim = c.int('mamba_head_dim');
  // NemotronHMamba2Mixer: intermediate_size = mamba_num_heads · mamba_head_dim; `expand` is not used.
  const expand = c.optInt('expand', 'mamba_expand');
  if (expand && expand.value * d.value !== mambaHeads.value * headDim.value) {
    notes.push(`expand ${expand.value} is not used: the Mamba-2 inner width is mamba_num_heads × mamba_head_dim = ${fmt(mambaHeads.value * headDim.value)} (modeling_nemotron_h.py).`);
  }
  if (c.bool('attention_bias', false)) notes.push('attention_bias: NemotronHAttention builds q, k, v and o without biases; none are counted.');
  if (c.bool('mlp_bias', false)) notes.push('mlp_bias: the MLP and shared-expert biases are not counted.');
  const nextn = c.optCount('num_nextn_predict_layers')?.value ?? 0;
  if (nextn > 0) c.noteUncountedMtp(notes, `num_nextn_predict_layers ${nextn}: the multi-token-prediction layers (mtp_layers_block_type) are not counted.`);
  // NemotronHConfig takes the layer count from the pattern and warns when the deprecated num_hidden_layers
  // disagrees (its __post_init__); the hub's first remote-code config asserted they match. Said, not silent.
  const stated = c.optInt('num_hidden_layers');
  if (stated && stated.value !== pattern.length) notes.push(`num_hidden_layers ${fmt(stated.value)} does not match the ${fmt(pattern.length)} layers of ${key}: counted by ${key}, as transformers does (NemotronHConfig warns).`);
  const body: Body = {
    layers: c.derived(pattern.length, key),
    d_model: d,
    heads,
    kv_heads: c.int('num_key_value_heads'),
    d_head: c.int('head_dim', 'attention_head_dim'),
    ...(pattern.includes('-') ? { d_ff: c.int('intermediate_size') } : {}),
    ffn: 'gelu', // NemotronHMLP: up_proj, act (relu2), down_proj; two matrices
    vocab: c.int('vocab_size'),
    ...trainingSeqLen(c),
    tied_embeddings: c.tiedEmbeddings(false),
    norm: 'rmsnorm',
    bias: false,
    position: 'none', // NemotronHAttention is JambaAttention (modeling_nemotron_h.py): no rotary embedding (NoPE)
    layer_pattern: c.derived(pattern, key),
  };
  // The mixer's fields, for the M layers; a pattern without one has no mixer to describe.
  if (pattern.includes('M')) {
    body.mamba = {
      heads: mambaHeads,
      head_dim: headDim,
      state_size: c.int('ssm_state_size'),
      groups: c.int('n_groups', 'mamba_n_groups'),
      conv_kernel: c.int('conv_kernel', 'mamba_d_conv'),
      chunk_size: c.int('chunk_size', 'mamba_chunk_size'),
      // The first files' mamba_conv_bias over use_conv_bias, as NemotronHConfig.__init__ takes them (`self.use_conv_bias =
      // kwargs.pop("mamba_conv_bias") if "mamba_conv_bias" in kwargs else self.use_conv_bias`).
      conv_bias: Object.hasOwn(c.raw, 'mamba_conv_bias') ? c.bool('mamba_conv_bias', true) : c.bool('use_conv_bias', true),
      // in_proj / out_proj biases: use_bias in current transformers, mamba_proj_bias in the first files.
      proj_bias: c.bool('use_bias', false) || c.bool('mamba_proj_bias', false),
    };
  }
  if (!pattern.includes('E')) return body;
  const latent = c.optInt('moe_latent_size');
  if (latent) {
    throw c.refused('moe_latent_size', 'moe_latent_size: latent MoE projections are not representable', 'the model format has no latent expert width; write the model file by hand without it, or leave latent MoE models out');
  }
  const sharedWidth = c.optCount('moe_shared_expert_intermediate_size');
  return {
    ...body,
    moe: {
      experts: c.int('n_routed_experts', 'num_local_experts'),
      top_k: c.int('num_experts_per_tok'),
      d_ff_expert: c.int('moe_intermediate_size'),
      // NemotronHMoE holds one shared MLP whatever n_shared_experts says.
      ...(sharedWidth && sharedWidth.value > 0 ? { shared_experts: 1, d_ff_shared: sharedWidth } : {}),
      router_bias: true, // NemotronHTopkRouter's e_score_correction_bias, one per expert
    },
  };
};
