/**
 * Granite 4.0's attention-only checkpoints (ibm-granite/granite-4.0-micro, granite-4.0-1b, granite-4.0-350m), written under
 * GraniteMoeHybrid's model_type (huggingface/transformers src/transformers/models/granitemoehybrid/modular_granitemoehybrid.py
 * @ 403a367, configuration_granitemoehybrid.py @ 4f7e1d4).
 */
import { fmt, llamaCore, refusePerLayerLength, type Builder } from './common.js';
import { HYBRID_SSM_HINT } from './unsupported.js';

/** The layer kinds GraniteMoeHybridConfig accepts in layer_types (it raises a ValueError on any other). */
const KINDS = ['mamba', 'attention'] as const;

/**
 * GraniteMoeHybridDecoderLayer builds a GraniteMoeHybridMambaLayer (BambaMixer, a Mamba-2 mixer) where
 * `layers_block_type[i]` is "mamba" and a GraniteMoeHybridAttention (GraniteMoeSharedAttention: q, k, v and o, biased by
 * attention_bias) on the others; in every layer a shared_mlp (GraniteMoeSharedMLP: input_linear d → 2·shared_intermediate_size,
 * gated, output_linear back, no biases), and the routed experts (block_sparse_moe) only where num_local_experts > 0; two
 * RMSNorms per layer and a final one. `layers_block_type` is `layer_types`, or every layer "mamba" when the file has none.
 * Counted: every layer attention and no routed experts, which are Granite 3's layers (src/model/hf.ts granite) with the MLP
 * shared_intermediate_size wide (intermediate_size is the experts' width). Refused, at the key: Mamba layers (the hybrid
 * granite-4.0-h-* checkpoints), whose Mamba-2 mixers in this layout are not read, and routed experts beside the shared MLP
 * (GraniteMoeShared's MoE), which a model file writes by hand. position_embedding_type "rope" is rotary; None (the class's
 * default) is no position encoding. embedding_multiplier, residual_multiplier, attention_multiplier and logits_scaling scale
 * activations: no parameters.
 */
export const granitemoehybrid: Builder = (c, notes) => {
  const layers = c.int('num_hidden_layers').value;
  const types = c.textList('layer_types');
  if (types === undefined) {
    throw c.refused('layer_types', 'missing: without layer_types GraniteMoeHybridConfig makes every layer a Mamba-2 mixer (layers_block_type), which this layout is not read for', HYBRID_SSM_HINT);
  }
  types.forEach((t, i) => {
    if (!(KINDS as readonly string[]).includes(t)) throw c.refused(`layer_types[${i}]`, `expected "mamba" or "attention" (GraniteMoeHybridConfig's layer kinds), found "${t}"`, 'write each layer as "mamba" or "attention"');
  });
  refusePerLayerLength(c, 'layer_types', types.length, layers, 'GraniteMoeHybridDecoderLayer reads one layer kind per layer');
  const mamba = types.filter((t) => t === 'mamba').length;
  if (mamba > 0) {
    throw c.refused('layer_types', `${fmt(mamba)} of ${fmt(layers)} layers are "mamba": GraniteMoeHybrid's Mamba-2 mixers (BambaMixer; mamba_n_heads, mamba_d_state, … in its own config layout) are not read, only nemotron_h's hybrid layers are`, HYBRID_SSM_HINT);
  }
  // Left out, GraniteMoeHybridConfig's 8 (typeDefaults.ts).
  const experts = c.optCount('num_local_experts')!;
  if (experts.value > 0) {
    const left = c.defaulted.has(c.path('num_local_experts')) ? ' (left out: GraniteMoeHybridConfig\'s default)' : '';
    throw c.refused('num_local_experts', `${fmt(experts.value)} routed experts${left} beside the shared MLP (GraniteMoeShared's MoE) are not read; only the attention-only Granite 4.0 files without experts are counted`);
  }
  const position = c.str('position_embedding_type');
  if (position !== undefined && position !== 'rope') {
    throw c.refused('position_embedding_type', `expected "rope" or null (GraniteMoeHybridConfig's position encodings), found "${position}"`, 'write "rope" for rotary positions, or null for none');
  }
  if (position === undefined) notes.push('position_embedding_type is not "rope": GraniteMoeHybridModel builds no rotary embedding, so the attention layers have no position encoding (position: none).');
  return {
    ...llamaCore(c, notes, { tied: false }),
    d_ff: c.int('shared_intermediate_size'),
    position: position === 'rope' ? 'rotary' : 'none',
  };
};
