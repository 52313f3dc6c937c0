/**
 * Which built types' config classes define the fields the Llama core reads (common.ts llamaCore): attention_bias,
 * mlp_bias and head_dim are read only where the type's class has them, so that a key its class does not have, kept as
 * an attribute nothing reads, changes no count. Family knowledge, by model_type, each set with its sources.
 */

/**
 * Built types whose config class has no `attention_bias` field (huggingface/transformers @ 008e574: configuration_mistral.py,
 * configuration_mixtral.py, configuration_qwen2.py, configuration_qwen2_moe.py (its qkv_bias instead), configuration_phi3.py,
 * configuration_exaone4.py, configuration_ernie4_5.py and configuration_ernie4_5_moe.py (use_bias), configuration_minimax_m2.py;
 * configuration_stablelm.py (use_qkv_bias) @ 05cd1ec; PhiConfig, Starcoder2Config (use_bias); InternLM2's remote-code
 * InternLM2Config (bias)). A file's key of that name is kept as an attribute nothing reads (the attention's biases are
 * fixed in its modeling code, or set by the type's own key, read by its builder): not read here, so no value of it
 * changes the count or is refused (cohere2's use_qk_norm, the same defect).
 */
export const NO_ATTENTION_BIAS: ReadonlySet<string> = new Set(['mistral', 'mixtral', 'qwen2', 'qwen2_moe', 'phi3', 'stablelm', 'phi', 'exaone4', 'ernie4_5', 'ernie4_5_moe', 'minimax_m2', 'starcoder2', 'internlm2']);
/**
 * The built types, of those reading their biases here, whose config class defines `mlp_bias` (LlamaConfig, GraniteConfig,
 * SmolLM3Config @ 008e574, NemotronConfig @ 05cd1ec; DeepseekV2Config @ 008e574, whose DeepseekV2MLP, a LlamaMLP, is
 * the dense layers' and the shared experts' MLP, the routed experts unbiased: modular_deepseek_v2.py @ 000c33f); the others' classes have no such field (GemmaConfig, Qwen3Config, Olmo3Config
 * @ 008e574 end at attention_bias / attention_dropout) and their MLPs are built without biases.
 */
export const MLP_BIAS: ReadonlySet<string> = new Set(['llama', 'granite', 'smollm3', 'nemotron', 'deepseek_v2']);
/**
 * Built types whose attention takes its head width from hidden_size / num_attention_heads whatever a `head_dim` key says
 * (StableLmConfig has no such field; StableLmAttention sets head_dim = hidden_size // num_heads and raises unless
 * head_dim · num_heads == hidden_size: modeling_stablelm.py @ 00dcc6d; InternLM2's remote code, InternLM2Attention's
 * head_dim = hidden_size // num_heads and the same check: modeling_internlm2.py as copied in NanSang2000/S1mpleAgent @ 0143463;
 * MiniCPM's remote code, MiniCPMAttention's head_dim = hidden_size // num_heads and the same check, a kv_channels or
 * head_dim key unread: modeling_minicpm.py as copied in duoyuncloud/ModelConverterTool @ d859c30).
 */
export const NO_HEAD_DIM: ReadonlySet<string> = new Set(['stablelm', 'internlm2', 'minicpm']);
