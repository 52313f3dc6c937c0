/**
 * A file of one kind given where another goes: a model's config.json or model YAML as a scenario
 * (`flopcast run config.json` was "model: required model is missing"), a scenario as a model
 * (`flopcast flops s.yaml` was "model: unknown key `model`", did you mean `d_model`?). Told apart
 * by the top-level keys each kind is written with (a hardware profile too: `flopcast run h100-sxm.yaml` was
 * "model: required model is missing", a scenario in a hardware folder "unknown key `model`"; a DeepSpeed config JSON, hostile
 * sweep 19, the same); only those key names are echoed, never a value
 * (the file may not be what the user meant to open).
 */
import { InputError } from './errors.js';

export type FileKind = 'scenario' | 'config.json' | 'model' | 'hardware' | 'runs' | 'deepspeed'
  // A model repository's other files (hf35), given where its config.json goes, or as a scenario (`run generation_config.json`).
  | 'checkpoint-index' | 'params.json' | 'adapter' | 'generation' | 'tokenizer';

/** The keys a Hugging Face config.json is told by (transformers PretrainedConfig.to_dict: its type, class and sizes). */
const CONFIG_SIGNS = ['model_type', 'architectures', 'hidden_size', 'num_hidden_layers', 'num_attention_heads', 'intermediate_size'];
/**
 * Every key that says a file is a model's config: CONFIG_SIGNS, GPT-2's and others' names for the sizes, and a multimodal
 * config's nested language model. The one list a repository's other file is vetoed by (a config.json of transformers 3.x
 * carries generation keys, do_sample and top_k, beside its own; `{"architectures": [...], "temperature": 0.7}` is a config
 * missing its model_type, not a generation_config.json) and a fragment is told by (model/hf/otherFile.ts).
 */
export const CONFIG_KEYS: readonly string[] = [...CONFIG_SIGNS, 'n_embd', 'd_model', 'n_layer', 'n_head', 'vocab_size', 'text_config', 'language_config', 'llm_config'];

/** The file a model's config.json sits beside (https://huggingface.co/<org>/<model>/blob/main/config.json), and where it goes. */
const SAME_FOLDER = 'pass the config.json from the same model repository (https://huggingface.co/<org>/<model>/blob/main/config.json): flopcast flops FILE counts it, a scenario names it as model: path/to/config.json';

interface Kind {
  /** Keys only that kind has at its top level (src/scenario/schema.ts, model/schema.ts, each writer's own keys below). */
  signs: readonly string[];
  /** Signs a kind needs: two (one is a typo's worth), but one where a single key is the kind's whole shape and no other kind has it. */
  enough: number;
  /** Keys whose presence says the file is not this kind. */
  unless?: readonly string[];
  /** The kind in words, and what to do with it (the hint). */
  what: string;
  how: string;
}

/**
 * The kinds, each by the keys its writer always puts there. A model repository's other files (was model/hf/otherFile.ts): a
 * sharded checkpoint's index its weight_map (transformers modeling_utils.py save_pretrained: `{"metadata": {"total_size": ...},
 * "weight_map": {...}}`); Meta's and Mistral's params.json its dim, n_layers, n_heads (llama/model.py ModelArgs, mistral-inference);
 * a PEFT adapter_config.json its peft_type, base_model_name_or_path and target_modules (peft's PeftConfig.to_dict); a
 * generation_config.json its `_from_model_config` or decoding keys (GenerationConfig.to_json_file); a tokenizer_config.json its
 * tokenizer_class, added_tokens_decoder or model_max_length (PreTrainedTokenizerBase.save_pretrained).
 */
const KINDS: Record<FileKind, Kind> = {
  scenario: {
    signs: ['model', 'training', 'cluster', 'pricing', 'matrix', 'options', 'constraints'], enough: 2, what: 'a scenario',
    how: 'flopcast run FILE evaluates a scenario; a model is what its model: names (a preset id, a model file or a config.json)',
  },
  'config.json': {
    signs: CONFIG_SIGNS, enough: 2, what: 'a model\'s config.json',
    how: 'flopcast flops FILE counts a model alone; a scenario names it as model: path/to/config.json, beside training and cluster',
  },
  model: {
    signs: ['layers', 'd_model', 'heads', 'kv_heads', 'd_ff', 'vocab'], enough: 2, what: 'a model file',
    how: 'flopcast flops FILE counts a model alone; a scenario names it as model: path/to/model.yaml, beside training and cluster',
  },
  hardware: {
    signs: ['peak_tflops', 'memory', 'scale_up', 'scale_out', 'tdp_w', 'prices', 'extends', 'vendor'], enough: 2, what: 'a hardware profile',
    how: 'a hardware profile goes in a folder of profiles (--hardware-dir DIR, or hardware-profiles/ beside the scenario), and a scenario names it by id: cluster: {gpu: ID}',
  },
  // A file of measured runs (src/perf/validateSchema.ts): a bundled one declares its split beside its rows. Its whole shape is
  // `rows` (a user's file holds nothing else, and no other kind has the key): as a scenario it was 'model: required model is missing'.
  runs: {
    signs: ['rows', 'split', 'sealed'], enough: 1, what: 'a file of measured runs',
    how: 'flopcast validate FILE compares a file of measured runs with the predictions; a scenario names a model, training and cluster at its top level',
  },
  // DeepSpeed's configuration JSON (deepspeed.ai/docs/config-json: batch size, optimizer, precision and ZeRO keys).
  deepspeed: {
    signs: ['train_batch_size', 'train_micro_batch_size_per_gpu', 'gradient_accumulation_steps', 'zero_optimization', 'bf16', 'fp16', 'optimizer', 'scheduler', 'gradient_clipping', 'steps_per_print'], enough: 2, what: 'a DeepSpeed config',
    how: 'a scenario names the model, training and cluster; DeepSpeed\'s train_batch_size is its training.global_batch, train_micro_batch_size_per_gpu cluster.parallelism.micro_batch, zero_optimization.stage cluster.parallelism.zero_stage',
  },
  'checkpoint-index': {
    signs: ['weight_map'], enough: 1, unless: ['model_type'], what: 'a sharded checkpoint\'s index',
    how: `${SAME_FOLDER}; an index's weight_map says which file holds each tensor, and its metadata.total_size divided by the bytes per parameter (2 for bfloat16) is the checkpoint's parameter count, which flopcast's can be checked against`,
  },
  'params.json': {
    signs: ['dim', 'n_layers', 'n_heads', 'n_kv_heads', 'hidden_dim', 'multiple_of', 'ffn_dim_multiplier', 'norm_eps'], enough: 3, unless: ['model_type', 'architectures'],
    what: 'a params.json, Meta\'s and Mistral\'s own checkpoint format',
    how: 'pass the repository\'s config.json (its transformers-format files), or write a flopcast model file: layers from n_layers, d_model from dim, heads from n_heads, kv_heads from n_kv_heads',
  },
  adapter: {
    signs: ['peft_type', 'base_model_name_or_path', 'target_modules', 'lora_alpha'], enough: 2, unless: ['model_type', 'architectures'],
    what: 'a PEFT adapter\'s adapter_config.json',
    how: 'pass the config.json of the base model (the repository its base_model_name_or_path names): flopcast counts training the whole model; an adapter\'s own parameters and FLOPs are not modelled',
  },
  generation: {
    signs: ['_from_model_config', 'do_sample', 'temperature', 'top_p', 'top_k', 'max_new_tokens', 'max_length', 'repetition_penalty'], enough: 1, unless: CONFIG_KEYS,
    what: 'a generation_config.json of decoding settings', how: SAME_FOLDER,
  },
  tokenizer: {
    signs: ['tokenizer_class', 'added_tokens_decoder', 'model_max_length', 'chat_template'], enough: 1, unless: CONFIG_KEYS,
    what: 'a tokenizer_config.json of the tokenizer\'s settings', how: SAME_FOLDER,
  },
};

const KIND_NAMES = Object.keys(KINDS) as FileKind[];

/** Which kind the top-level keys say (enough of its signs, none of its vetoes, and more signs than any other kind), if any. */
export function fileKindOf(value: unknown): FileKind | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = new Set(Object.keys(value));
  const scored = KIND_NAMES
    .filter((kind) => !(KINDS[kind].unless ?? []).some((k) => keys.has(k)))
    .map((kind) => ({ kind, n: KINDS[kind].signs.filter((k) => keys.has(k)).length }))
    .sort((a, b) => b.n - a.n);
  const [top, next] = scored;
  return top && top.n >= KINDS[top.kind].enough && top.n > (next?.n ?? 0) ? top.kind : undefined;
}

/** What `value` is and what to give instead, when it is plainly another kind of file than `expected`; only key names are echoed. */
export function otherKindProblem(value: unknown, expected: FileKind, expectedText: string): { message: string; hint: string } | undefined {
  const kind = fileKindOf(value);
  if (kind === undefined || kind === expected || (expected === 'model' && kind === 'config.json') || (expected === 'config.json' && kind === 'model')) return undefined;
  const keys = KINDS[kind].signs.filter((k) => Object.hasOwn(value as object, k)).slice(0, 4);
  return { message: `this is ${KINDS[kind].what} (keys ${keys.join(', ')}), not ${expectedText}`, hint: KINDS[kind].how };
}

/** Throws when `value` is plainly another kind of file than `expected`. */
export function refuseOtherKind(value: unknown, expected: FileKind, file: string | undefined, expectedText: string): void {
  const problem = otherKindProblem(value, expected, expectedText);
  if (problem) throw new InputError(problem.message, { file, line: 1, col: 1, hint: problem.hint });
}
