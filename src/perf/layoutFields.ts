/**
 * A layout as files and flags spell it: the snake_case fields of scenarios and validation rows
 * (`micro_batch`, `shard_group`), the key each field lives at in a scenario file, and the partial
 * layout the planner reads from them. What a layout is and the rules that make one possible: layout.ts.
 */
import type { Layout, LayoutField, PipelineSchedule, Recompute, ZeroStage } from './layout.js';
import { int, plural } from '../report/format.js';

/**
 * `microBatch` → `micro_batch`, `memoryGB` → `memory_gb`: code's field names as files and `--json` write them. A run of
 * capitals after a lower-case letter or digit becomes `_` and the run in lower case; a key without one (`tp`, the
 * Chinchilla law's `E`) is left as it is. {@link SnakeCase} is the same rule on types (src/report/snakeKeys.ts maps a
 * whole result with it).
 */
export const snakeCase = <K extends string>(key: K): SnakeCase<K> =>
  key.replace(/([a-z0-9])([A-Z]+)/g, (_, before: string, capitals: string) => `${before}_${capitals.toLowerCase()}`) as SnakeCase<K>;

type Digit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';
/** The character before: a lower-case letter or digit ('l'), inside a run of capitals being lowered ('r'), anything else ('o'). */
type Before = 'l' | 'r' | 'o';
type IsCapital<C extends string> = C extends Lowercase<C> ? false : true;
type IsLowerOrDigit<C extends string> = C extends Digit ? true : C extends Uppercase<C> ? false : true;
/** {@link snakeCase} on a key's type: `SnakeCase<'memoryGB'>` is `'memory_gb'`; a `string` (a data map's keys) stays `string`. */
export type SnakeCase<S extends string, Done extends string = '', B extends Before = 'o'> = string extends S
  ? string
  : S extends `${infer C}${infer Rest}`
    ? IsCapital<C> extends true
      ? SnakeCase<Rest, `${Done}${B extends 'l' ? `_${Lowercase<C>}` : B extends 'r' ? Lowercase<C> : C}`, B extends 'o' ? 'o' : 'r'>
      : SnakeCase<Rest, `${Done}${C}`, IsLowerOrDigit<C> extends true ? 'l' : 'o'>
    : Done;

/** The fields a partial layout fixes, as a file writes them: `tp=8, micro_batch=1`. */
export const fixedFieldsText = (p: Partial<Layout>): string => Object.entries(p).map(([k, v]) => `${snakeCase(k)}=${String(v)}`).join(', ');

/**
 * Why no layout can run when no field is fixed and the search had none to evaluate: the GPU count has no split at all
 * (1000 GPUs, 2³·5³, for a model of 32 heads and layers and a batch of 1024). predict's error and plan's output say it
 * alike: plan printed 'no layout fits.' alone (hostile sweep 21).
 */
export const noSplitText = (gpuCount: number, globalBatchSequences: number): string =>
  `no split of the ${plural(int(gpuCount), 'GPU')} into tp·pp·dp·cp fits the model's heads, layers and sequence and the global batch of ${int(globalBatchSequences)} sequences`;

/** Where a layout field lives in a scenario file (recomputation under `training`, the rest under `cluster.parallelism`). */
export const scenarioKey = (f: LayoutField): string => (f === 'recompute' || f === 'recomputeLayers' ? `training.${snakeCase(f)}` : `cluster.parallelism.${snakeCase(f)}`);

/**
 * The fields a layout hint names (RuleContext.name): the layout's, and the run's fields the layout rules and the memory
 * hint suggest beside them (the training stack, the expert-parallel overlap, the modules recomputed).
 */
export type HintField = LayoutField | 'stack' | 'epCommOverlap' | 'moeDispatcher' | 'recomputeModules' | 'cpCommType' | 'cpHierarchical' | 'offload';

/** Where a hint's field lives in a scenario file: a layout field's {@link scenarioKey}, the others under `training`. */
export const hintKey = (f: HintField): string => (f === 'stack' || f === 'epCommOverlap' || f === 'moeDispatcher' || f === 'recomputeModules' || f === 'offload' ? `training.${snakeCase(f)}` : f === 'cpCommType' ? 'cluster.parallelism.cp_comm_type' : f === 'cpHierarchical' ? 'cluster.parallelism.hierarchical_context_parallel_sizes' : scenarioKey(f));

/**
 * How `run`'s hints name a field (the default RuleContext.name): the scenario key's last part (`virtual_stages`,
 * `micro_batch`), the stack as `training.stack` (a bare `stack` reads as a word).
 */
export const scenarioName = (f: HintField): string => (f === 'stack' ? hintKey(f) : f === 'cpHierarchical' ? 'hierarchical_context_parallel_sizes' : snakeCase(f));

/** A layout as files write it (snake_case, any subset of fields): scenarios and validation rows. */
export interface LayoutFields {
  tp?: number | undefined;
  pp?: number | undefined;
  dp?: number | undefined;
  cp?: number | undefined;
  ep?: number | undefined;
  etp?: number | undefined;
  shard_group?: number | undefined;
  micro_batch?: number | undefined;
  schedule?: PipelineSchedule | undefined;
  virtual_stages?: number | undefined;
  zero_stage?: ZeroStage | undefined;
  sequence_parallel?: boolean | undefined;
  recompute?: Recompute | undefined;
  recompute_layers?: number | undefined;
  pipeline_layout?: string | undefined;
}

/** The fields a file fixed, as a partial layout for the planner. */
export function partialFromFields(l: LayoutFields): Partial<Layout> {
  const p: Partial<Layout> = {};
  if (l.tp !== undefined) p.tp = l.tp;
  if (l.pp !== undefined) p.pp = l.pp;
  if (l.dp !== undefined) p.dp = l.dp;
  if (l.cp !== undefined) p.cp = l.cp;
  if (l.ep !== undefined) p.ep = l.ep;
  if (l.etp !== undefined) p.etp = l.etp;
  if (l.shard_group !== undefined) p.shardGroup = l.shard_group;
  if (l.micro_batch !== undefined) p.microBatch = l.micro_batch;
  if (l.schedule !== undefined) p.schedule = l.schedule;
  if (l.virtual_stages !== undefined) p.virtualStages = l.virtual_stages;
  if (l.zero_stage !== undefined) p.zeroStage = l.zero_stage;
  if (l.sequence_parallel !== undefined) p.sequenceParallel = l.sequence_parallel;
  if (l.recompute !== undefined) p.recompute = l.recompute;
  if (l.recompute_layers !== undefined) p.recomputeLayers = l.recompute_layers;
  if (l.pipeline_layout !== undefined) p.pipelineLayout = l.pipeline_layout;
  return p;
}

