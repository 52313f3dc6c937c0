/**
 * Shared pieces of the Hugging Face importer: the training sequence length, the Llama-style
 * core most families build on, and the notes for structure our schema cannot represent.
 */
import type { ModelInput } from '../schema.js';
import { LIMITS } from '../../input/limits.js';
import { shownLine, someOf } from '../../input/name.js';
import type { HfConfig } from './read.js';
import { Keyed, plain } from './keyed.js';
import { grouped } from '../../report/format.js';
import { MLP_BIAS, NO_ATTENTION_BIAS, NO_HEAD_DIM } from './classFields.js';

/** A model field, or (nested) fields, each either plain or {@link Keyed} with the config key it came from. */
type Field<T> = T extends readonly unknown[] ? T | Keyed<T> : T extends object ? { [K in keyof T]: Field<T[K]> } : T | Keyed<T>;
export type ModelBody = Omit<ModelInput, 'name' | 'source' | 'notes' | 'assumptions'>;
/** What a builder returns: the model's fields, those read from the config carrying their key (src/model/hf/explain.ts). */
export type Body = { [K in keyof ModelBody]: Field<ModelBody[K]> };
export type Builder = (c: HfConfig, notes: string[]) => Body;

/**
 * The sequence length we assume, and the field it came from (the model's `seq_len_from`, which
 * every result then prints as a warning unless the run gives its own seq_len: src/model/assumptions.ts).
 * A config.json records the longest context the model accepts, not the length it was trained at:
 * for long-context models that is an extension applied after pre-training (Llama 3.1: 131072 via
 * rope_scaling from 8192; DeepSeek-V3: 163840 via YaRN from 4096), and Qwen3-8B's 40960 is 32768
 * plus generation room, while most of its tokens were trained at 4096. So prefer
 * `original_max_position_embeddings` from `rope_scaling` (hub files) or `rope_parameters`
 * (transformers v5), or Phi-3's top-level one, the context before the extension; else `max_position_embeddings`, else
 * GPT-2's `n_positions` / `n_ctx` (`keys`: a family's own spelling instead, DBRX's `max_seq_len`).
 */
export function trainingSeqLen(c: HfConfig, keys: readonly string[] = ['max_position_embeddings', 'n_positions', 'n_ctx', 'seq_length']): { seq_len: Keyed<number>; seq_len_from: string } {
  const LONGEST = 'the longest context the model accepts, not necessarily its training length (a config.json does not record that)';
  // An original context equal to max_position_embeddings was extended by nothing (microsoft/phi-4: both 16384), and was
  // told "the context before its long-context extension" all the same (configs33).
  const original = (v: Keyed<number>, key: string) => {
    const max = c.optInt('max_position_embeddings');
    return { seq_len: v, seq_len_from: max?.value === v.value
      ? `the config's ${key}, equal to its max_position_embeddings (no long-context extension): ${LONGEST}`
      : `the config's ${key} (the context before its long-context extension)` };
  };
  for (const key of ['rope_scaling', 'rope_parameters']) {
    const v = c.optNestedInt(key, 'original_max_position_embeddings');
    if (v !== undefined) return original(v, `${key}.original_max_position_embeddings`);
  }
  // Phi-3's long-context configs keep it at the top level (Phi-3-mini-128k: 4096, extended to 131072 by LongRoPE).
  const top = c.optInt('original_max_position_embeddings');
  if (top !== undefined) return original(top, 'original_max_position_embeddings');
  const value = c.intOf([], keys); // keys of different meanings (seq_length is not a spelling of max_position_embeddings)
  const whose = c.defaulted.has(value.key) ? `${c.modelType}'s default` : 'the config\'s';
  return { seq_len: value, seq_len_from: `${whose} ${value.key}, ${LONGEST}` };
}

/**
 * What GPT-2 and GPTBigCode build alike after their attention heads (transformers modeling_gpt2.py, modeling_gpt_bigcode.py):
 * the MLP of n_inner (null means 4·n_embd, GELU, 2 matrices), the vocabulary, the head tied to the embedding, LayerNorms and
 * biases throughout, and a learned position table of `positions` rows. The sequence length is the table's rows, the longest
 * context the model accepts, read from the same field as position_embeddings. `d`: n_embd.
 */
export function gpt2Tail(c: HfConfig, d: Keyed<number>, positions: Keyed<number>): Pick<Body, 'd_ff' | 'ffn' | 'vocab' | 'seq_len' | 'seq_len_from' | 'tied_embeddings' | 'norm' | 'bias' | 'position' | 'position_embeddings'> {
  return {
    d_ff: c.optInt('n_inner') ?? c.derived(4 * d.value, 'n_embd', 'hidden_size'),
    ffn: 'gelu',
    vocab: c.int('vocab_size'),
    seq_len: positions,
    seq_len_from: `the config's ${positions.key}, the rows of the learned position table: the longest context the model accepts, not necessarily its training length`,
    tied_embeddings: c.tiedEmbeddings(true),
    norm: 'layernorm',
    bias: true,
    position: 'learned',
    position_embeddings: positions,
  };
}

/**
 * The note for Gemma's tanh soft-capping of the attention scores and the logits (attn_logit_softcapping,
 * final_logit_softcapping; Gemma 2 report arXiv:2408.00118 §2), where the file sets either: element-wise, no parameters.
 */
export function softcapNote(c: HfConfig, notes: string[]): void {
  const softcap = ['attn_logit_softcapping', 'final_logit_softcapping'].filter((k) => c.raw[k] !== undefined && c.raw[k] !== null);
  if (softcap.length) notes.push(`${softcap.join(' and ')} (tanh soft-capping) ${softcap.length > 1 ? 'are' : 'is'} element-wise: not matrix products, 0 FLOPs.`);
}

/** A config.json number in a note: grouped, by the one decimals rule (src/report/format.ts). */
export function fmt(n: number): string {
  return grouped(n, 3);
}

/**
 * Types whose config class has no `layer_types` and whose model slides every layer when sliding_window is set (MixtralConfig
 * and Phi3Config @ 008e574, PhimoeConfig @ 040e1a7; MixtralModel's and Phi3Model's one mask, create_sliding_window_causal_mask
 * whenever config.sliding_window is set): a file's layer_types is an attribute nothing reads. Mistral's is read: transformers'
 * AutoConfig.from_pretrained (models/auto/configuration_auto.py) builds a mistral file with layer_types as ministral, whose
 * MinistralConfig and MinistralModel (modular_ministral.py @ 05cd1ec) take each layer's kind from it.
 */
const NO_LAYER_TYPES: ReadonlySet<string> = new Set(['mixtral', 'phi3', 'phimoe']);

/**
 * Sliding-window attention as transformers decides it per layer (configuration_<arch>.py): an
 * explicit `layer_types` list when the config has one (transformers 4.53+ writes it), else the
 * family's rule: `all` layers (Mistral, Mixtral, Phi-3), every other layer from layer 0 (Gemma 2:
 * `is_sliding = not bool(layer_idx % 2)`), five of every six (Gemma 3, `sliding_window_pattern`), three of
 * every four (Cohere 2: Cohere2Config's `sliding_window_pattern`, default 4), or, with `use_sliding_window`, the layers from
 * `max_window_layers` on (Qwen2/Qwen3: `i >= max_window_layers`; default 28).
 */
export function slidingWindow(c: HfConfig, notes: string[], rule: 'all' | 'alternate' | 'qwen' | 'gemma3' | 'cohere2'): Pick<Body, 'sliding_window' | 'layer_types'> {
  // Qwen2Config and Qwen3Config keep their window only with use_sliding_window (`sliding_window if use_sliding_window else
  // None`): where the file leaves sliding_window out, that flag is read first, so that the class's 4096 (typeDefaults.ts)
  // is taken, and noted, only where it is used.
  if (rule === 'qwen' && !Object.hasOwn(c.raw, 'sliding_window') && !c.bool('use_sliding_window', false)) return {};
  const window = c.optInt('sliding_window', 'sliding_window_size'); // sliding_window_size: early Gemma 2 files
  if (window === undefined) return {};
  if (rule === 'qwen' && !c.bool('use_sliding_window', false)) return {};
  const layers = c.int('num_hidden_layers').value;
  const listed = NO_LAYER_TYPES.has(c.modelType) ? undefined : c.list('layer_types');
  // An empty list too: the config classes keep it (`if self.layer_types is None` builds one) and layer_type_validation refuses it.
  if (listed !== undefined) {
    refuseLayerTypesLength(c, listed, layers);
    if (listed.every((t) => t === 'sliding_attention' || t === 'full_attention')) {
      return windowOn(window, new Keyed(listed as WindowKind[], c.path('layer_types')), notes, c.path('layer_types'));
    }
    const others = [...new Set(listed.filter((t) => t !== 'sliding_attention' && t !== 'full_attention').map((t) => shownLine(typeof t === 'string' ? t : JSON.stringify(t))))];
    notes.push(`layer_types lists ${someOf(others)}: counted as full attention over the whole sequence.`);
    return {};
  }
  if (rule === 'all') return { sliding_window: window };
  // Gemma 2: `is_sliding = not bool(layer_idx % 2)`, the period-2 pattern (its constant period needs no limit: the key is never blamed).
  if (rule === 'alternate') return windowOn(window, periodicLayerTypes(c, 'layer_types', 2, layers, 'sliding_attention', 'full_attention'), notes, c.path('layer_types'));
  if (rule === 'gemma3' || rule === 'cohere2') {
    // Gemma 3: `is_sliding = bool((layer_idx + 1) % sliding_window_pattern)`, pattern 6 by default: five local, one global;
    // Cohere 2 the same rule with pattern 4 by default (Cohere2Config.__post_init__).
    const every = c.optInt('sliding_window_pattern')?.value ?? (rule === 'gemma3' ? 6 : 4);
    return windowOn(window, periodicLayerTypes(c, 'sliding_window_pattern', every, layers, 'sliding_attention', 'full_attention'), notes, c.path('sliding_window_pattern'));
  }
  const from = c.optCount('max_window_layers')?.value ?? 28;
  if (from >= layers) return {};
  return { sliding_window: window, layer_types: perLayerTypes(c, layers, 'use_sliding_window', (i): WindowKind => (i >= from ? 'sliding_attention' : 'full_attention')) };
}

/**
 * A config's `layer_types`, one entry per layer or refused at the key, as transformers refuses it: every config class
 * that takes the key runs configuration_utils.py layer_type_validation(self.layer_types, self.num_hidden_layers), whose
 * "`num_hidden_layers` (N) must be equal to the number of layer types (M)" is a ValueError. A list of another length
 * was read as a pattern repeated from layer 0 with a note, a guess at a model transformers does not build. `key`: the
 * list the config class derives its layer_types from, where it is another (Llama 4's no_rope_layers).
 */
export function refuseLayerTypesLength(c: HfConfig, listed: readonly unknown[], layers: number, key = 'layer_types'): void {
  refusePerLayerLength(c, key, listed.length, layers, 'transformers refuses it too (layer_type_validation: num_hidden_layers must equal the number of layer types)');
}

/**
 * The one length rule of a per-layer list (layer_types, Llama 4's no_rope_layers, HunYuan's moe_topk): one entry per
 * layer, else refused at `key`, saying why transformers does not take it (`why`). `atLeast`: a list the model indexes by
 * layer_idx and no validation holds to the layers (SmolLM3's no_rope_layers, GLM-4.7-Flash's mlp_layer_types): only a
 * shorter one is refused (an IndexError there); a longer one's entries past the last layer are never read.
 */
export function refusePerLayerLength(c: HfConfig, key: string, found: number, layers: number, why: string, atLeast = false): void {
  if (found === layers || (atLeast && found > layers)) return;
  throw c.refused(key, `expected ${atLeast ? 'at least ' : ''}one entry per layer (num_hidden_layers ${fmt(layers)}), found ${fmt(found)}`, `${why}: list one entry per layer, or check num_hidden_layers`);
}

/**
 * One layer type per layer, as a config class builds it from a per-layer rule (Qwen's and dots.llm1's
 * max_window_layers, EXAONE 4's string pattern): a depth no real model has is refused at num_hidden_layers before
 * the list is built. `why`: the key that implies the list, for the message.
 */
export function perLayerTypes<K extends string>(c: HfConfig, layers: number, why: string, kindOf: (i: number) => K): K[] {
  if (layers > LIMITS.perLayerEntries) {
    throw c.refused('num_hidden_layers', `${why} with ${fmt(layers)} layers implies a list of one layer type per layer; the limit is ${fmt(LIMITS.perLayerEntries)}`, 'check num_hidden_layers');
  }
  return Array.from({ length: layers }, (_, i) => kindOf(i));
}

export type WindowKind = 'sliding_attention' | 'full_attention';

/**
 * Layer types that repeat every `period` layers from layer 0, as transformers' configs build them: `last` on layer i
 * when (i + 1) % period == 0, `rest` on the others (Gemma 3's sliding_window_pattern, EXAONE 4's integer one, OLMo 3's
 * 4, Llama 4's no_rope_layer_interval, SmolLM3's). Cut to the layers: a period past the last layer never reaches its
 * `last` layer, so every layer is `rest` (a list longer than the layers was refused at a key the file may not have,
 * `4 layer types for 3 layers`); a period no list can hold, refused at `key` before one is built (1e9 ran out of memory).
 */
export function periodicLayerTypes<K extends string>(c: HfConfig, key: string, period: number, layers: number, rest: K, last: K): K[] {
  if (period > layers) return [rest];
  if (period > LIMITS.perLayerEntries) {
    throw c.refused(key, `${key} ${fmt(period)} implies a list of ${fmt(period)} layer types; the limit is ${fmt(LIMITS.perLayerEntries)}`, `check ${key} and num_hidden_layers`);
  }
  return [...Array<K>(period - 1).fill(rest), last];
}

/**
 * The sliding window on the layers `types` marks sliding_attention, or none when no layer is: transformers then gives
 * no layer the window (a layer_types of full_attention only, a pattern of 1), where a model file refuses a
 * sliding_window no layer uses (schema.ts layerTypeProblems). `from`: the key the types came from, for the note.
 */
export function windowOn(window: number | Keyed<number>, types: WindowKind[] | Keyed<WindowKind[]>, notes: string[], from: string): Pick<Body, 'sliding_window' | 'layer_types'> {
  if (plain(types).includes('sliding_attention')) return { sliding_window: window, layer_types: types };
  notes.push(`${from} makes no layer sliding_attention: sliding_window ${fmt(plain(window))} is used by no layer, and every layer attends over the whole sequence.`);
  return {};
}

/**
 * The fields every Llama-style decoder (gated MLP, RMSNorm, rotary) shares. `everyLinearBiased`: the
 * family's `attention_bias` (default true) gives every linear its bias, o_proj and the MLP's too (GPT-OSS).
 * `qkvBiasOnly`: the family's `attention_bias` biases q, k and v and never o_proj, and its MLP has no bias
 * (GLM-4.5: Glm4MoeAttention builds o_proj with bias=False).
 * `ungatedMlp`: the family's MLP is up and down projections only (Nemotron), for the note on its mlp_bias.
 * `attentionBias`: the config class's default for `attention_bias` when the file leaves it out (LlamaConfig's False
 * unless given; GptOssConfig, GlmConfig, Glm4Config and SeedOssConfig say True), so the key is read once, here.
 * `latentAttention`: DeepseekV3Attention's biases (multi-head latent attention); mlp_bias is read only where the class
 * defines it (DeepseekV2Config), its biases named and not counted.
 */
export function llamaCore(c: HfConfig, notes: string[], defaults: { tied: boolean; headDim?: number; everyLinearBiased?: boolean; qkvBiasOnly?: boolean; ungatedMlp?: boolean; attentionBias?: boolean; latentAttention?: boolean }): Body {
  const layers = c.int('num_hidden_layers');
  const d = c.int('hidden_size');
  const heads = c.int('num_attention_heads');
  const headDim = (NO_HEAD_DIM.has(c.modelType) ? undefined : c.optInt('head_dim')) ?? defaults.headDim;
  const body: Body = {
    layers,
    d_model: d,
    heads,
    kv_heads: c.optInt('num_key_value_heads') ?? heads,
    ...(headDim !== undefined ? { d_head: headDim } : {}),
    // LlamaMLP and its descendants are always gated (gate_proj, up_proj, down_proj), whatever
    // hidden_act says: silu is SwiGLU, gelu is GeGLU; both are 3 matrices.
    ffn: 'swiglu',
    vocab: c.int('vocab_size'),
    ...trainingSeqLen(c),
    tied_embeddings: c.tiedEmbeddings(defaults.tied),
    norm: 'rmsnorm',
    position: 'rotary',
  };
  const attnBias = !NO_ATTENTION_BIAS.has(c.modelType) && c.bool('attention_bias', defaults.attentionBias ?? false);
  const mlpBias = MLP_BIAS.has(c.modelType) && c.bool('mlp_bias', false);
  // Latent attention: attention_bias biases q_a_proj, kv_a_proj_with_mqa and o_proj (DeepseekV3Attention), the placement
  // the format's `qkv` has on an MLA model (src/model/params.ts): all counted, o_proj's too.
  if (defaults.latentAttention) {
    if (attnBias) body.bias = 'qkv';
    if (mlpBias) {
      notes.push('mlp_bias: the dense layers\' and shared experts\' MLP biases (2·d_ff + d_model per MLP) are not counted; the routed experts have none.');
    }
    return body;
  }
  if (defaults.everyLinearBiased) {
    body.bias = attnBias;
    return body;
  }
  if (defaults.qkvBiasOnly) {
    body.bias = attnBias ? 'qkv' : false;
    return body;
  }
  if (attnBias && mlpBias) body.bias = true;
  else if (attnBias) {
    body.bias = 'qkv';
    notes.push(`attention_bias: the o_proj bias (${fmt(d.value)} per layer, ${fmt(d.value * layers.value)} in all) is not counted; the q/k/v biases are.`);
  } else if (mlpBias) {
    // A gated MLP's gate, up and down biases are 2·d_ff + d_model; an ungated one's (up, down: NemotronMLP) d_ff + d_model.
    notes.push(`mlp_bias: the MLP biases (${defaults.ungatedMlp ? 'd_ff' : '2·d_ff'} + d_model per layer) are not counted.`);
  }
  return body;
}

export function dense(defaults: Parameters<typeof llamaCore>[2], extra?: (c: HfConfig, notes: string[], body: Body) => Body): Builder {
  return (c, notes) => {
    const body: Body = { ...llamaCore(c, notes, defaults), d_ff: c.int('intermediate_size') };
    return extra ? extra(c, notes, body) : body;
  };
}
