/**
 * Language-model `model_type`s that are real architectures flopcast does not build: a file giving one is told so
 * (with what is not modelled, where that is known), never "did you mean" another architecture by edit distance
 * (`hunyuan_v1_moe` was offered `hunyuan_v1_dense`, `qwen3_vl` `qwen2_vl`, `deepseek_v32` `deepseek_v2`, `mpt`
 * `opt`: a different model, and a wrong count). The names are those of transformers'
 * src/transformers/models/auto/configuration_auto.py CONFIG_MAPPING_NAMES (huggingface/transformers @ 001002320fa0)
 * that are language models or wrap one, and the hub's remote-code types named where they are listed.
 */
import { shownLine } from '../../input/name.js';
import { didYouMean } from '../../input/suggest.js';

/** A multimodal config whose language model transformers builds from its text_config (its `sub_configs`). */
export const NESTS_TEXT_CONFIG = 'nests text_config';
/** One whose remote code nests it under language_config (DeepSeek-VL2's DeepseekVLV2Config), where src/model/hf.ts reads it. */
const NESTS_LANGUAGE_CONFIG = 'nests language_config';
const NESTED_UNDER: Readonly<Record<string, string>> = { [NESTS_TEXT_CONFIG]: 'text_config', [NESTS_LANGUAGE_CONFIG]: 'language_config' };

const HYBRID_SSM = 'its Mamba (state-space) layers beside attention, in its own config layout: only nemotron_h\'s hybrid layers are read';
/** What a Mamba-2 / attention hybrid in a layout the importer does not read is told to do instead (the table's, and granite4.ts's). */
export const HYBRID_SSM_HINT = 'a flopcast model file describes Mamba-2 / attention hybrids by hand (layer_pattern, mamba), if its layers are those';
/** transformers modeling_mamba2.py: every block a Mamba2Mixer (the format's Mamba-2 mixer, layer_pattern M) and its norm. */
const PURE_SSM = 'a state-space (Mamba-2) model, in its own config layout: only nemotron_h\'s Mamba-2 layers are read';
/**
 * The format's state-space layers are Mamba-2 mixers (src/model/hybrid.ts, mamba_ssm/modules/mamba2.py as Nemotron-H
 * builds them); these are Mamba-1 selective scans (Gu & Dao 2023, arXiv:2312.00752 §3: x_proj giving Δ, B and C per
 * token, dt_proj, A of d_inner × d_state): other weights and other FLOPs.
 */
const mamba1 = (layers: string) => `${layers} Mamba-1 mixer${layers.startsWith('every') ? '' : 's'}: x_proj, dt_proj, A_log, D, where the format's state-space layers are Mamba-2 (layer_pattern M, as Nemotron-H's)`;
const RECURRENT = 'its recurrent or convolution layers (no attention, or beside it) are not modelled';
/** Qwen3-Next's layers (modular_qwen3_next.py), Qwen3.5's too: Gated DeltaNet linear attention beside gated full attention. */
const GATED_DELTANET = 'its Gated DeltaNet (linear attention) layers, three in four beside gated full attention, are not modelled';
/** MiniMax-Text-01's hybrid of lightning and softmax attention, MiniMax-M1's too. */
const LIGHTNING_ATTENTION = 'its lightning (linear) attention layers are not modelled';
/** ERNIE-4.5-VL's MoE layers, under both of its type names (transformers' and the hub's remote code's). */
const TEXT_VISION_EXPERTS = 'its separate text and vision experts (moe_num_experts a pair) are not modelled';
/** Kimi Linear's layers (MoonshotAI/Kimi-Linear README.md): Kimi Delta Attention, a gated delta-rule linear attention, beside MLA. */
const KIMI_DELTA_ATTENTION = 'its Kimi Delta Attention (KDA, gated delta-rule linear attention) layers beside multi-head latent attention (linear_attn_config.kda_layers) are not modelled';
/** DeepSeek-V3.2's attention (remote code DeepseekV32Indexer), GLM-5's too (modular_glm_moe_dsa.py). */
const SPARSE_ATTENTION = 'DeepSeek Sparse Attention (the lightning indexer choosing each query\'s top-k keys) is not modelled';

/**
 * Each type and why it is not built: a reason where the architecture has a part the model format cannot represent
 * (so a model file cannot describe it either), {@link NESTS_TEXT_CONFIG} or {@link NESTS_LANGUAGE_CONFIG} for a
 * multimodal wrapper (met here only when its file has no such key; the Qwen-VL types, read through text_config, are src/model/hf.ts TEXT_TYPE_OF's), ''
 * for a type a model file can describe by hand.
 */
export const UNSUPPORTED_TYPES: Readonly<Record<string, string>> = {
  // Parts the model format has no place for.
  qwen3_next: GATED_DELTANET,
  // Qwen3.5 (transformers src/transformers/models/qwen3_5/configuration_qwen3_5.py @ 008e574, Qwen3_5TextConfig: layer_types
  // "linear_attention" where (i + 1) % full_attention_interval (4), linear_attn.in_proj_qkv / in_proj_z / in_proj_b /
  // in_proj_a; qwen3_5_moe's Qwen3_5MoeTextConfig the same with experts): Qwen3-Next's layers, in a multimodal wrapper
  // (Qwen3_5Config, Qwen3_5MoeConfig: text_config and vision_config). Listed in the later CONFIG_MAPPING_NAMES of
  // src/transformers/models/auto/auto_mappings.py (@ 00290f09); they were offered "did you mean qwen3 / qwen3_moe".
  qwen3_5_text: GATED_DELTANET,
  qwen3_5_moe_text: GATED_DELTANET,
  qwen3_5: NESTS_TEXT_CONFIG,
  qwen3_5_moe: NESTS_TEXT_CONFIG,
  // deepseek-ai/DeepSeek-V3.2-Exp config.json (remote code, model_type deepseek_v32; index_topk, index_n_heads).
  deepseek_v32: SPARSE_ATTENTION,
  // GLM-5 (transformers modular_glm_moe_dsa.py: GlmMoeDsaAttention is DeepSeek-V3's MLA with DeepseekV32Indexer, top-k shared
  // across layers by indexer_types). It was told a model file could describe it by hand.
  glm_moe_dsa: SPARSE_ATTENTION,
  // DeepSeek-V4 (modular_deepseek_v4.py, configuration_deepseek_v4.py): compressed sparse and heavily compressed attention
  // (compressor pools, a lightning indexer), manifold-constrained hyper-connections (hc_mult), hash-routed MoE layers and a
  // grouped output projection. It was offered deepseek_v2.
  deepseek_v4: 'its compressed sparse attention (compressor pools and a lightning indexer), hyper-connections and hash-routed MoE layers are not modelled',
  // OLMo Hybrid (modular_olmo_hybrid.py: OlmoHybridGatedDeltaNet on the linear_attention layers, every fourth layer full
  // attention by default). It was told a model file could describe it by hand.
  olmo_hybrid: 'its Gated DeltaNet (linear attention) layers, three in four beside full attention, are not modelled',
  // Kimi Linear (moonshotai/Kimi-Linear-48B-A3B-*, remote code KimiLinearConfig, model_type kimi_linear; MoonshotAI/Kimi-Linear
  // README.md): Kimi Delta Attention, a gated delta-rule linear attention, on the linear_attn_config.kda_layers, multi-head
  // latent attention on the full_attn_layers. It was "unsupported model_type", told a model file could describe it (configs33).
  kimi_linear: KIMI_DELTA_ATTENTION,
  // inclusionAI's Ring linear 2.0 (Ring-mini-linear-2.0, Ring-flash-linear-2.0: remote code BailingMoeLinearV2Config, model_type
  // bailing_moe_linear, a softmax attention layer per layer_group_size beside lightning attention) and Ling 3.0 (bailing_hybrid:
  // KDA beside MLA, the MoE of Ling 2.0), as public ports and serving notes describe them (code index file ids 60920977192,
  // 60447159318, 59715661371). Both were "unsupported model_type", told a model file could describe them (configs33).
  bailing_moe_linear: LIGHTNING_ATTENTION,
  bailing_hybrid: 'its Kimi Delta Attention (KDA, gated delta-rule linear attention) layers beside multi-head latent attention are not modelled',
  // Step 3's language model (vllm-project/vllm vllm/model_executor/models/step3_text.py @ 0169d39, Step3TextAttention):
  // Multi-Matrix Factorization Attention, a low-rank query (q_proj to share_q_dim, inter_norm, wq to the heads) over one
  // key/value head; the format writes a low-rank query only inside attention: mla. It was "unsupported model_type" (configs33).
  step3_text: 'its Multi-Matrix Factorization Attention (a low-rank query: q_proj to share_q_dim, then wq to the heads, over one key/value head) is not modelled',
  // Llama-Nemotron Super and Ultra (nvidia/Llama-3_3-Nemotron-Super-49B-v1*, Llama-3_1-Nemotron-Ultra-253B-v1: remote code
  // DeciLMConfig, model_type nemotron-nas, whose hub files a public test copies, code index file id 5860950287): a Llama searched
  // layer by layer, block_configs giving each layer its attention (its own n_heads_in_group, none: no_op, or a linear layer:
  // replace_with_linear) and its FFN width (ffn_mult, or none). It was offered nemotron, another architecture (configs33).
  'nemotron-nas': 'its layers differ one by one (block_configs: each layer\'s attention grouped its own way, replaced by a linear layer or removed, and its FFN width set by ffn_mult or removed), where the format\'s layers share one shape',
  minimax: LIGHTNING_ATTENTION,
  // MiniMax-M1 (MiniMaxAI/MiniMax-M1-*, remote code MiniMaxM1ForCausalLM): MiniMax-Text-01's hybrid of lightning and softmax attention.
  minimax_m1: LIGHTNING_ATTENTION,
  // MiniCPM-SALA (OpenBMB, model_type minicpm_sala): mixer_types gives each layer "lightning-attn" (linear attention, its own
  // heads: lightning_nh, lightning_head_dim, an output gate) or "minicpm4" (MiniCPM 4's InfLLM v2 sparse attention), as a
  // public quantized copy of its config.json (code index file id 53941575406) and a public MLX port's test (4232055247) write it.
  minicpm_sala: 'its lightning (linear) attention layers (mixer_types "lightning-attn"), beside sparse attention, are not modelled',
  // modeling_idefics.py: IdeficsGatedCrossAttentionLayer every cross_layer_interval layers beside the Llama layers.
  idefics: 'its gated cross-attention layers (to the image features) between the language model\'s layers are not modelled',
  // ERNIE-4.5-VL (transformers ernie4_5_vl_moe_text; the hub's remote code ernie4_5_moe_vl, its keys at the top level):
  // separate text and vision experts in each MoE layer (moe_num_experts a pair).
  ernie4_5_vl_moe_text: TEXT_VISION_EXPERTS,
  ernie4_5_moe_vl: TEXT_VISION_EXPERTS,
  gemma3n: NESTS_TEXT_CONFIG,
  gemma3n_text: 'per-layer embeddings, AltUp and LAuReL blocks are not modelled',
  diffllama: 'differential attention (two softmax maps per head) is not modelled',
  // transformers modeling_mamba.py MambaMixer: in_proj, conv1d, x_proj, dt_proj, A_log, D, out_proj; no attention, no MLP.
  mamba: mamba1('every layer is a'),
  mamba2: PURE_SSM,
  // modeling_falcon_mamba.py FalconMambaMixer: MambaMixer's weights, B, C and Δ RMS-normalized in forward.
  falcon_mamba: mamba1('every layer is a'),
  bamba: HYBRID_SSM,
  falcon_h1: HYBRID_SSM,
  // modeling_jamba.py: JambaMambaMixer layers, an attention layer every attn_layer_period, MoE every expert_layer_period.
  jamba: mamba1('the layers between its attention layers are'),
  zamba: HYBRID_SSM,
  zamba2: HYBRID_SSM,
  rwkv: RECURRENT,
  rwkv7: RECURRENT, // RWKV-7 (auto_mappings.py @ 00290f09, Rwkv7Config): the RWKV family's recurrent layers
  xlstm: RECURRENT,
  recurrent_gemma: RECURRENT,
  lfm2: RECURRENT,
  lfm2_moe: RECURRENT,
  // Later types (auto_mappings.py @ 00290f09; each class read at the commit named), with parts the format has no place for.
  // Gemma4TextConfig (configuration_gemma4.py @ 008e574): per-layer input embeddings (vocab_size_per_layer_input,
  // hidden_size_per_layer_input), key/value projections shared across layers (num_kv_shared_layers, attention_k_eq_v)
  // and wider heads on the global layers (global_head_dim 512). It was offered gemma3_text.
  gemma4_text: 'per-layer input embeddings, key/value sharing across layers and the global layers\' wider heads (global_head_dim) are not modelled',
  // MiMoV2FlashConfig (configuration_mimo_v2_flash.py @ 019770d): value heads (v_head_dim 128) narrower than query/key
  // heads (head_dim 192) in ordinary attention, which the format writes only for attention: mla.
  mimo_v2_flash: 'its value heads narrower than its query and key heads (v_head_dim) outside multi-head latent attention are not modelled',
  // Step3p7TextConfig, model_type step3p5 (configuration_step3p7.py @ 09c24c1): a gate projection on the attention output
  // (g_proj), head counts per layer (num_attention_heads_per_layer) and sparse-attention layers with a lightning indexer.
  step3p5: 'its gated attention output (g_proj), per-layer head counts and sparse-attention (lightning indexer) layers are not modelled',
  // LagunaConfig (configuration_laguna.py @ 08911d5): a softplus output gate on the attention (g_proj) and per-layer head counts.
  laguna: 'its softplus attention output gate (g_proj) and per-layer head counts are not modelled',
  // PI0Config (configuration_pi0.py @ 02186df): a vision-language-action model, a PaliGemma backbone (vlm_config) beside a
  // Gemma action expert (dit_config) trained as a flow-matching denoiser. It was offered phi.
  pi0: 'a vision-language-action model: its Gemma action expert (dit_config), a flow-matching denoiser beside the PaliGemma backbone (vlm_config), is not modelled',
  // Multimodal wrappers (read through their text_config when the file has one).
  ...Object.fromEntries([
    'aria', 'aya_vision', 'cohere2_vision', 'deepseek_vl', 'deepseek_vl_hybrid', 'gemma3', 'glm46v', 'glm4v', 'glm4v_moe', 'idefics3',
    'internvl', 'janus', 'lfm2_vl', 'llama4', 'llava', 'llava_next', 'llava_next_video', 'llava_onevision', 'mistral3', 'mllama',
    'ovis2', 'paligemma', 'perception_lm', 'smolvlm', 'video_llava', 'vipllava', 'voxtral',
    // Qwen2AudioConfig, Idefics2Config, ShieldGemma2Config, Ernie4_5_VLMoeConfig; granitevision is LlavaNextConfig (CONFIG_MAPPING_NAMES);
    // Kimi-VL's remote code (moonshotai/Kimi-VL-A3B-*, KimiVLConfig) nests a deepseek_v3 text_config.
    'qwen2_audio', 'idefics2', 'shieldgemma2', 'ernie4_5_vl_moe', 'granitevision', 'kimi_vl',
    // Later wrappers (auto_mappings.py @ 00290f09), each class's sub_configs a text_config: Kimi_K25Config (configuration_kimi_k25.py
    // @ 059101b, a deepseek_v3 one; it was offered kimi_k2), HunYuanVLConfig (configuration_hunyuan_vl.py @ 043bb8d), Gemma4Config
    // (@ 008e574; offered gemma), Exaone4_5_Config (configuration_exaone4_5.py @ 10a251a, an exaone4 one; offered exaone4),
    // DeepseekOcr2Config (configuration_deepseek_ocr2.py @ 008e574; offered deepseek_v2), GlmgaConfig (configuration_glmga.py
    // @ 2c9d8b1, a glm4v_text one; offered gemma), Step3p7Config (configuration_step3p7.py @ 09c24c1, a step3p5 one).
    'kimi_k25', 'hunyuan_vl', 'gemma4', 'exaone4_5', 'deepseek_ocr2', 'glmga', 'step3p7',
    // Kimi K3's kimi_k3 (a kimi_linear text_config: the public mlx-lm kimi_k3 test and LightLLM's kimi_linear test write it
    // so; it was offered kimi_k25), Step 3's step3_vl (a step3_text one: vLLM's Step3VLForConditionalGeneration) (configs33).
    'kimi_k3', 'step3_vl',
  ].map((t) => [t, NESTS_TEXT_CONFIG])),
  // DeepSeek-VL2's remote code (deepseek-ai/deepseek-vl2*, DeepseekVLV2Config): a deepseek_v2 language_config; Janus's
  // (deepseek-ai/Janus-Pro-*, MultiModalityConfig, model_type multi_modality): a llama one.
  deepseek_vl_v2: NESTS_LANGUAGE_CONFIG,
  multi_modality: NESTS_LANGUAGE_CONFIG,
  // Language models without a builder here. granitemoeshared: granitemoe's experts and a shared one beside them
  // (shared_intermediate_size), which a model file's moe.shared_experts writes; no exact published count to test an importer against.
  ...Object.fromEntries([
    'afmoe', 'arcee', 'aria_text', 'biogpt', 'bitnet', 'blt', 'chameleon', 'codegen', 'ctrl', 'cwm', 'doge', 'emu3', 'flex_olmo', 'fuyu',
    'glm4v_moe_text', 'glm4v_text', 'gpt_neo', 'gpt_neox_japanese', 'helium', 'granitemoeshared', 'jais2', 'jetmoe', 'longcat_flash',
    'modernbert-decoder', 'nanochat', 'openai-gpt', 'persimmon', 'qwen3_omni_moe', 't5gemma', 'xglm',
    // Qwen2_5OmniConfig nests its language model two levels down (thinker_config.text_config), which the importer does not
    // read; Phi4MultimodalConfig keeps Phi-3's keys at the top level beside vision and audio LoRA adapters and encoders;
    // pixtral is a vision encoder (PixtralVisionConfig), the vision_config of a Mistral 3 or LLaVA file.
    'qwen2_5_omni', 'phi4_multimodal', 'pixtral',
    // Later types (src/transformers/models/auto/auto_mappings.py @ 00290f09) a model file describes: Mistral Small 4's
    // mistral4 (modular_mistral4.py: DeepSeek-V3's MLA and MoE, its router without a score bias; it was offered mistral) and
    // Solar Open's solar_open (modular_solar_open.py: Llama attention, o_proj unbiased, and GLM-4.5's MoE on every layer).
    // Neither has an exact published count of its language model to test an importer against. IBM's granite_swa and
    // granitemoe_swa (modular_granite_swa.py, modular_granitemoe_swa.py: Granite's and Granite MoE Shared's layers with
    // sliding layer_types and a learned sink per head, the format's attention_sinks; granitemoe_swa was offered granitemoe):
    // the granite-swash checkpoints' totals are published rounded only (2.144B).
    'mistral4', 'solar_open', 'granite_swa', 'granitemoe_swa',
    // Later language models whose layers a model file writes (auto_mappings.py @ 00290f09; classes @ 008e574 unless named):
    // HunYuanVLTextConfig (configuration_hunyuan_vl.py @ 043bb8d: HunYuanDenseV1Config's fields, an M-RoPE without parameters;
    // it was offered hunyuan_v1_dense), Cohere2MoeConfig (Cohere 2's sliding / full layers, routed and shared experts, dense
    // prefix layers), MellumConfig (@ 0eec8c7: q/k norms, sliding layer_types, MoE by mlp_layer_types), HYV3Config (q/k norms,
    // a shared expert, the first layer dense), MiniCPM3Config (multi-head latent attention, the format's attention: mla, and
    // scalar muP multipliers), HyperCLOVAXConfig (Llama's layers, post-norms with use_post_norm, scalar muP multipliers),
    // DeepseekOcr2TextConfig (DeepSeek-V2's MoE behind ordinary multi-head attention). None has an exact published count of
    // its language model tested here.
    // Qwen2_5OmniTextConfig (configuration_qwen2_5_omni.py @ 8855d4e: q/k/v/o and a gated MLP, an M-RoPE without parameters;
    // the thinker's language model, two levels down in a qwen2_5_omni file) was offered qwen2_5_vl_text.
    'hunyuan_vl_text', 'cohere2_moe', 'mellum', 'hy_v3', 'minicpm3', 'hyperclovax', 'deepseek_ocr2_text', 'qwen2_5_omni_text',
    // ExaoneMoeConfig (modular_exaone_moe.py @ 02e8340: Exaone4's attention with q/k norms and LLLG sliding layers, OLMoE's
    // pre-norm layer, DeepSeek-V3's MoE with a shared expert and an e_score_correction_bias, dense layers by mlp_layer_types
    // or first_k_dense_replace; Megatron-Bridge has a K-EXAONE 236B-A23B recipe): K-EXAONE's card rounds its count (236B),
    // so no exact figure tests an importer; it was "unsupported model_type".
    'exaone_moe',
    // Hub remote-code types (configs33): InternLM3 (internlm/internlm3-8b-instruct, InternLM3Config: Llama's modules with
    // qkv_bias and bias; it was offered internlm2, whose fused wqkv and config keys are another class's), Ling / Ring
    // (inclusionAI, BailingMoeConfig and BailingMoeV2Config: shared experts, dense prefix layers, MTP layers; Megatron-Bridge
    // converts bailing_moe_v2). None has an exact published count of its language model tested here.
    'internlm3', 'bailing_moe', 'bailing_moe_v2',
    // OpenBMB's MiniCPM-V and MiniCPM-o (remote code, model_type minicpmv / minicpmo): a vision encoder and resampler beside a
    // language model whose keys sit at the top level, and which differs by version (the cards: MiniCPM-Llama3-V 2.5 on Llama 3
    // 8B, MiniCPM-V 2.6 on Qwen2-7B, MiniCPM-V 4.5 on Qwen3-8B), the file naming none. Once minicpm was built they were offered
    // it, another model (hf35).
    'minicpmv', 'minicpmo',
  ].map((t) => [t, ''])),
};

/** The multimodal wrappers listed here ({@link NESTS_TEXT_CONFIG}, {@link NESTS_LANGUAGE_CONFIG}): the types a file may give over its nested language model. */
export const WRAPPER_TYPES: readonly string[] = Object.keys(UNSUPPORTED_TYPES).filter((t) => Object.hasOwn(NESTED_UNDER, UNSUPPORTED_TYPES[t]!));

/**
 * What a file's outer `model_type` over a nested language model (`text_config`) is told when it is no multimodal wrapper
 * listed here (`wrappers`: these, and the types hf.ts reads either way): a real architecture not built, as a language
 * model's type is; any other, the wrapper it misspells, else how to count the language model alone. An outer type was
 * not checked at all: `"model_type": "mamba"` (or "lama") over a text_config counted the text_config (hostile sweep 30),
 * where a wrapper may build its language model otherwise (mllama adds cross-attention layers to it).
 */
export function unknownWrapper(type: string, nest: string, wrappers: readonly string[]): { message: string; hint: string } {
  if (Object.hasOwn(UNSUPPORTED_TYPES, type)) return unsupportedType(type, []);
  return {
    message: `unsupported model_type "${shownLine(type)}": no multimodal config flopcast knows nests its language model under ${nest}`,
    hint: didYouMean(type, wrappers) ?? `if the model is its ${nest} alone, save that mapping as its own config.json and pass it`,
  };
}

/**
 * What to do instead: a model file describes a type the importer only lacks a builder for, and a Mamba-2 model or a
 * Mamba-2 / attention hybrid by its layer_pattern; a part the format cannot represent it cannot describe either.
 */
function hintFor(why: string): string {
  if (why === '') return 'describe it by hand in a flopcast model file (YAML)';
  if (why === HYBRID_SSM) return HYBRID_SSM_HINT;
  if (why === PURE_SSM) return 'a flopcast model file describes a Mamba-2 model by hand (layer_pattern of M layers only, and mamba)';
  return 'a flopcast model file has no such layer either: count such a model elsewhere';
}

/**
 * What a file's `model_type` that no builder takes is told: a real type not built, that it is not (and why, where
 * known), with no other architecture offered; a multimodal wrapper without its text_config, where the language model
 * is; anything else, the supported type it misspells, unless a real unsupported type is as near (`qwen3_nxt` means
 * qwen3_next, not qwen3_moe; `hunyuan` names hunyuan_v1_moe as much as hunyuan_v1_dense).
 */
export function unsupportedType(type: string, accepted: readonly string[]): { message: string; hint: string } {
  const shown = shownLine(type);
  const why = Object.hasOwn(UNSUPPORTED_TYPES, type) ? UNSUPPORTED_TYPES[type]! : undefined;
  const nest = why !== undefined && Object.hasOwn(NESTED_UNDER, why) ? NESTED_UNDER[why] : undefined;
  if (nest !== undefined) {
    return { message: `a "${shown}" config nests its language model under ${nest}, and this file has none`, hint: `pass the model repository's config.json whole: its ${nest} is the language model counted` };
  }
  if (why !== undefined) {
    return { message: `"${shown}" is a Hugging Face architecture flopcast does not count${why ? `: ${why}` : ''}`, hint: hintFor(why) };
  }
  // The suggestion stands only where the real unsupported types, as candidates too, leave it as it is.
  const meant = didYouMean(type, accepted);
  const stands = meant === didYouMean(type, [...accepted, ...Object.keys(UNSUPPORTED_TYPES)]);
  return { message: `unsupported model_type "${shown}"`, hint: (stands ? meant : undefined) ?? 'describe other architectures by hand in a flopcast model file (YAML)' };
}
