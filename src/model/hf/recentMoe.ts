/**
 * More mixture-of-experts families (transformers src/transformers/models/<type>/modular_<type>.py): ERNIE 4.5 MoE,
 * MiniMax-M2, dots.llm1, Phi-3.5-MoE and GLM-4.7-Flash.
 */
import { LIMITS } from '../../input/limits.js';
import { describe } from '../../input/found.js';
import { shownLine, someOf } from '../../input/name.js';
import { fmt, llamaCore, perLayerTypes, refusePerLayerLength, slidingWindow, type Body, type Builder, type WindowKind } from './common.js';
import { moeLayerPlacement } from './moeLayers.js';
import { deepseekMoe, mlaCore, noteMtpModule } from './moe.js';
import type { HfConfig } from './read.js';
import { Keyed, plain } from './keyed.js';

/** A note for a config's multi-token-prediction layers, which none of these transformers models builds. */
function mtpNote(c: HfConfig, notes: string[], key: string): void {
  const mtp = c.optCount(key)?.value ?? 0;
  if (mtp > 0) c.noteUncountedMtp(notes, `${key} ${fmt(mtp)}: the multi-token-prediction layers (not built by transformers' model) are not counted, in parameters or in training FLOPs.`);
}

/**
 * ERNIE 4.5 MoE (modular_ernie4_5_moe.py): Llama's attention; `use_bias` biases every linear, the experts' too
 * (bias: true), and the output head (head_bias: refused on a tied head). Layer i is MoE when `(i + 1) % moe_layer_interval
 * == 0` and moe_layer_start_index <= i <= moe_layer_end_index (-1 or null: the last layer), else a gated MLP of
 * intermediate_size. An Ernie4_5_MoeSparseMoeBlock is a router without bias plus its e_score_correction_bias
 * (Ernie4_5_MoeStatics, one per expert), moe_num_experts gated experts of moe_intermediate_size, and one shared
 * MLP of moe_intermediate_size·moe_num_shared_experts (counted as that many experts of moe_intermediate_size:
 * the same weights). Ernie4_5_MoeConfig ties the head by default.
 */
const ernie45Moe: Builder = (c, notes) => {
  const useBias = c.bool('use_bias', false);
  if (useBias && c.tiedEmbeddings(true)) {
    throw c.refused('use_bias', 'use_bias gives every linear a bias, the output head (lm_head) too, and the model format counts an output-head bias only on an untied head (tie_word_embeddings is true)', 'describe the model by hand in a flopcast model file (YAML); the published ERNIE 4.5 files have use_bias false');
  }
  if (Array.isArray(c.raw.moe_num_experts)) {
    throw c.refused('moe_num_experts', `expected a number of experts, found ${describe(c.raw.moe_num_experts)} (ERNIE-4.5-VL's text and vision experts), which the model format cannot represent`, 'a text model has one expert count');
  }
  const body = llamaCore(c, notes, { tied: true });
  const layers = plain(body.layers);
  const start = c.optCount('moe_layer_start_index')?.value ?? 1;
  const endRaw = c.raw.moe_layer_end_index;
  const end = endRaw === undefined || endRaw === null || endRaw === -1 ? layers - 1 : c.optCount('moe_layer_end_index')!.value;
  const after = Math.max(0, layers - 1 - end);
  if (after > LIMITS.perLayerEntries) throw c.refused('moe_layer_end_index', `moe_layer_end_index ${fmt(end)} leaves ${fmt(after)} dense layers to list; the limit is ${fmt(LIMITS.perLayerEntries)}`, 'check moe_layer_end_index and num_hidden_layers');
  const dense = new Set(Array.from({ length: after }, (_, k) => end + 1 + k));
  const period = c.optInt('moe_layer_interval')?.value ?? 1;
  const placed = moeLayerPlacement(layers, { first: start, offset: 1, period, dense }, notes, 'moe_layer_start_index/moe_layer_end_index/moe_layer_interval');
  // The key the dense layers are traced to (errors point at it), as deepseekMoe's: an end before the start leaves
  // every layer dense (moe_layer_end_index: 0 was blamed on moe_layer_start_index: 1, not at fault).
  const denseKeys = end < start && start < layers ? ['moe_layer_end_index', 'moe_layer_start_index'] : ['moe_layer_start_index', 'moe_layer_end_index', 'moe_layer_interval'];
  const width = c.int('moe_intermediate_size');
  const shared = c.optCount('moe_num_shared_experts');
  mtpNote(c, notes, 'num_nextn_predict_layers');
  return {
    ...body,
    ...(useBias ? { bias: true, head_bias: true } : {}),
    ...(placed.dense > 0 ? { d_ff: c.int('intermediate_size') } : {}),
    moe: {
      experts: c.int('moe_num_experts'),
      top_k: c.int('moe_k'),
      d_ff_expert: width,
      ...(shared !== undefined && shared.value > 0 ? { shared_experts: shared, d_ff_shared: width } : {}),
      dense_layers: c.derived(placed.denseLayers, ...denseKeys),
      ...(placed.every > 1 ? { every: c.derived(placed.every, 'moe_layer_interval') } : {}),
      router_bias: true,
    },
  };
};

/**
 * MiniMax-M2 (modular_minimax_m2.py): MiniMaxM2Attention is FlexOlmoAttention without biases, an RMSNorm over
 * the whole q and k projections (q_norm, k_norm: qk_norm full); every layer a MiniMaxM2SparseMoeBlock of
 * num_local_experts gated experts of intermediate_size behind a sigmoid router without bias, plus its
 * e_score_correction_bias buffer (one per expert, stored in the checkpoint); no shared expert; no sliding window
 * ("No sliding window opposed to mixtral"); partial rotary (rotary_dim) has no parameters; the head untied.
 */
const minimaxM2: Builder = (c, notes) => {
  const body = llamaCore(c, notes, { tied: false, headDim: 128 });
  mtpNote(c, notes, 'num_mtp_modules');
  return {
    ...body,
    qk_norm: 'full',
    moe: { experts: c.int('num_local_experts', 'num_experts'), top_k: c.int('num_experts_per_tok'), d_ff_expert: c.int('intermediate_size'), router_bias: true },
  };
};

/**
 * dots.llm1 (modular_dots1.py): Qwen3's attention (an RMSNorm over each head's q and k) and DeepSeek-V3's MoE
 * layers (Dots1MoE, Dots1TopkRouter with its e_score_correction_bias; n_shared_experts shared; the first
 * first_k_dense_replace layers a gated MLP of intermediate_size). Dots1Config makes the layers from
 * max_window_layers on slide when sliding_window is set and layer_types absent.
 */
const dots1: Builder = (c, notes) => {
  const body: Body = { ...llamaCore(c, notes, { tied: false }), qk_norm: 'head' };
  const layers = plain(body.layers);
  let window = slidingWindow(c, notes, 'all');
  if (window.sliding_window !== undefined && window.layer_types === undefined) {
    const from = c.optCount('max_window_layers')?.value ?? layers;
    if (from >= layers) window = {};
    else {
      const types = perLayerTypes(c, layers, 'max_window_layers', (i): WindowKind => (i >= from ? 'sliding_attention' : 'full_attention'));
      window = { ...window, layer_types: new Keyed(types, c.path('max_window_layers'), true) };
    }
  }
  return { ...body, ...window, ...deepseekMoe(c, notes, layers, { freq: false, block: 'attention', routerBias: true }) };
};

/**
 * Phi-3.5-MoE (transformers modeling_phimoe.py): PhimoeAttention biases q, k, v and o_proj with attention_bias (the
 * o_proj bias is named and not counted: llamaCore); input_layernorm, post_attention_layernorm and the final norm
 * are LayerNorms with weight and bias; every layer a router without bias and num_local_experts gated experts (w1,
 * w2, w3) of intermediate_size without biases; PhimoeForCausalLM's lm_head has a bias with lm_head_bias (head_bias,
 * on an untied head only); sliding_window on every layer.
 */
const phimoe: Builder = (c, notes) => {
  const headBias = c.bool('lm_head_bias', false);
  if (headBias && c.tiedEmbeddings(false)) {
    throw c.refused('lm_head_bias', 'lm_head_bias on a tied head (tie_word_embeddings true): the model format counts an output-head bias only on an untied head', 'the published Phi-3.5-MoE file unties the head; describe this model by hand in a flopcast model file (YAML)');
  }
  return {
    ...llamaCore(c, notes, { tied: false }),
    norm: 'layernorm',
    ...(headBias ? { head_bias: true } : {}),
    ...slidingWindow(c, notes, 'all'),
    moe: { experts: c.int('num_local_experts'), top_k: c.int('num_experts_per_tok'), d_ff_expert: c.int('intermediate_size') },
  };
};

/**
 * Where GLM-4.7-Flash's MoE layers are: Glm4MoeLiteConfig's mlp_layer_types, else layer 0 dense and the rest MoE
 * (configuration_glm4_moe_lite.py @ 008e574). Glm4MoeLiteDecoderLayer builds Glm4MoeLiteMoE where
 * `config.mlp_layer_types[layer_idx] == "sparse"` and the dense Glm4MoeLiteMLP for any other entry
 * (modular_glm4_moe_lite.py @ 008e574); nothing holds the list to the layers (configuration_utils.py
 * validate_layer_type returns at the absent layer_types, Glm4MoeLiteConfig having none, before it reaches
 * mlp_layer_types), so a shorter list is an IndexError there and a longer one's extra entries are never read.
 * first_k_dense_replace, in the hub file, is not a Glm4MoeLiteConfig field and transformers does not read it (vLLM
 * does): one saying other than that default is refused.
 */
function liteDenseLayers(c: HfConfig, notes: string[], layers: number): { denseLayers: number; keys: string[] } {
  // Glm4MoeLiteConfig is @strict with `mlp_layer_types: list[str] | None` (@ 008e574): an entry that is not text is refused there.
  const given = c.textList('mlp_layer_types');
  if (given !== undefined) {
    refusePerLayerLength(c, 'mlp_layer_types', given.length, layers, 'transformers\' Glm4MoeLiteDecoderLayer reads mlp_layer_types[layer_idx] for each layer', true);
    const listed = given.slice(0, layers);
    const others = [...new Set(listed.filter((t) => t !== 'dense' && t !== 'sparse').map((t) => shownLine(JSON.stringify(t))))];
    if (others.length > 0) notes.push(`mlp_layer_types lists ${someOf(others)}: not "sparse", so a dense MLP (Glm4MoeLiteDecoderLayer builds the experts on "sparse" layers only).`);
    const dense = new Set(listed.flatMap((t, i) => (t !== 'sparse' ? [i] : [])));
    return { denseLayers: moeLayerPlacement(layers, { first: 0, offset: 1, period: 1, dense }, notes, 'mlp_layer_types').denseLayers, keys: ['mlp_layer_types'] };
  }
  const firstK = c.optCount('first_k_dense_replace');
  if (firstK !== undefined && firstK.value !== 1) {
    throw c.refused('first_k_dense_replace', `first_k_dense_replace ${fmt(firstK.value)}: transformers' Glm4MoeLiteConfig makes layer 0 dense and the rest MoE when mlp_layer_types is absent, whatever first_k_dense_replace says (vLLM reads it)`,
      'give mlp_layer_types ("dense" or "sparse" for each layer) for the layers the checkpoint holds, or describe the model by hand in a flopcast model file (YAML)');
  }
  return { denseLayers: Math.min(1, layers), keys: ['first_k_dense_replace'] };
}

/**
 * GLM-4.7-Flash (transformers modular_glm4_moe_lite.py): DeepSeek-V3's multi-head latent attention (Glm4MoeLiteAttention is
 * DeepseekV3Attention) in GLM-4.5's MoE layers (Glm4MoeMoE: n_routed_experts gated experts of moe_intermediate_size behind
 * Glm4MoeTopkRouter, its e_score_correction_bias one per expert, and one shared MLP of n_shared_experts·moe_intermediate_size;
 * Glm4MoeMLP of intermediate_size on the dense layers, no biases), placed by {@link liteDenseLayers}; the head untied
 * (Glm4MoeLiteConfig tie_word_embeddings False). The checkpoint's MTP layer (num_nextn_predict_layers, model.layers.47) is
 * not built by transformers (_keys_to_ignore_on_load_unexpected): named, not counted.
 */
const glm4MoeLite: Builder = (c, notes) => {
  // head_dim is qk_rope_head_dim's alias (Glm4MoeLiteConfig attribute_map).
  const { body, mla } = mlaCore(c, notes, ['qk_rope_head_dim', 'head_dim']);
  const layers = plain(body.layers);
  const placed = liteDenseLayers(c, notes, layers);
  // No "sparse" layer (num_hidden_layers 1 with Glm4MoeLiteConfig's default ["dense"], or a list without one): transformers
  // builds Glm4MoeLiteMLP on every layer and no expert, a dense model, counted as one (it was refused at a key not at fault).
  if (placed.denseLayers >= layers) {
    notes.push(`no layer is "sparse" (${placed.keys.includes('mlp_layer_types') ? 'mlp_layer_types' : `Glm4MoeLiteConfig's layer 0 dense and the rest MoE over num_hidden_layers ${fmt(layers)}`}): every layer is the dense MLP of intermediate_size, and the experts' keys build nothing.`);
    // Its MTP module named as on the MoE path (deepseekMoe), its block MLA and the dense MLP (as --mtp-layers counts it).
    noteMtpModule(c, notes, 'MLA and the dense MLP');
    return { ...body, d_ff: c.int('intermediate_size'), ...mla };
  }
  const { d_ff, moe } = deepseekMoe(c, notes, layers, { freq: false, block: 'MLA', routerBias: true, placed });
  return { ...body, ...(d_ff !== undefined ? { d_ff } : {}), ...mla, moe };
};

export const RECENT_MOE: Record<string, Builder> = { ernie4_5_moe: ernie45Moe, minimax_m2: minimaxM2, dots1, phimoe, glm4_moe_lite: glm4MoeLite };
