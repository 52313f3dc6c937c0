/**
 * The hint beside an unknown key or option that another tool names a field flopcast's files take by: a model
 * written with a transformers config.json's keys (`hidden_size`) or a layout with Megatron-LM's argument
 * names (`tensor_model_parallel_size`); the names and their sources are foreignKeyTable.ts's. Pure.
 */

import { shownName } from './name.js';
import { CONFIG_JSON, FOREIGN_KEYS } from './foreignKeyTable.js';

/** Training settings that change no FLOP count, time or memory flopcast counts (the optimizer's schedule, regularisation). */
const NO_EFFECT: ReadonlySet<string> = new Set(['lr', 'learning_rate', 'min_lr', 'weight_decay', 'warmup_steps', 'lr_warmup_steps', 'lr_schedule', 'lr_scheduler', 'seed', 'adam_beta1', 'adam_beta2', 'adam_eps', 'clip_grad', 'gradient_clipping', 'max_grad_norm']);

/**
 * Keys that name the model itself (a preset, a file, a Hugging Face repository), written under `model:` as if it
 * took them (`model: {preset: llama-3-8b}`): the model is named by the value of `model:` (`model: llama-3-8b`).
 */
const MODEL_NAMING_KEYS: ReadonlySet<string> = new Set(['preset', 'id', 'path', 'file', 'config', 'model', 'model_name', 'model_id', 'name_or_path', 'model_name_or_path', 'pretrained_model_name_or_path', 'repo', 'repo_id', 'hf']);

/** A key as the owner's table names it: Megatron's flags are written `--seq-length` on its command line. */
function tableKey(key: string): string {
  return key.replace(/^-{1,2}/, '').replace(/-/g, '_');
}

/**
 * What another tool's name is in flopcast, if the key is one: [flopcast's key, whose name it is, what differs].
 * Written as a flag (`--seq-length`, `seq-length`) or as the tool's config holds it (`seq_length`).
 */
function foreignName(key: string): readonly [string, string, string?] | undefined {
  const k = tableKey(key);
  return Object.hasOwn(FOREIGN_KEYS, k) ? FOREIGN_KEYS[k] : undefined;
}

/** The hint for a key under a scenario's `model:` that names the model itself (or `name` given alone); `value` is what it holds. */
export function modelNamingHint(key: string, value: unknown): string | undefined {
  if (!MODEL_NAMING_KEYS.has(key) && key !== 'name') return undefined;
  const named = typeof value === 'string' && value.trim() !== '' && !/[\s:{}[\],#]/.test(value) ? shownName(value) : '<preset id or file path>';
  return `a preset or a model file is named as the value of \`model:\` itself: write \`model: ${named}\``;
}

/**
 * The hint for an unknown key another tool names a key of this place (`known`) by: "`hidden_size` is a
 * transformers config.json's name for `d_model`". Where flopcast takes that key elsewhere, `homes` (the paths it
 * goes under, found by the caller's schema) names the place: `micro_batch_size` under training is cluster.parallelism's
 * `micro_batch`. `spell`: how this place writes flopcast's key (a flag `--tp`, a library option `microBatch`; `known` is in
 * its spelling). `outsideModel`: the key is written outside the scenario's model, where a model's size is told it is the
 * model's. Undefined where the key is nobody's or its flopcast name has no place to name.
 */
export interface ForeignKeyPlace {
  homes?: (ours: string) => readonly string[];
  spell?: (ours: string) => string;
  outsideModel?: boolean;
}

export function foreignKeyHint(key: string, known: readonly string[], { homes = () => [], spell = (k) => k, outsideModel = false }: ForeignKeyPlace = {}): string | undefined {
  if (NO_EFFECT.has(tableKey(key))) return `\`${key}\` changes no FLOP count, time or memory flopcast counts: leave it out`;
  const f = foreignName(key);
  if (f === undefined) return undefined;
  const [ours, owner] = f;
  const written = spell(ours);
  const is = renamed(key, f, written);
  if (known.includes(written)) {
    const fromConfig = CONFIG_JSON.includes(owner) && known.includes('d_model');
    return `${is}: write \`${written}\`${fromConfig ? ', or give the config.json file itself as the model (`model: path/config.json`)' : ''}`;
  }
  const all = homes(ours);
  // Outside the model, the model's places are no home to name: `model` may be a preset's id or a file's path.
  const at = outsideModel ? all.filter((h) => !isModelPlace(h)) : all;
  if (at.length) return `${is}, which goes under ${at.map((h) => `\`${h}\``).join(' or ')} (${at.map((h) => `${h}.${ours}`).join(', ')})`;
  // A model's size by the name of a tool whose one config holds the model and the run (Megatron-LM's num_layers beside its
  // parallel sizes) is told it is the model's: `cluster.parallelism.num_layers` was "did you mean
  // num_layers_in_last_pipeline_stage?", a pipeline split. A config.json's keys (hidden_size under cluster) are nobody's there.
  if (outsideModel && all.length && all.every(isModelPlace) && !CONFIG_JSON.includes(owner)) {
    return `${is}, which is the model's, not set here: the preset or file \`model:\` names has its own, and an inline model writes it as \`model.${ours}\``;
  }
  return undefined;
}

/**
 * A scenario's throughput figure, or another tool's name for one, under a measured run's `reported` (validateSchema.ts
 * ReportedSchema: the place whose keys are mfu and hfu): the figure by its measured name. `model_tflops_per_gpu: 400` and
 * `utilization: 0.4` there had only the list of keys (newuser32); the TFLOP/s are a fraction of the GPU's dense peak there.
 */
const MEASURED_AS: Readonly<Record<string, { as: 'mfu' | 'hfu'; how: string }>> = {
  utilization: { as: 'mfu', how: 'the same fraction' },
  achieved_tflops: { as: 'hfu', how: "the hardware TFLOP/s ÷ the GPU's dense peak (`flopcast hardware GPU`), recomputation included" },
};

export function measuredFigureHint(key: string, known: readonly string[]): string | undefined {
  if (!known.includes('mfu') || !known.includes('hfu')) return undefined;
  const ours = Object.hasOwn(MEASURED_AS, key) ? key : foreignName(key)?.[0];
  if (ours === undefined || !Object.hasOwn(MEASURED_AS, ours)) return undefined;
  // A model figure by another tool's name (NeMo's Model TFLOP / sec / GPU) is the utilization's: a TFLOP/s ÷ the peak.
  const { as, how } = MEASURED_AS[ours]!;
  const tflops = ours === 'utilization' && key !== 'utilization' ? "the model TFLOP/s ÷ the GPU's dense peak (`flopcast hardware GPU`)" : how;
  return `a measured run's ${as === 'mfu' ? 'model' : 'hardware'} FLOPs utilisation is written \`${as}\` here: ${tflops}`;
}

/** A place inside the scenario's model (`model`, `model.moe`). */
const isModelPlace = (place: string): boolean => place === 'model' || place.startsWith('model.');

/** "`key` is Megatron-LM's name for `ours` (what differs)": the words of both hints. */
function renamed(written: string, [, owner, note]: readonly [string, string, string?], ours: string): string {
  return `\`${written}\` is ${owner} name for \`${ours}\`${note ? ` (${note})` : ''}`;
}

/**
 * The hint for a command-line option another tool names one of `options` by (`--tensor-model-parallel-size`:
 * `--tp`); flopcast's options are its keys written with dashes.
 */
export function foreignOptionHint(flag: string, options: readonly string[]): string | undefined {
  return foreignNameHint(`--${flag}`, options.map((o) => `--${o}`), optionSpelling(options));
}

/**
 * The hint for an option another tool names a setting by where the command has no option for it (`budget --fsdp`):
 * said so, where a near spelling offered another option (`--fsdp`: did you mean `--usd`?, a dollar budget).
 */
export function foreignOptionNotTaken(flag: string, options: readonly string[]): string | undefined {
  const f = foreignName(`--${flag}`);
  if (f === undefined || options.includes(optionSpelling(options)(f[0]).slice(2))) return undefined;
  return `${renamed(`--${flag}`, f, f[0])}, which this command has no option for: \`--help\` lists its options`;
}

/**
 * flopcast's key written as one of a command's options: `--virtual-stages`, or the option {@link keyOption} names for it
 * (`zero_stage` is plan's `--zero`: `plan --fsdp` was told `--zero-stage`, which plan does not take, so a near
 * spelling, `--dp`, was offered instead).
 */
const optionSpelling = (options: readonly string[]) => (ours: string): string => `--${keyOption(ours, options) ?? ours.replace(/_/g, '-')}`;

/**
 * The scenario keys a command takes as an option by another name than the key with dashes: plan's `--zero` and `--sp`,
 * budget's `--price`. Named one by one: the key's first word (b24bcba's rule) told `budget --usd-per-gpu-hour` (the
 * price) `--usd`, the whole budget, and `--tokens-per-param` (a ratio) `--tokens`.
 */
const KEY_OPTIONS: Readonly<Record<string, string>> = { zero_stage: 'zero', sequence_parallel: 'sp', usd_per_gpu_hour: 'price' };

/** The command's option for a scenario key (`zero_stage`: plan's `zero`), without dashes; undefined where it has none. */
export function keyOption(key: string, options: readonly string[]): string | undefined {
  const dashed = key.replace(/_/g, '-');
  if (options.includes(dashed)) return dashed;
  const named = Object.hasOwn(KEY_OPTIONS, key) ? KEY_OPTIONS[key] : undefined;
  return named !== undefined && options.includes(named) ? named : undefined;
}

/** The option another tool's name for a flag (`vp`) stands for (`--virtual-stages`), if the table has the name. */
export function foreignOptionOf(flag: string, options: readonly string[]): string | undefined {
  const f = foreignName(`--${flag}`);
  return f === undefined ? undefined : optionSpelling(options)(f[0]);
}

/**
 * An option (a flag, a library call's) named as another tool names it: foreignKeyHint's words in the option's `spell`ing.
 * Only the table's names: a setting that changes nothing (`--lr`) is left to the caller's unknown-option message.
 */
export function foreignNameHint(key: string, known: readonly string[], spell: (ours: string) => string): string | undefined {
  return foreignName(key) === undefined ? undefined : foreignKeyHint(key, known, { spell });
}
