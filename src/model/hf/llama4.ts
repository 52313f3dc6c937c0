/**
 * Llama 4 (transformers `llama4_text`, the language model a `llama4` config nests under text_config:
 * src/transformers/models/llama4/configuration_llama4.py Llama4TextConfig and modeling_llama4.py).
 *
 * - MoE layers: `moe_layers`, or `list(range(interleave_moe_layer_step - 1, num_hidden_layers,
 *   interleave_moe_layer_step))` (Scout 1: every layer; Maverick 2: layers 1, 3, 5, …), the model's
 *   `moe.every`. A Llama4TextMoe is a router (Linear d→E, no bias), num_local_experts experts of
 *   intermediate_size (Llama4TextExperts: gate_up_proj [E, d, 2F], down_proj [E, F, d], no biases) and one
 *   shared expert (Llama4TextMLP of intermediate_size); the other layers are a Llama4TextMLP of
 *   intermediate_size_mlp.
 * - Attention: `layer_types` ("chunked_attention" / "full_attention"), else `no_rope_layers` (1: RoPE and
 *   chunked, 0: NoPE and global), else a NoPE layer every `no_rope_layer_interval` layers
 *   (`int((layer_idx + 1) % interval != 0)`: layers 3, 7, 11, … global). Chunked layers attend within
 *   `attention_chunk_size` tokens (masking_utils `create_chunked_causal_mask`).
 */
import { describe } from '../../input/found.js';
import { fmt, llamaCore, periodicLayerTypes, refuseLayerTypesLength, type Body, type Builder } from './common.js';
import type { HfConfig } from './read.js';
import { Keyed, plain } from './keyed.js';

type Kind = 'chunked_attention' | 'full_attention';

/** Llama4TextConfig's defaults for the keys this importer reads and a file may leave out. */
export const LLAMA4_DEFAULTS: Readonly<Record<string, number>> = { attention_chunk_size: 8192, no_rope_layer_interval: 4, interleave_moe_layer_step: 1, intermediate_size_mlp: 16384 };

/** Which layers are chunked (attention_chunk_size) and which global, as the model's layer_types. */
function chunkedAttention(c: HfConfig, notes: string[], layers: number): Pick<Body, 'attention_chunk_size' | 'layer_types'> {
  const chunk = c.optInt('attention_chunk_size');
  if (chunk === undefined) {
    notes.push('attention_chunk_size null: every layer is counted as attending over the whole sequence.');
    return {};
  }
  // The list, the key it came from (unprefixed, for its place in the file), and whether it was worked out from a period.
  let list: Kind[];
  let from: string;
  let computed = false;
  const listed = c.list('layer_types');
  const noRope = c.intList('no_rope_layers');
  // An empty layer_types is kept by Llama4TextConfig and refused by layer_type_validation (an empty no_rope_layers is
  // replaced by the interval's: `no_rope_layers if no_rope_layers else default_no_rope_layers`).
  if (listed !== undefined) {
    const bad = listed.findIndex((t) => t !== 'chunked_attention' && t !== 'full_attention');
    if (bad >= 0) {
      throw c.refused(`layer_types[${bad}]`, `expected "chunked_attention" or "full_attention", found ${describe(listed[bad])}`, 'Llama 4 layers are chunked (RoPE) or global (NoPE)');
    }
    refuseLayerTypesLength(c, listed, layers);
    [list, from] = [listed as Kind[], 'layer_types'];
  } else if (noRope.length > 0) {
    // Llama4TextConfig derives layer_types from no_rope_layers, one per entry, and runs layer_type_validation on them.
    refuseLayerTypesLength(c, noRope, layers, 'no_rope_layers');
    [list, from] = [noRope.map((r): Kind => (r !== 0 ? 'chunked_attention' : 'full_attention')), 'no_rope_layers'];
  } else {
    // `int((layer_idx + 1) % no_rope_layer_interval != 0)`: every interval-th layer NoPE and global.
    list = periodicLayerTypes(c, 'no_rope_layer_interval', c.optInt('no_rope_layer_interval')!.value, layers, 'chunked_attention' as Kind, 'full_attention' as Kind);
    [from, computed] = ['no_rope_layer_interval', true];
  }
  if (!list.includes('chunked_attention')) return {};
  const types = new Keyed(list, c.path(from), computed || from === 'no_rope_layers');
  return { attention_chunk_size: chunk, layer_types: types };
}

/** moe.every (or, for a moe_layers list off any period, dense_layers), d_ff for the dense layers, and the MoE block. */
function moeLayers(c: HfConfig, notes: string[], layers: number): Pick<Body, 'd_ff' | 'moe'> {
  const listed = c.optIntList('moe_layers');
  let every: number | Keyed<number> = 1;
  let dense = 0;
  if (listed === undefined) {
    every = c.optInt('interleave_moe_layer_step')!;
  } else {
    const outside = listed.findIndex((i) => i >= layers);
    if (outside >= 0) throw c.refused(`moe_layers[${outside}]`, `layer ${listed[outside]} is past the last of ${fmt(layers)} layers`, 'moe_layers lists layer indices from 0');
    const set = [...new Set(listed)].sort((a, b) => a - b);
    if (set.length === 0) return { d_ff: c.int('intermediate_size_mlp') }; // no MoE layer: a dense model
    // range(n − 1, L, n) for n the first index + 1: the every-n rule.
    const n = set[0]! + 1;
    if (set.length === Math.floor(layers / n) && set.every((i, k) => i === n - 1 + k * n)) every = c.derived(n, 'moe_layers');
    else {
      dense = layers - set.length;
      notes.push(`moe_layers: ${fmt(set.length)} MoE layers off any period; the ${fmt(dense)} dense layers are modelled as the first ${fmt(dense)}; totals are unaffected.`);
    }
  }
  const width = c.int('intermediate_size');
  const interleaved = plain(every) > 1;
  return {
    ...(interleaved || dense > 0 ? { d_ff: c.int('intermediate_size_mlp') } : {}),
    moe: {
      experts: c.int('num_local_experts'),
      top_k: c.int('num_experts_per_tok'),
      d_ff_expert: width,
      shared_experts: 1,
      d_ff_shared: width,
      ...(dense > 0 ? { dense_layers: c.derived(dense, 'moe_layers') } : {}),
      ...(interleaved ? { every } : {}),
    },
  };
}

export const llama4Text: Builder = (c, notes) => {
  const body = llamaCore(c, notes, { tied: false });
  const layers = plain(body.layers);
  const attention = chunkedAttention(c, notes, layers);
  if (c.bool('use_qk_norm', true)) notes.push('use_qk_norm: a weightless L2 norm over each head\'s q and k on the RoPE layers (Llama4TextL2Norm): no parameters, no matrix product.');
  notes.push('NoPE layers (no rotary embedding) and attn_temperature_tuning (an element-wise query scale on them) add no parameters and no matrix product.');
  return { ...body, ...attention, ...moeLayers(c, notes, layers) };
};
