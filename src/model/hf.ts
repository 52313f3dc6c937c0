/**
 * Hugging Face `config.json` -> our model format. {@link importHfConfig} is pure: the CLI reads
 * and JSON-parses the file and passes the value here; the result is a snake_case
 * {@link ModelInput} that still goes through `ModelSchema` like any hand-written model file.
 *
 * Field names and defaults follow transformers' `configuration_<arch>.py` and `modeling_<arch>.py`
 * (see shared/reference/ecosystem.md §5). Old and new spellings are both read (`n_embd` /
 * `hidden_size`, `n_layer` / `num_hidden_layers`, falcon's `n_head_kv` / `num_kv_heads`,
 * `rope_scaling` / `rope_parameters`). Anything the schema cannot represent is never dropped
 * silently: it goes into the result's `assumptions`, with its size where it has one, and the
 * config field `seq_len` was read from into `seq_len_from`; every result prints both
 * (src/model/assumptions.ts).
 */
import { InputError, parseKeyPath } from '../input/errors.js';
import { shownLine } from '../input/name.js';
import { describe, describeTopLevel, isMapping } from '../input/found.js';
import { dense, fmt, gpt2Tail, slidingWindow, softcapNote, trainingSeqLen, type Builder } from './hf/common.js';
import { dbrx, deepseek, glm4Moe, gptOss, mixtral, olmoe, qwenMoe } from './hf/moe.js';
import { nemotronH } from './hf/nemotronH.js';
import { bloom, falcon, gptBigcode, gptj, opt, phi, stablelm } from './hf/older.js';
import { cohere, cohere2 } from './hf/cohere.js';
import { llama4Text } from './hf/llama4.js';
import { RECENT_DENSE } from './hf/recent.js';
import { RECENT_MOE } from './hf/recentMoe.js';
import { MORE } from './hf/more.js';
import { MORE_MOE } from './hf/moreMoe.js';
import { MORE_DENSE } from './hf/moreDense.js';
import { granitemoehybrid } from './hf/granite4.js';
import { typeDefaultsOf } from './hf/typeDefaults.js';
import { unkey, type Trace } from './hf/explain.js';
import { unknownWrapper, unsupportedType, WRAPPER_TYPES } from './hf/unsupported.js';
import { notAConfig, typeOfArchitecture } from './hf/otherFile.js';
import { hubAliases } from './hf/aliases.js';
import { otherKindProblem } from '../input/fileKind.js';
import { HfConfig } from './hf/read.js';
import { Keyed, keyAt, nameFromPath, type Json, type Locate } from './hf/keyed.js';
import type { ModelInput } from './schema.js';

/** GPT-2: learned positions, biases everywhere, LayerNorm, 4·d MLP, tied head. */
const gpt2: Builder = (c) => {
  const d = c.int('n_embd', 'hidden_size');
  const positions = c.intOf(['n_positions', 'max_position_embeddings'], ['n_ctx']); // n_ctx: GPT-2's context, not the table
  return {
    layers: c.int('n_layer', 'num_hidden_layers'),
    d_model: d,
    heads: c.int('n_head', 'num_attention_heads'),
    ...gpt2Tail(c, d, positions),
  };
};

/** GPT-NeoX / Pythia: parallel residual by default, but two LayerNorms per block either way. */
const gptNeox: Builder = (c, notes) => {
  const layers = c.int('num_hidden_layers');
  const d = c.int('hidden_size');
  const dFf = c.int('intermediate_size');
  // attention_bias (transformers v5, default true) covers query_key_value and dense; the MLP
  // always has biases.
  const attnBias = c.bool('attention_bias', true);
  if (!attnBias) notes.push(`attention_bias false: the MLP biases (${fmt(dFf.value + d.value)} per layer) are not counted.`);
  return {
    layers,
    d_model: d,
    heads: c.int('num_attention_heads'),
    d_ff: dFf,
    ffn: 'gelu',
    vocab: c.int('vocab_size'),
    ...trainingSeqLen(c),
    tied_embeddings: c.tiedEmbeddings(false),
    norm: 'layernorm',
    bias: attnBias,
    position: 'rotary',
    parallel_block: c.bool('use_parallel_residual', true),
    block_norms: 2,
  };
};

// Qwen2 hard-codes bias=True on q/k/v (not o_proj, not the MLP) in modeling_qwen2.py.
const qwen2 = dense({ tied: false }, (c, notes, b) => ({ ...b, bias: 'qkv', ...slidingWindow(c, notes, 'qwen') }));

const BUILDERS: Record<string, Builder> = {
  gpt2,
  gpt_neox: gptNeox,
  llama: dense({ tied: false }),
  // Mistral 7B v0.1: every layer attends over a window of sliding_window keys (later versions: null; left out, MistralConfig's
  // 4096: typeDefaults.ts). MistralConfig itself has no layer_types (it warns), but AutoConfig.from_pretrained builds a mistral
  // file listing one as ministral (models/auto/configuration_auto.py), whose MinistralModel slides the layers it lists
  // (modular_ministral.py @ 05cd1ec): Ministral-8B's file is of that kind, so layer_types is read (common.ts slidingWindow).
  mistral: dense({ tied: false }, (c, notes, b) => ({ ...b, ...slidingWindow(c, notes, 'all') })),
  mixtral,
  qwen2,
  qwen2_moe: qwenMoe('qwen2_moe'),
  qwen3: dense({ tied: false }, (c, notes, b) => ({ ...b, qk_norm: 'head', ...slidingWindow(c, notes, 'qwen') })),
  qwen3_moe: qwenMoe('qwen3_moe'),
  deepseek_v2: deepseek,
  deepseek_v3: deepseek,
  // Kimi K2 (moonshotai/Kimi-K2-*): DeepSeek-V3's architecture under its own model_type; the file names
  // DeepseekV3ForCausalLM and configuration_deepseek.DeepseekV3Config (its auto_map).
  kimi_k2: deepseek,
  glm4_moe: glm4Moe,
  olmoe,
  dbrx,
  gpt_oss: gptOss,
  // Gemma: GeGLU (3 matrices), head_dim defaults to 256, embeddings tied. GemmaRMSNorm's
  // (1 + weight) still has d parameters.
  gemma: dense({ tied: true, headDim: 256 }, (_c, notes, b) => {
    notes.push('the GeGLU MLP (gelu_pytorch_tanh gate) is counted as the 3-matrix gated FFN (ffn: swiglu), which it is.');
    return b;
  }),
  // Gemma 2 (arXiv:2408.00118 §2; modeling_gemma2.py Gemma2DecoderLayer): input_layernorm,
  // post_attention_layernorm, pre_feedforward_layernorm and post_feedforward_layernorm per block,
  // and local sliding-window attention (4096) on every other layer from layer 0, global on the rest.
  gemma2: dense({ tied: true, headDim: 256 }, (c, notes, b) => {
    notes.push('attn_logit_softcapping and final_logit_softcapping (tanh soft-capping) are element-wise: not matrix products, 0 FLOPs.');
    return { ...b, block_norms: 4, ...slidingWindow(c, notes, 'alternate') };
  }),
  // Gemma 3 text (arXiv:2503.19786 §2: 5 local layers of window 1024 per global one; modeling_gemma3.py):
  // Gemma 2's four norms per block, plus RMSNorms over each head's q and k (q_norm, k_norm).
  gemma3_text: dense({ tied: true, headDim: 256 }, (c, notes, b) => {
    softcapNote(c, notes);
    return { ...b, block_norms: 4, qk_norm: 'head', ...slidingWindow(c, notes, 'gemma3') };
  }),
  // OLMo (v1): OlmoLayerNorm has no learnable weight or bias.
  olmo: dense({ tied: false }, (_c, _n, b) => ({ ...b, norm: 'none' })),
  // OLMo 2: RMSNorm over the whole q and k projections, and post-norms (still 2 per block).
  olmo2: dense({ tied: false }, (_c, _n, b) => ({ ...b, qk_norm: 'full' })),
  // IBM Granite 3.x (modular_granite.py): Llama's modules; attention_multiplier, embedding_multiplier,
  // residual_multiplier and logits_scaling are scalars that multiply activations, no parameters.
  granite: dense({ tied: false }),
  cohere,
  // Command R7B, Command A, Tiny Aya: sliding layers (layer_types or sliding_window_pattern) and NoPE global ones.
  cohere2,
  // Phi-3: fused qkv_proj and gate_up_proj, the same weights as the Llama layout; a window on every layer.
  phi3: dense({ tied: false }, (c, notes, b) => ({ ...b, ...slidingWindow(c, notes, 'all') })),
  falcon: falcon(false),
  bloom,
  opt,
  gpt_bigcode: gptBigcode,
  stablelm,
  phi,
  gptj,
  // Nemotron-H, Nemotron 3: hybrid Mamba-2 / attention / MLP / MoE layers (src/model/hf/nemotronH.ts).
  nemotron_h: nemotronH,
  // Llama 4 (a `llama4` config nests it under text_config): interleaved MoE and chunked attention (src/model/hf/llama4.ts).
  llama4_text: llama4Text,
  // SmolLM3, OLMo 3, GLM-4 (0414), Seed-OSS, EXAONE 4, ERNIE 4.5, InternLM2, Apertus (src/model/hf/recent.ts).
  ...RECENT_DENSE,
  // ERNIE 4.5 MoE, MiniMax-M2, dots.llm1, Phi-3.5-MoE, GLM-4.7-Flash (src/model/hf/recentMoe.ts).
  ...RECENT_MOE,
  // StarCoder2, Granite MoE, Nemotron-4 / Minitron, HunYuan dense, VaultGemma (src/model/hf/more.ts); HunYuan MoE (hf/moreMoe.ts); MPT, GLM-4, Baichuan, EXAONE 3 (hf/moreDense.ts).
  ...MORE,
  ...MORE_MOE,
  ...MORE_DENSE,
  // Granite 4.0's attention-only checkpoints (micro, 1b, 350m) under GraniteMoeHybrid's type; its Mamba hybrids refused (src/model/hf/granite4.ts).
  granitemoehybrid,
};

/** Hub spellings of older files that name a supported type differently (src/model/hf/aliases.ts). */
const ALIASES = hubAliases(BUILDERS);

/**
 * Multimodal types read at the top level when the file has no text_config (the vision encoder beside it is not counted),
 * and the type their text_config is built as whatever its model_type says (Qwen2_5_VLConfig.sub_configs: a text_config
 * without model_type was refused, one saying llama counted without Qwen2's q/k/v biases).
 */
const TEXT_TYPE_OF: Readonly<Record<string, string>> = { qwen2_vl: 'qwen2_vl_text', qwen2_5_vl: 'qwen2_5_vl_text', qwen3_vl: 'qwen3_vl_text', qwen3_vl_moe: 'qwen3_vl_moe_text' };

export const HF_MODEL_TYPES: readonly string[] = Object.keys(BUILDERS);
/** Every model_type a file may give, hub aliases with them: what an unsupported type's message lists and suggests from. */
export const HF_ACCEPTED_TYPES: readonly string[] = [...new Set([...HF_MODEL_TYPES, ...Object.keys(ALIASES), ...Object.keys(TEXT_TYPE_OF)])];

/** The builder of a model_type (or of a hub alias for one), and the type it builds. */
function builderFor(modelType: string): { type: string; builder: Builder } | undefined {
  if (Object.hasOwn(ALIASES, modelType)) return ALIASES[modelType];
  return Object.hasOwn(BUILDERS, modelType) ? { type: modelType, builder: BUILDERS[modelType]! } : undefined;
}


/**
 * Maps a parsed transformers `config.json` to our model format, and how the model maps back to the
 * config ({@link Trace}): errors then give the line and column of the config's key (`locate`: from
 * parsing the text) and, when the model schema refuses the result, name the config's keys
 * (src/model/hf/explain.ts). `file` is only used in error messages and `source`. Throws
 * {@link InputError} for a non-object, a missing or unsupported `model_type`, or a missing /
 * malformed required field.
 */
export function importHfConfig(config: unknown, file: string, locate?: Locate): { model: ModelInput; trace: Trace } {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new InputError(`expected a JSON object (a transformers config.json), found ${describeTopLevel(config)}`, {
      file, line: 1, col: 1,
      hint: 'pass the model repository\'s config.json, e.g. from https://huggingface.co/<org>/<model>/blob/main/config.json',
    });
  }
  const raw = config as Json;
  const at = (key: string) => keyAt(raw, file, key, locate);
  const supported = `supported: ${HF_ACCEPTED_TYPES.join(', ')}`;
  const modelType = raw.model_type;
  if (modelType === undefined || modelType === null) {
    // A repository's other JSON file (generation_config.json, an index, an adapter_config.json) is named, and the file to give.
    const other = otherKindProblem(raw, 'config.json', 'a model\'s config.json') ?? notAConfig(raw);
    // The whole file is the problem: no line of it is (inside a scenario, modelFromConfig places it at the model key).
    if (other) throw new InputError(other.message, { file, hint: other.hint });
    const named = Array.isArray(raw.architectures) && typeof raw.architectures[0] === 'string' ? raw.architectures[0] : undefined;
    const meant = named === undefined ? undefined : typeOfArchitecture(named, [...HF_ACCEPTED_TYPES, ...WRAPPER_TYPES]);
    throw new InputError(`required string is missing${named !== undefined ? ` (architectures says ${shownLine(named)})` : ''}; ${supported}`, {
      ...at('model_type'),
      keyPath: 'model_type',
      hint: meant !== undefined ? `add "model_type": "${meant}", the type ${shownLine(named!)} is built from: transformers reads no type from architectures either`
        : 'is this a transformers config.json? multimodal configs nest the language model under text_config or language_config',
    });
  }
  if (typeof modelType !== 'string') {
    throw new InputError(`expected a string, found ${describe(modelType)}; ${supported}`, { ...at('model_type'), keyPath: 'model_type' });
  }
  // The file's own text, echoed as a name is (cut, controls made visible) wherever a message, note or the
  // source names it: a model_type of 900,000 characters made a 900 kB error line, or warning on every result.
  const shownType = shownLine(modelType);
  const notes: string[] = [];
  // A multimodal config nests its language model under text_config (Gemma 3, LLaVA, Mistral 3) or
  // language_config (the remote code of DeepSeek-VL2, DeepseekVLV2Config, and Janus, MultiModalityConfig:
  // a deepseek_v2 or llama config there): count that, and say
  // that the vision encoder and the projector are left out. A language_config was "unsupported model_type".
  const nest = raw.text_config === undefined && raw.language_config !== undefined ? 'language_config' : 'text_config';
  const textConfig = raw[nest];
  const textIsMapping = isMapping(textConfig);
  // A text_config of the wrong kind under a multimodal type: it was "unsupported model_type "gemma3"; did
  // you mean `gemma3_text`?", pointing at a model_type that is right.
  const implied = Object.hasOwn(TEXT_TYPE_OF, modelType) ? TEXT_TYPE_OF[modelType] : undefined;
  // The type's own builder: a flat layout (the language model's keys at the top level) it can read.
  const own = builderFor(modelType);
  // A type read at the top level without a text_config (qwen2_5_vl) builds one from null too (Qwen2_5_VLConfig:
  // text_config None takes the top-level keys); a list, text or number there was ignored, the top level counted.
  if (textConfig !== undefined && !textIsMapping && (!own || (implied !== undefined && textConfig !== null))) {
    const flat = implied !== undefined && own !== undefined;
    const hint = flat ? `a "${shownType}" config reads its language model from ${nest}, or from the top-level keys without one`
      : `a "${shownType}" config nests its language model under ${nest}${implied !== undefined ? `, model_type ${implied}` : ''}`;
    throw new InputError(`expected a mapping (the language model's config), found ${describe(textConfig)}`, { ...at(nest), keyPath: nest, hint });
  }
  // Qwen3-VL has no flat layout: a file without text_config was "unsupported model_type", a type it lists.
  if (!own && implied !== undefined && textConfig === undefined) {
    throw new InputError('required mapping is missing (the language model\'s config)', { ...at(nest), keyPath: nest, hint: `a "${shownType}" config nests its language model under text_config, model_type ${implied}` });
  }
  const nested = (!own || implied !== undefined) && textIsMapping;
  if (nested && implied === undefined && !WRAPPER_TYPES.includes(modelType)) {
    const { message, hint } = unknownWrapper(modelType, nest, [...WRAPPER_TYPES, ...Object.keys(TEXT_TYPE_OF)]);
    throw new InputError(message, { ...at('model_type'), keyPath: 'model_type', hint });
  }
  const node = nested ? (textConfig as Json) : raw;
  const prefix = nested ? `${nest}.` : '';
  const type = nested ? implied ?? node.model_type : modelType;
  if (nested && implied !== undefined && node.model_type !== undefined && node.model_type !== implied) {
    notes.push(`${prefix}model_type ${describe(node.model_type)} is not read: a "${shownType}" config builds its language model as ${implied}, whatever its text_config says.`);
  }
  if (typeof type !== 'string') {
    throw new InputError(`expected the language model's model_type, found ${describe(type)}; ${supported}`, { ...at(`${prefix}model_type`), keyPath: `${prefix}model_type` });
  }
  const found = builderFor(type);
  if (!found) {
    const { message, hint } = unsupportedType(type, HF_ACCEPTED_TYPES);
    throw new InputError(`${message}${nested ? ` (the language model of a "${shownType}" config)` : ''}; ${supported}`, { ...at(`${prefix}model_type`), keyPath: `${prefix}model_type`, hint });
  }
  if (nested) notes.push(`a "${shownType}" config: its language model (${nest}, model_type ${type}) is counted; the vision encoder and the multimodal projector (vision_config) are not.`);
  else if (implied !== undefined) notes.push(`a "${shownType}" config: its language model (the top-level keys) is counted; the vision encoder and the multimodal projector (vision_config) are not.`);
  const typeDefaults = typeDefaultsOf(type, found.type);
  const c = new HfConfig(node, file, found.type, locate, { root: raw, prefix, ...(typeDefaults ? { defaults: typeDefaults.values } : {}) });
  const body = found.builder(c, notes);
  if (c.defaulted.size > 0) {
    notes.push(`not in the config, so its type's defaults (transformers ${typeDefaults!.source}): ${[...c.defaulted].map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}.`);
  }
  // Whatever form it takes, a quantization_config is ignored, and said so: text (`"quantization_config": "fp8"`) was
  // ignored silently, where a mapping got this note. Its method: a mapping's quant_method, or the text itself.
  const quant = raw.quantization_config;
  if (quant !== null && quant !== undefined) {
    const method = typeof quant === 'string' ? quant : isMapping(quant) ? (quant as Json).quant_method : undefined;
    notes.push(`quantization_config${typeof method === 'string' ? ` (${shownLine(method)})` : ''} is ignored: how the checkpoint stores its weights changes no count; the training precision is the scenario's training.precision / gemm_precision.`);
  }
  const named = typeof raw._name_or_path === 'string' && raw._name_or_path !== '' && !/^[./~]/.test(raw._name_or_path) ? new Keyed(raw._name_or_path, '_name_or_path') : nameFromPath(file);
  const { value, origins } = unkey({
    name: named,
    source: `Hugging Face config.json, model_type ${nested ? `${shownType}, ${nest} ${type}` : shownType}: ${file}`,
    ...(notes.length > 0 ? { assumptions: notes } : {}),
    ...body,
  });
  return { model: value as ModelInput, trace: { origins, asked: c.asked, at, written: (key) => locate?.written?.(parseKeyPath(key)), defaulted: c.defaulted, ...(c.uncountedMtpNote !== undefined ? { uncountedMtpNote: c.uncountedMtpNote } : {}) } };
}
