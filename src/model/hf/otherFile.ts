/**
 * The other JSON files of a model repository, given where its config.json goes (`flopcast flops generation_config.json`):
 * each was "model_type: required string is missing" and the list of every supported type, which says neither what the
 * file is nor which file to give. Told apart by the keys each is written with, and only when the file has no model_type
 * (a config.json of transformers 3.x carries generation keys, do_sample and top_k, beside its own). Pure.
 */
import { isMapping } from '../../input/found.js';
import { shownLine } from '../../input/name.js';
import type { Json } from './keyed.js';

/** The file a model's config.json sits beside (https://huggingface.co/<org>/<model>/blob/main/config.json). */
const SAME_FOLDER = 'pass the config.json from the same model repository (https://huggingface.co/<org>/<model>/blob/main/config.json)';

const has = (raw: Json, key: string) => Object.hasOwn(raw, key);

/**
 * What a JSON object without model_type is, when it is one of a repository's other files, and what to give instead.
 * Each kind by the keys its writer always puts there: a sharded checkpoint's index its weight_map (transformers
 * modeling_utils.py save_pretrained: `{"metadata": {"total_size": ...}, "weight_map": {...}}`, model.safetensors.index.json
 * and pytorch_model.bin.index.json alike); a PEFT adapter's adapter_config.json its peft_type (peft's PeftConfig.to_dict);
 * a generation_config.json its `_from_model_config` or decoding keys without a config's sizes (GenerationConfig.to_json_file);
 * a tokenizer_config.json its tokenizer_class, added_tokens_decoder or model_max_length (PreTrainedTokenizerBase.save_pretrained).
 */
export function otherRepositoryFile(raw: Json): { message: string; hint: string } | undefined {
  if (isMapping(raw.weight_map)) {
    return {
      message: 'this is a sharded checkpoint\'s index (weight_map: which file holds each tensor), not the model\'s config.json',
      hint: `${SAME_FOLDER}; the index's metadata.total_size divided by the bytes per parameter (2 for bfloat16) is the checkpoint's parameter count, which flopcast's can be checked against`,
    };
  }
  // Meta's and Mistral's own checkpoint format (llama/model.py ModelArgs, mistral-inference's params.json: dim, n_layers,
  // n_heads, n_kv_heads, hidden_dim or multiple_of / ffn_dim_multiplier), shipped beside or instead of a config.json.
  if (has(raw, 'dim') && has(raw, 'n_layers') && has(raw, 'n_heads')) {
    return {
      message: 'this is a params.json (Meta\'s and Mistral\'s own checkpoint format: dim, n_layers, n_heads), not a transformers config.json',
      hint: 'pass the repository\'s config.json (its transformers-format files), or write a flopcast model file: layers from n_layers, d_model from dim, heads from n_heads, kv_heads from n_kv_heads',
    };
  }
  if (typeof raw.peft_type === 'string' || (has(raw, 'base_model_name_or_path') && (has(raw, 'target_modules') || has(raw, 'lora_alpha')))) {
    const base = typeof raw.base_model_name_or_path === 'string' && raw.base_model_name_or_path !== '' ? ` (base_model_name_or_path: ${shownLine(raw.base_model_name_or_path)})` : '';
    return {
      message: `this is an adapter's adapter_config.json (PEFT${typeof raw.peft_type === 'string' ? ` ${shownLine(raw.peft_type)}` : ''}), not a model's config.json`,
      hint: `pass the base model's config.json${base}: flopcast counts training the whole model; an adapter's own parameters and FLOPs are not modelled`,
    };
  }
  const sized = ['hidden_size', 'n_embd', 'd_model', 'num_hidden_layers', 'n_layer', 'vocab_size'].some((k) => has(raw, k));
  if (!sized && (has(raw, '_from_model_config') || ['do_sample', 'temperature', 'top_p', 'top_k', 'max_new_tokens', 'max_length', 'repetition_penalty'].some((k) => has(raw, k)))) {
    return { message: 'this is a generation_config.json (decoding settings), not the model\'s config.json', hint: SAME_FOLDER };
  }
  if (!sized && ['tokenizer_class', 'added_tokens_decoder', 'model_max_length', 'chat_template'].some((k) => has(raw, k))) {
    return { message: 'this is a tokenizer_config.json (the tokenizer\'s settings), not the model\'s config.json', hint: SAME_FOLDER };
  }
  // None of the keys a config.json is written with (`{"torch_dtype": "bfloat16"}`, a fragment): said so, with its own keys.
  if (!sized && !['architectures', 'text_config', 'language_config', 'llm_config', 'n_head', 'num_attention_heads'].some((k) => has(raw, k))) {
    const keys = Object.keys(raw);
    const found = keys.length === 0 ? 'it is empty' : `its keys: ${keys.slice(0, 4).map((k) => shownLine(k)).join(', ')}${keys.length > 4 ? `, and ${keys.length - 4} more` : ''}`;
    return { message: `not a model's config.json: it has none of the keys one is written with (model_type, architectures, hidden_size, num_hidden_layers); ${found}`, hint: 'pass the model repository\'s config.json, e.g. from https://huggingface.co/<org>/<model>/blob/main/config.json' };
  }
  return undefined;
}

/**
 * The model_type a file's `architectures` entry belongs to, when its class name is a supported type's (`LlamaForCausalLM`:
 * llama; `Qwen3MoeForCausalLM`: qwen3_moe; `GPT2LMHeadModel`: gpt2), compared without case, `_` or `-`; undefined when
 * none or more than one matches. transformers' AutoConfig reads no type from `architectures` (a file without model_type is
 * matched by its path's name only: configuration_auto.py AutoConfig.from_pretrained), so the fix is the file's.
 */
export function typeOfArchitecture(architecture: string, types: readonly string[]): string | undefined {
  const stem = architecture.replace(/(ForCausalLM|LMHeadModel|ForConditionalGeneration|Model)$/, '');
  const norm = (t: string) => t.toLowerCase().replace(/[_-]/g, '');
  if (stem === architecture || stem === '') return undefined;
  const hits = types.filter((t) => norm(t) === norm(stem));
  return hits.length === 1 ? hits[0] : undefined;
}
