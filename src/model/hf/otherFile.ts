/**
 * A JSON object given as a config.json that is none: a repository's other files are told by their kinds (input/fileKind.ts,
 * one table with the scenario's and the profile's: `run generation_config.json` is told as `flops generation_config.json`
 * is); here, a file with none of the keys a config is written with (`{"torch_dtype": "bfloat16"}`, a fragment), named by
 * its own keys (never a value: the file may not be what the user meant to open). Pure.
 */
import { CONFIG_KEYS } from '../../input/fileKind.js';
import { shownLine } from '../../input/name.js';
import type { Json } from './keyed.js';

/** Why `raw` is no config.json, when it has none of the keys one is written with; undefined otherwise. */
export function notAConfig(raw: Json): { message: string; hint: string } | undefined {
  if (CONFIG_KEYS.some((k) => Object.hasOwn(raw, k))) return undefined;
  const keys = Object.keys(raw);
  const found = keys.length === 0 ? 'it is empty' : `its keys: ${keys.slice(0, 4).map((k) => shownLine(k)).join(', ')}${keys.length > 4 ? `, and ${keys.length - 4} more` : ''}`;
  return { message: `not a model's config.json: it has none of the keys one is written with (model_type, architectures, hidden_size, num_hidden_layers); ${found}`, hint: 'pass the model repository\'s config.json, e.g. from https://huggingface.co/<org>/<model>/blob/main/config.json' };
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
