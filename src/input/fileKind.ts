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

export type FileKind = 'scenario' | 'config.json' | 'model' | 'hardware' | 'runs' | 'deepspeed';

/** Keys only that kind has at its top level (src/scenario/schema.ts, model/schema.ts, Hugging Face configs). */
const SIGNS: Record<FileKind, readonly string[]> = {
  scenario: ['model', 'training', 'cluster', 'pricing', 'matrix', 'options', 'constraints'],
  'config.json': ['model_type', 'architectures', 'hidden_size', 'num_hidden_layers', 'num_attention_heads', 'intermediate_size'],
  model: ['layers', 'd_model', 'heads', 'kv_heads', 'd_ff', 'vocab'],
  hardware: ['peak_tflops', 'memory', 'scale_up', 'scale_out', 'tdp_w', 'prices', 'extends', 'vendor'],
  // A file of measured runs (src/perf/validateSchema.ts): a bundled one declares its split beside its rows.
  runs: ['rows', 'split', 'sealed'],
  // DeepSpeed's configuration JSON (deepspeed.ai/docs/config-json: batch size, optimizer, precision and ZeRO keys).
  deepspeed: ['train_batch_size', 'train_micro_batch_size_per_gpu', 'gradient_accumulation_steps', 'zero_optimization', 'bf16', 'fp16', 'optimizer', 'scheduler', 'gradient_clipping', 'steps_per_print'],
};

const WHAT: Record<FileKind, string> = { scenario: 'a scenario', 'config.json': 'a model\'s config.json', model: 'a model file', hardware: 'a hardware profile', runs: 'a file of measured runs', deepspeed: 'a DeepSpeed config' };

const HOW: Record<FileKind, string> = {
  scenario: 'flopcast run FILE evaluates a scenario; a model is what its model: names (a preset id, a model file or a config.json)',
  'config.json': 'flopcast flops FILE counts a model alone; a scenario names it as model: path/to/config.json, beside training and cluster',
  model: 'flopcast flops FILE counts a model alone; a scenario names it as model: path/to/model.yaml, beside training and cluster',
  hardware: 'a hardware profile goes in a folder of profiles (--hardware-dir DIR, or hardware-profiles/ beside the scenario), and a scenario names it by id: cluster: {gpu: ID}',
  runs: 'flopcast validate FILE compares a file of measured runs with the predictions; a scenario names a model, training and cluster at its top level',
  deepspeed: 'a scenario names the model, training and cluster; DeepSpeed\'s train_batch_size is its training.global_batch, train_micro_batch_size_per_gpu cluster.parallelism.micro_batch, zero_optimization.stage cluster.parallelism.zero_stage',
};

/**
 * Signs a kind needs: two (one is a typo's worth), but one for a file of runs, whose whole shape is `rows` (a user's
 * file holds nothing else, and no other kind has the key): as a scenario it was 'model: required model is missing'.
 */
const ENOUGH: Record<FileKind, number> = { scenario: 2, 'config.json': 2, model: 2, hardware: 2, runs: 1, deepspeed: 2 };

/** Which kind the top-level keys say (enough of its signs, and more than any other kind's), if any. */
export function fileKindOf(value: unknown): FileKind | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = new Set(Object.keys(value));
  const scored = (Object.keys(SIGNS) as FileKind[]).map((kind) => ({ kind, n: SIGNS[kind].filter((k) => keys.has(k)).length })).sort((a, b) => b.n - a.n);
  return scored[0]!.n >= ENOUGH[scored[0]!.kind] && scored[0]!.n > scored[1]!.n ? scored[0]!.kind : undefined;
}

/** Throws when `value` is plainly another kind of file than `expected`. */
export function refuseOtherKind(value: unknown, expected: FileKind, file: string | undefined, expectedText: string): void {
  const kind = fileKindOf(value);
  if (kind === undefined || kind === expected || (expected === 'model' && kind === 'config.json') || (expected === 'config.json' && kind === 'model')) return;
  const keys = SIGNS[kind].filter((k) => Object.hasOwn(value as object, k)).slice(0, 4);
  throw new InputError(`this is ${WHAT[kind]} (keys ${keys.join(', ')}), not ${expectedText}`, { file, line: 1, col: 1, hint: HOW[kind] });
}
