/**
 * The config classes' defaults the importer fills in for keys a file leaves out (src/model/hf.ts reads them through
 * {@link typeDefaultsOf}; src/model/hf/read.ts HfConfig.pick records each one used).
 */
import { LLAMA4_DEFAULTS } from './llama4.js';
import { NEMOTRON_H_DEFAULTS } from './nemotronH.js';

/**
 * Keys a type's config class fills when a file leaves them out: google/gemma-3-4b-it's text_config names only hidden_size,
 * intermediate_size, num_hidden_layers, sliding_window and rope_scaling, and transformers' Gemma3TextConfig supplies the
 * rest; and every key a builder reads with a fallback (num_key_value_heads → num_attention_heads, as LlamaConfig) where
 * the type's class fills another value (audited type by type in the classdefaults33 round). Keys a
 * type has no entry for keep the builder's fallback, or are required.
 */
const TYPE_DEFAULTS: Record<string, { source: string; values: Readonly<Record<string, number>> }> = {
  gemma3_text: {
    source: 'src/transformers/models/gemma3/configuration_gemma3.py, Gemma3TextConfig.__init__',
    // sliding_window 4096 (classdefaults33: Gemma3TextConfig.__init__ @ 008f5c8; the layers then slide by sliding_window_pattern 6).
    values: { num_attention_heads: 8, num_key_value_heads: 4, head_dim: 256, vocab_size: 262_208, max_position_embeddings: 131_072, sliding_window: 4096 },
  },
  nemotron_h: { source: 'src/transformers/models/nemotron_h/configuration_nemotron_h.py, NemotronHConfig', values: NEMOTRON_H_DEFAULTS },
  llama4_text: { source: 'src/transformers/models/llama4/configuration_llama4.py, Llama4TextConfig', values: LLAMA4_DEFAULTS },
  cohere2: { source: 'src/transformers/models/cohere2/modular_cohere2.py, Cohere2Config', values: { sliding_window: 4096 } },
  // MistralConfig's sliding_window is 4096 when a file leaves it out (None only when given null: Mistral 7B v0.2 on), and
  // MistralModel then slides every layer (create_sliding_window_causal_mask whenever config.sliding_window is set). Its
  // num_key_value_heads is 8 when left out (num_attention_heads only when given null): such a file was counted with one
  // key/value head per query head, 32 where MistralConfig builds 8 for Ministral-8B's sizes (configs33). MinistralConfig
  // (modular_ministral.py @ ede92a8) has the same two defaults.
  mistral: { source: 'src/transformers/models/mistral/configuration_mistral.py @ 001f85b, MistralConfig.__init__', values: { num_key_value_heads: 8, sliding_window: 4096 } },
  ministral: { source: 'src/transformers/models/ministral/modular_ministral.py @ ede92a8, MinistralConfig.__init__', values: { num_key_value_heads: 8, sliding_window: 4096 } },
  // Ministral3Config (configuration_ministral3.py @ 6469101): 8 key/value heads and heads of 128 when a file leaves them out
  // (Ministral-3-3B's hidden_size / num_attention_heads is 96), and sliding_window None: no window, unlike MistralConfig's.
  ministral3: { source: 'src/transformers/models/ministral3/configuration_ministral3.py @ 6469101, Ministral3Config.__init__', values: { num_key_value_heads: 8, head_dim: 128 } },
  // GraniteMoeHybridConfig's routed experts and shared MLP width when a file leaves them out (granite4.ts).
  granitemoehybrid: { source: 'src/transformers/models/granitemoehybrid/configuration_granitemoehybrid.py @ 4f7e1d4, GraniteMoeHybridConfig.__init__', values: { num_local_experts: 8, shared_intermediate_size: 1024 } },
  // Starcoder2Config's num_key_value_heads is 2 when a file leaves it out (not num_attention_heads, as LlamaConfig's None is).
  starcoder2: { source: 'src/transformers/models/starcoder2/configuration_starcoder2.py, Starcoder2Config', values: { num_key_value_heads: 2 } },
  glm: { source: 'src/transformers/models/glm/configuration_glm.py, GlmConfig', values: { num_key_value_heads: 2 } }, // as Starcoder2Config: not heads
  // Gemma2Config and VaultGemmaConfig (@ 008e574) give 4 key/value heads (not num_attention_heads) and sliding_window 4096
  // (None only when given null) when the file leaves them out; their layer_types then slide every other layer from layer 0.
  ...Object.fromEntries([['gemma2', 'gemma2/configuration_gemma2.py @ 008e574, Gemma2Config'], ['vaultgemma', 'vaultgemma/configuration_vaultgemma.py @ 008e574, VaultGemmaConfig']].map(([type, where]) => (
    [type, { source: `src/transformers/models/${where}`, values: { num_key_value_heads: 4, sliding_window: 4096 } }]))),
  // Multi-head latent attention's configs (@ 008e574) build q_a_proj → q_b_proj with q_lora_rank (a plain q_proj only when
  // given null: DeepSeek-V2-Lite) and shared experts when the file leaves the keys out. DeepseekV3Config also makes the
  // first 3 layers dense (DeepseekV2Config 0, the importer's own default). kimi_k2 (remote code, its own class) takes none.
  deepseek_v2: { source: 'src/transformers/models/deepseek_v2/configuration_deepseek_v2.py @ 008e574, DeepseekV2Config', values: { q_lora_rank: 1536, n_shared_experts: 2 } },
  deepseek_v3: { source: 'src/transformers/models/deepseek_v3/configuration_deepseek_v3.py @ 008e574, DeepseekV3Config', values: { q_lora_rank: 1536, n_shared_experts: 1, first_k_dense_replace: 3 } },
  // Glm4MoeConfig (GLM-4.5) likewise: 8 key/value heads (not num_attention_heads), one shared expert, the first layer dense.
  glm4_moe: { source: 'src/transformers/models/glm4_moe/configuration_glm4_moe.py @ 008e574, Glm4MoeConfig', values: { num_key_value_heads: 8, n_shared_experts: 1, first_k_dense_replace: 1 } },
  glm4_moe_lite: { source: 'src/transformers/models/glm4_moe_lite/configuration_glm4_moe_lite.py @ 008e574, Glm4MoeLiteConfig', values: { q_lora_rank: 768, n_shared_experts: 1 } },
  // Qwen2-VL's and Qwen2.5-VL's text configs (a flat file's keys go to them too) are not Qwen2Config: 8 key/value heads
  // and max_window_layers 80 when the file leaves them out.
  ...Object.fromEntries([['qwen2_vl', 'qwen2_vl/configuration_qwen2_vl.py, Qwen2VLTextConfig'], ['qwen2_5_vl', 'qwen2_5_vl/configuration_qwen2_5_vl.py, Qwen2_5_VLTextConfig']].flatMap(([type, where]) => {
    const d = { source: `src/transformers/models/${where}`, values: { num_key_value_heads: 8, max_window_layers: 80 } };
    return [[type, d], [`${type}_text`, d]];
  })),
  // classdefaults33: key/value heads (and Qwen3's head_dim, Qwen2-MoE's shared expert, GPT-OSS's head_dim and window) that
  // these classes fill in when a file leaves the key out: the signature's value, not num_attention_heads, which they take
  // only for an explicit null (as MistralConfig above). The importer took num_attention_heads, hidden_size /
  // num_attention_heads, no shared expert and no window: a different model from the one transformers builds, silently.
  // Qwen2Config's and Qwen3Config's sliding_window 4096 is used only with use_sliding_window (common.ts slidingWindow).
  qwen2: { source: 'src/transformers/models/qwen2/configuration_qwen2.py @ 008e574, Qwen2Config', values: { num_key_value_heads: 32, sliding_window: 4096 } },
  qwen2_moe: { source: 'src/transformers/models/qwen2_moe/configuration_qwen2_moe.py @ 008e574, Qwen2MoeConfig', values: { num_key_value_heads: 16, shared_expert_intermediate_size: 5632 } },
  qwen3: { source: 'src/transformers/models/qwen3/configuration_qwen3.py @ 008e574, Qwen3Config', values: { num_key_value_heads: 32, head_dim: 128, sliding_window: 4096 } },
  // Qwen3MoeConfig has no head_dim field: Qwen3MoeAttention's hidden_size / num_attention_heads, the importer's own.
  qwen3_moe: { source: 'src/transformers/models/qwen3_moe/configuration_qwen3_moe.py @ 008e574, Qwen3MoeConfig', values: { num_key_value_heads: 4 } },
  // Qwen3-VL's text configs are their own classes (not Qwen3Config's, Qwen3MoeConfig's defaults).
  qwen3_vl_text: { source: 'src/transformers/models/qwen3_vl/configuration_qwen3_vl.py @ e1b5516, Qwen3VLTextConfig.__init__', values: { num_key_value_heads: 32, head_dim: 128 } },
  qwen3_vl_moe_text: { source: 'src/transformers/models/qwen3_vl_moe/configuration_qwen3_vl_moe.py @ 4fa4a23, Qwen3VLMoeTextConfig.__init__', values: { num_key_value_heads: 16 } },
  mixtral: { source: 'src/transformers/models/mixtral/configuration_mixtral.py @ 008e574, MixtralConfig', values: { num_key_value_heads: 8 } },
  // GemmaConfig's head_dim 256 is the gemma builder's own (hf.ts).
  gemma: { source: 'src/transformers/models/gemma/configuration_gemma.py @ 008e574, GemmaConfig', values: { num_key_value_heads: 16 } },
  // GptOssConfig: sliding_window 128 (its layer_types then every other layer from layer 0, the builder's 'alternate').
  gpt_oss: { source: 'src/transformers/models/gpt_oss/configuration_gpt_oss.py @ 02b8f42, GptOssConfig', values: { num_key_value_heads: 8, head_dim: 64, sliding_window: 128 } },
  // The same for the less used built types (classdefaults33): key/value heads that are not num_attention_heads when left
  // out, OLMo 3's and EXAONE 4's window (4096: their layer patterns then slide 3 of every 4 layers), ERNIE 4.5 MoE's two
  // shared experts, and dots.llm1's max_window_layers 62 (the importer took num_hidden_layers: no layer sliding).
  smollm3: { source: 'src/transformers/models/smollm3/configuration_smollm3.py @ 008e574, SmolLM3Config', values: { num_key_value_heads: 4 } },
  olmo3: { source: 'src/transformers/models/olmo3/configuration_olmo3.py @ 008e574, Olmo3Config', values: { sliding_window: 4096 } },
  glm4: { source: 'src/transformers/models/glm4/configuration_glm4.py @ 008e574, Glm4Config', values: { num_key_value_heads: 2 } },
  seed_oss: { source: 'src/transformers/models/seed_oss/configuration_seed_oss.py @ 008e574, SeedOssConfig', values: { num_key_value_heads: 8 } },
  exaone4: { source: 'src/transformers/models/exaone4/configuration_exaone4.py @ 008e574, Exaone4Config', values: { num_key_value_heads: 32, sliding_window: 4096 } },
  ernie4_5: { source: 'src/transformers/models/ernie4_5/configuration_ernie4_5.py @ 008e574, Ernie4_5Config', values: { num_key_value_heads: 2 } },
  ernie4_5_moe: { source: 'src/transformers/models/ernie4_5_moe/configuration_ernie4_5_moe.py @ 001f85b, Ernie4_5_MoeConfig.__init__', values: { num_key_value_heads: 4, moe_num_shared_experts: 2 } },
  minimax_m2: { source: 'src/transformers/models/minimax_m2/configuration_minimax_m2.py @ 008e574, MiniMaxM2Config', values: { num_key_value_heads: 8 } },
  dots1: { source: 'src/transformers/models/dots1/configuration_dots1.py @ 008e574, Dots1Config', values: { num_key_value_heads: 32, max_window_layers: 62 } },
  // StableLmConfig: 32 key/value heads when left out (its __init__ has no None branch).
  stablelm: { source: 'src/transformers/models/stablelm/configuration_stablelm.py @ 05cd1ec, StableLmConfig.__init__', values: { num_key_value_heads: 32 } },
  phimoe: { source: 'src/transformers/models/phimoe/configuration_phimoe.py @ 040e1a7, PhimoeConfig.__init__', values: { num_key_value_heads: 8 } },
};
/** The defaults of the file's own model_type (an alias's: qwen2_5_vl), else of the type it is built as. */
export const typeDefaultsOf = (...types: string[]): { source: string; values: Readonly<Record<string, number>> } | undefined => types.filter((t) => Object.hasOwn(TYPE_DEFAULTS, t)).map((t) => TYPE_DEFAULTS[t]!)[0];
