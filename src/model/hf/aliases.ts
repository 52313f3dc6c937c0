/**
 * Hub spellings of older files that name a supported type differently, and the types read as another's layers with their
 * own notes (ministral3, phi3_v): moved out of src/model/hf.ts (over 300 lines, review35). Each is built by a builder of
 * hf.ts's table, which it is given (no import cycle). Pure.
 */
import { fmt, type Builder } from './common.js';
import { falcon } from './older.js';

export interface Alias {
  /** The model_type it is built as. */
  type: string;
  builder: Builder;
}

/** The aliases, built from `builders` (hf.ts BUILDERS); in the order an unsupported type's message lists them. */
export function hubAliases(builders: Readonly<Record<string, Builder>>): Record<string, Alias> {
  return {
    RefinedWeb: { type: 'falcon', builder: falcon(true) }, // falcon-40b's original remote code: new decoder architecture
    RefinedWebModel: { type: 'falcon', builder: falcon(false) }, // falcon-7b's
    // Qwen2-VL and Qwen2.5-VL's language model (modeling_qwen2_5_vl.py Qwen2_5_VLTextModel, Qwen2VLTextModel): Qwen2's
    // modules, q/k/v biased; its M-RoPE (rope_scaling mrope_section) has no parameters. Older hub files keep its keys at
    // the top level beside vision_config (TEXT_TYPE_OF); newer ones nest them under text_config as the *_text type.
    ...Object.fromEntries(['qwen2_vl', 'qwen2_5_vl', 'qwen2_vl_text', 'qwen2_5_vl_text'].map((t) => [t, { type: 'qwen2', builder: builders.qwen2! }])),
    // Qwen3-VL's language model (modeling_qwen3_vl.py Qwen3VLTextModel; modeling_qwen3_vl_moe.py Qwen3VLMoeTextModel): Qwen3's
    // and Qwen3-MoE's modules; interleaved M-RoPE and DeepStack (vision features added to the first layers' states) add no
    // weight to it. Always nested under text_config (TEXT_TYPE_OF).
    qwen3_vl_text: { type: 'qwen3', builder: builders.qwen3! },
    qwen3_vl_moe_text: { type: 'qwen3_moe', builder: builders.qwen3_moe! },
    // transformers' CONFIG_MAPPING_NAMES maps gpt-sw3 to GPT2Config (GPT-SW3 is GPT2LMHeadModel) and code_llama to LlamaConfig.
    'gpt-sw3': { type: 'gpt2', builder: builders.gpt2! },
    // Ministral (modular_ministral.py @ ede92a8): Qwen2's layout with q, k and v unbiased ("Match Mistral"), o_proj unbiased, a
    // gated MLP, RMSNorms, the head untied by default; layer_types, else every layer sliding when sliding_window is set:
    // Mistral's layers as the mistral builder reads them. It was refused as a type to describe by hand (configs33).
    ministral: { type: 'mistral', builder: builders.mistral! },
    // Ministral 3 (Ministral-3-3B/8B/14B-*-2512, a mistral3 file's text_config; Devstral 2 at the top level): Ministral3Model is
    // MistralModel, its layers MistralDecoderLayer's (modular_ministral3.py @ ecaa440), read as the mistral builder reads them,
    // with Ministral3Config's defaults (typeDefaults.ts: 8 key/value heads, head_dim 128, no window). Ministral3Attention
    // multiplies the rotated queries by 1 + beta·log(1 + ⌊position / original_max_position_embeddings⌋), beta the file's
    // rope_parameters.llama_4_scaling_beta: element-wise. It was refused as a type to describe by hand.
    ministral3: {
      type: 'mistral',
      builder: (c, notes) => {
        const beta = c.mapping('rope_parameters')?.llama_4_scaling_beta;
        if (typeof beta === 'number' && beta !== 0) notes.push(`rope_parameters.llama_4_scaling_beta (${fmt(beta)}): Llama 4's position-dependent query scale is element-wise, no parameters and no matrix product.`);
        return builders.mistral!(c, notes);
      },
    },
    // Phi-3-vision and Phi-3.5-vision (microsoft/Phi-3-vision-128k-instruct, Phi-3.5-vision-instruct; the hub's remote code,
    // auto_map modeling_phi3_v.Phi3VForCausalLM): Phi3VModel is Phi-3's model (embed_tokens, Phi3DecoderLayer's fused qkv_proj,
    // o_proj, gate_up_proj and down_proj without biases, RMSNorms, an untied lm_head) read from the top-level keys, with a
    // vision_embed_tokens (Phi3ImageEmbedding: the CLIP encoder named by img_processor, the separators and the img_projection
    // MLP) when embd_layer is a mapping, as ports of it build (code index file ids 10772704096, 11969324469). It was offered phi3.
    phi3_v: {
      type: 'phi3',
      builder: (c, notes) => {
        if (c.mapping('embd_layer') !== undefined || c.mapping('img_processor') !== undefined) {
          notes.push('a "phi3_v" config: its language model (the top-level keys, Phi-3\'s layers) is counted; the CLIP vision encoder (img_processor) and the image projection (embd_layer) are not.');
        }
        return builders.phi3!(c, notes);
      },
    },
    code_llama: { type: 'llama', builder: builders.llama! },
  };
}
