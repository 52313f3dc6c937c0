/**
 * Names other tools give the fields flopcast's files take, for the hint beside an unknown key: a model
 * written with a transformers config.json's keys (`hidden_size`) or a layout with Megatron-LM's argument
 * names (`tensor_model_parallel_size`). Sources: transformers PretrainedConfig subclasses (LlamaConfig,
 * GPT2Config, GPTNeoXConfig attribute names) and NVIDIA/Megatron-LM megatron/training/arguments.py
 * (`--tensor-model-parallel-size` and the others, as their dest names). Pure.
 */

/** Foreign key → [flopcast's key, whose name it is, what differs]. */
export const FOREIGN_KEYS: Record<string, readonly [string, string, string?]> = {
  // transformers config.json
  hidden_size: ['d_model', "a transformers config.json's"],
  n_embd: ['d_model', "GPT-2's config.json"],
  intermediate_size: ['d_ff', "a transformers config.json's"],
  n_inner: ['d_ff', "GPT-2's config.json"],
  num_attention_heads: ['heads', "a transformers config.json's"],
  n_head: ['heads', "GPT-2's config.json"],
  num_key_value_heads: ['kv_heads', "a transformers config.json's"],
  num_hidden_layers: ['layers', "a transformers config.json's"],
  n_layer: ['layers', "GPT-2's config.json"],
  vocab_size: ['vocab', "a transformers config.json's"],
  head_dim: ['d_head', "a transformers config.json's"],
  tie_word_embeddings: ['tied_embeddings', "a transformers config.json's"],
  max_position_embeddings: ['seq_len', "a transformers config.json's", 'there the longest context the model accepts, not the length it trains at'],
  // Megatron-LM arguments
  num_layers: ['layers', "Megatron-LM's"],
  ffn_hidden_size: ['d_ff', "Megatron-LM's"],
  num_query_groups: ['kv_heads', "Megatron-LM's"],
  kv_channels: ['d_head', "Megatron-LM's"],
  seq_length: ['seq_len', "Megatron-LM's"],
  padded_vocab_size: ['vocab', "Megatron-LM's"],
  tensor_model_parallel_size: ['tp', "Megatron-LM's"],
  pipeline_model_parallel_size: ['pp', "Megatron-LM's"],
  context_parallel_size: ['cp', "Megatron-LM's"],
  expert_model_parallel_size: ['ep', "Megatron-LM's"],
  expert_tensor_parallel_size: ['etp', "Megatron-LM's"],
  virtual_pipeline_model_parallel_size: ['virtual_stages', "Megatron-LM's"],
  micro_batch_size: ['micro_batch', "Megatron-LM's"],
  global_batch_size: ['global_batch', "Megatron-LM's"],
  pipeline_model_parallel_layout: ['pipeline_layout', "Megatron-LM's"],
};

/**
 * The hint for an unknown key another tool names a key of this place (`known`) by: "`hidden_size` is a
 * transformers config.json's name for `d_model`". Undefined where the key is nobody's or its flopcast name
 * is not taken here (a config.json key under `cluster:` is simply unknown there).
 */
export function foreignKeyHint(key: string, known: readonly string[]): string | undefined {
  const f = Object.hasOwn(FOREIGN_KEYS, key) ? FOREIGN_KEYS[key] : undefined;
  if (f === undefined || !known.includes(f[0])) return undefined;
  const fromConfig = f[1].includes('config.json') && known.includes('d_model');
  return `\`${key}\` is ${f[1]} name for \`${f[0]}\`${f[2] ? ` (${f[2]})` : ''}: write \`${f[0]}\`${fromConfig ? ', or give the config.json file itself as the model (`model: path/config.json`)' : ''}`;
}
