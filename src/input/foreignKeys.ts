/**
 * Names other tools give the fields flopcast's files take, for the hint beside an unknown key: a model
 * written with a transformers config.json's keys (`hidden_size`) or a layout with Megatron-LM's argument
 * names (`tensor_model_parallel_size`). Sources: transformers PretrainedConfig subclasses (LlamaConfig,
 * GPT2Config, GPTNeoXConfig attribute names) and NVIDIA/Megatron-LM megatron/training/arguments.py
 * (`--tensor-model-parallel-size` and the others, as their dest names). Pure.
 */

const HF = "a transformers config.json's";
const GPT2 = "GPT-2's config.json";
const MEGATRON = "Megatron-LM's";
/** The owners whose names come from a config.json, which can itself be the model. */
const CONFIG_JSON: readonly string[] = [HF, GPT2];

/** Foreign key → [flopcast's key, whose name it is, what differs]. */
export const FOREIGN_KEYS: Record<string, readonly [string, string, string?]> = {
  // transformers config.json
  hidden_size: ['d_model', HF],
  n_embd: ['d_model', GPT2],
  intermediate_size: ['d_ff', HF],
  n_inner: ['d_ff', GPT2],
  num_attention_heads: ['heads', HF],
  n_head: ['heads', GPT2],
  num_key_value_heads: ['kv_heads', HF],
  num_hidden_layers: ['layers', HF],
  n_layer: ['layers', GPT2],
  vocab_size: ['vocab', HF],
  head_dim: ['d_head', HF],
  tie_word_embeddings: ['tied_embeddings', HF],
  max_position_embeddings: ['seq_len', HF, 'there the longest context the model accepts, not the length it trains at'],
  // Megatron-LM arguments
  num_layers: ['layers', MEGATRON],
  ffn_hidden_size: ['d_ff', MEGATRON],
  num_query_groups: ['kv_heads', MEGATRON],
  kv_channels: ['d_head', MEGATRON],
  seq_length: ['seq_len', MEGATRON],
  padded_vocab_size: ['vocab', MEGATRON],
  tensor_model_parallel_size: ['tp', MEGATRON],
  pipeline_model_parallel_size: ['pp', MEGATRON],
  context_parallel_size: ['cp', MEGATRON],
  expert_model_parallel_size: ['ep', MEGATRON],
  expert_tensor_parallel_size: ['etp', MEGATRON],
  virtual_pipeline_model_parallel_size: ['virtual_stages', MEGATRON],
  micro_batch_size: ['micro_batch', MEGATRON],
  global_batch_size: ['global_batch', MEGATRON],
  pipeline_model_parallel_layout: ['pipeline_layout', MEGATRON],
};

/**
 * The hint for an unknown key another tool names a key of this place (`known`) by: "`hidden_size` is a
 * transformers config.json's name for `d_model`". Undefined where the key is nobody's or its flopcast name
 * is not taken here (a config.json key under `cluster:` is simply unknown there).
 */
export function foreignKeyHint(key: string, known: readonly string[]): string | undefined {
  const f = Object.hasOwn(FOREIGN_KEYS, key) ? FOREIGN_KEYS[key] : undefined;
  if (f === undefined || !known.includes(f[0])) return undefined;
  const fromConfig = CONFIG_JSON.includes(f[1]) && known.includes('d_model');
  return `\`${key}\` is ${f[1]} name for \`${f[0]}\`${f[2] ? ` (${f[2]})` : ''}: write \`${f[0]}\`${fromConfig ? ', or give the config.json file itself as the model (`model: path/config.json`)' : ''}`;
}
