/**
 * `flopcast plan`: the parallel layouts for a model on a cluster, from a scenario file, from options
 * alone, or from a scenario with some of its fields overridden (`plan FILE --tp 8 --count 2048`).
 * Pure: models and profiles come from {@link Sources}.
 */
import type { AttentionConvention, RecomputeMode } from '../flops/conventions.js';
import { peakFlops } from '../hardware/profile.js';
import type { HardwareProfile, Precision } from '../hardware/schema.js';
import { LIMITS } from '../input/limits.js';
import { InputError } from '../input/errors.js';
import { didYouMean } from '../input/suggest.js';
import { modelWarnings } from '../model/assumptions.js';
import type { ModelInput } from '../model/schema.js';
import { ATTENTION_KERNELS, DEFAULT_STACK, planFor, scenarioKey, STACK_IDS, type AttentionKernel, type StackId, type LayoutField, type PartialLayout, type PlanInputs, type PlanReport } from '../perf/index.js';
import { networkOverride, partialLayout, perfOptions } from '../scenario/predict.js';
import type { PredictArgs } from '../scenario/resolve.js';
import type { ScenarioInput } from '../scenario/schema.js';
import { countArg } from './args.js';
import { inlineModel, resolveParsed, scenarioInput, type Sources } from './core.js';

/** What `plan` takes: a scenario, or the model and cluster; given fields override the scenario's. */
export interface PlanQuery {
  /** YAML text or an object; its first run (first option, first matrix cell) is planned. */
  scenario?: string | ScenarioInput | Record<string, unknown>;
  /** What errors call the scenario (the CLI: its path). */
  file?: string;
  model?: string | ModelInput;
  gpu?: string;
  count?: number | string;
  /** Sequences per step. */
  globalBatch?: number | string;
  seqLen?: number | string;
  precision?: Precision;
  attention?: AttentionConvention;
  gemmPrecision?: Precision;
  moeMaxNodes?: number | string;
  /** MoE routing balance: dropless (default; imbalance on the slowest rank) or forced. */
  moeBalance?: 'dropless' | 'forced';
  /** MoE expert capacity factor (tokens beyond it are dropped). */
  moeCapacityFactor?: number | string;
  overlapGradReduce?: boolean;
  /** Tensor-parallel communication under the GEMMs (default: the stack's). */
  tpCommOverlap?: boolean;
  gradAccumulationFusion?: boolean;
  /** Layouts to report (default 5). */
  top?: number | string;
  tp?: number | string;
  pp?: number | string;
  dp?: number | string;
  cp?: number | string;
  ep?: number | string;
  /** Expert tensor-parallel size (MoE parallel folding; default tp). */
  etp?: number | string;
  /** ZeRO-3/FSDP shard group (HSDP/MiCS; default dp·cp). */
  shardGroup?: number | string;
  microBatch?: number | string;
  virtualStages?: number | string;
  schedule?: '1f1b' | 'interleaved' | 'dualpipe';
  zero?: 0 | 1 | 2 | 3;
  sp?: boolean;
  recompute?: RecomputeMode;
  /** With recompute 'full': layers of each model chunk recomputed (Megatron --recompute-num-layers, block method); default all. */
  recomputeLayers?: number | string;
  /** Training stack: its defaults and the layouts it can run (src/perf/stack.ts). */
  stack?: string;
  flashAttention?: boolean;
  /** The fused-attention kernel: cudnn or fa2 (default: the stack's). */
  attentionKernel?: string;
}

/** Names of the query's fields in errors: the library's own (`tp`, `globalBatch`), or the CLI's flags. */
export type QueryKeys = (field: keyof PlanQuery) => string;

const INT_FIELDS = ['tp', 'pp', 'dp', 'cp', 'ep', 'etp', 'shardGroup', 'microBatch', 'virtualStages', 'recomputeLayers'] as const;
const LAYOUT_FROM_QUERY: Record<LayoutField, keyof PlanQuery> = {
  tp: 'tp', pp: 'pp', dp: 'dp', cp: 'cp', ep: 'ep', etp: 'etp', shardGroup: 'shardGroup', microBatch: 'microBatch', virtualStages: 'virtualStages',
  schedule: 'schedule', zeroStage: 'zero', sequenceParallel: 'sp', recompute: 'recompute', recomputeLayers: 'recomputeLayers',
};

/** The layout fields the query fixes. */
function queryLayout(q: PlanQuery, key: QueryKeys): PartialLayout {
  const partial: PartialLayout = {};
  for (const f of INT_FIELDS) {
    const v = countArg(key(f), q[f]);
    if (v !== undefined) partial[f] = v;
  }
  if (q.schedule !== undefined) partial.schedule = q.schedule;
  if (q.zero !== undefined) partial.zeroStage = q.zero;
  if (q.sp !== undefined) partial.sequenceParallel = q.sp;
  if (q.recompute !== undefined) partial.recompute = q.recompute;
  return partial;
}

export function planWith(sources: Sources, q: PlanQuery, key: QueryKeys = (f) => f): PlanReport {
  const count = (f: 'count' | 'globalBatch' | 'seqLen' | 'moeMaxNodes') => countArg(key(f), q[f]);
  const model = () => (typeof q.model === 'string' ? sources.loadModel(q.model) : inlineModel(q.model!));
  const fixed = queryLayout(q, key);
  const fromQuery = (f: LayoutField) => fixed[f] !== undefined;
  const options = {
    ...(q.gemmPrecision ? { gemmPrecision: q.gemmPrecision } : {}),
    ...(q.moeMaxNodes !== undefined ? { moeMaxNodes: count('moeMaxNodes')! } : {}),
    ...(q.moeBalance !== undefined ? { moeBalance: q.moeBalance } : {}),
    ...(q.moeCapacityFactor !== undefined ? { moeCapacityFactor: countArg(key('moeCapacityFactor'), q.moeCapacityFactor, { integer: false })! } : {}),
    ...(q.overlapGradReduce !== undefined ? { overlapGradReduce: q.overlapGradReduce } : {}),
    ...(q.tpCommOverlap !== undefined ? { tpCommOverlap: q.tpCommOverlap } : {}),
    ...(q.gradAccumulationFusion !== undefined ? { gradAccumulationFusion: q.gradAccumulationFusion } : {}),
    ...(q.flashAttention !== undefined ? { flashAttention: q.flashAttention } : {}),
    ...(q.stack !== undefined ? { stack: stackOf(q.stack, key('stack')) } : {}),
    ...(q.attentionKernel !== undefined ? { attentionKernel: kernelOf(q.attentionKernel, key('attentionKernel')) } : {}),
  };
  // --top sizes the result: capped up front (src/input/limits.ts).
  const top = countArg(key('top'), q.top, { max: LIMITS.top }) ?? 5;
  // A precision the part has no peak for is the user's choice: say so at the flag, before searching.
  const checkPeaks = (hw: HardwareProfile): HardwareProfile => {
    for (const f of ['precision', 'gemmPrecision'] as const) {
      const p = q[f];
      if (p === undefined) continue;
      try {
        peakFlops(hw, p);
      } catch (err) {
        if (err instanceof InputError) throw new InputError(err.message, { ...err.details, keyPath: key(f) });
        throw err;
      }
    }
    return hw;
  };
  if (q.scenario === undefined) {
    const missing = (['model', 'gpu', 'count', 'globalBatch'] as const).filter((f) => q[f] === undefined);
    if (missing.length) throw new InputError(`give a scenario, or ${missing.map(key).join(', ')}`, { hint: 'a scenario file names the model, GPU, count and global batch' });
    const arch = model();
    return planFor({
      arch, hw: checkPeaks(sources.loadHardware(q.gpu!)), gpuCount: count('count')!, globalBatchSequences: count('globalBatch')!,
      seqLen: count('seqLen'), precision: q.precision ?? 'bf16', attention: q.attention ?? 'full',
      partialLayout: fixed, keyFor: (f) => key(LAYOUT_FROM_QUERY[f]), top, stack: DEFAULT_STACK, ...options,
      warnings: modelWarnings(arch, q.seqLen !== undefined),
    });
  }
  // The scenario's first run, resolved as `run` resolves it (any utilisation will do: only its inputs are wanted).
  const parsed = scenarioInput(q.scenario, q.file);
  let first: PredictArgs | undefined;
  resolveParsed(sources, parsed, 'scenario', {
    alwaysPredict: true,
    predict: (a) => {
      first ??= a;
      return { mfu: 0.4, detail: null };
    },
  });
  const a = first!;
  const s = a.scenario;
  const arch = q.model !== undefined ? model() : a.arch;
  const globalBatch = count('globalBatch') ?? a.globalBatchSequences;
  if (globalBatch === null) throw new InputError('the performance model needs the global batch', { file: parsed.file, ...parsed.locate(['training']), keyPath: 'training.global_batch', hint: `add training.global_batch, or give ${key('globalBatch')}` });
  const inputs: PlanInputs = {
    arch,
    hw: checkPeaks(q.gpu !== undefined ? sources.loadHardware(q.gpu) : a.hardware),
    gpuCount: count('count') ?? s.cluster.count,
    globalBatchSequences: globalBatch,
    seqLen: count('seqLen') ?? s.training.seq_len ?? arch.seqLen,
    precision: q.precision ?? a.precision,
    attention: q.attention ?? s.training.attention,
    partialLayout: { ...partialLayout(s), ...fixed },
    network: networkOverride(s),
    ...perfOptions(s),
    ...options,
    keyFor: (f) => (fromQuery(f) ? key(LAYOUT_FROM_QUERY[f]) : scenarioKey(f)),
    top,
    warnings: modelWarnings(arch, q.seqLen !== undefined || s.training.seq_len !== undefined),
  };
  try {
    return planFor(inputs);
  } catch (err) {
    // A field the file fixed is at fault: point at it in the file.
    const path = err instanceof InputError && !err.details.file ? err.details.keyPath?.split('.') : undefined;
    if (path && path[0] === 'cluster') throw new InputError((err as InputError).message, { ...(err as InputError).details, file: parsed.file, ...parsed.locate(path) });
    throw err;
  }
}

/** A known stack id, else an error listing them (with the closest). */
function kernelOf(value: unknown, keyPath: string): AttentionKernel {
  return oneOf(value, ATTENTION_KERNELS, 'attention kernel', keyPath);
}

function stackOf(value: unknown, keyPath: string): StackId {
  return oneOf(value, STACK_IDS, 'stack', keyPath);
}

/** A name from a fixed list, from a caller that may pass anything (JavaScript has no type check). */
function oneOf<T extends string>(value: unknown, known: readonly T[], what: string, keyPath: string): T {
  if (typeof value === 'string' && (known as readonly string[]).includes(value)) return value as T;
  const list = known.join(', ');
  if (typeof value !== 'string') throw new InputError(`expected one of ${list}, found ${value === null ? 'null' : `a ${typeof value}`}`, { keyPath, hint: `use one of ${list}` });
  throw new InputError(`unknown ${what} "${value}"; known ${what === 'stack' ? 'stacks' : `${what}s`}: ${list}`, { keyPath, hint: didYouMean(value, known) ?? `use one of ${list}` });
}
