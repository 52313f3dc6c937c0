/**
 * One validation row (or one of the user's own measured runs) through the same performance model as
 * `utilization: auto`: the layout as printed or the planner's fastest that fits, the figure compared and the
 * error, and where each input came from: `reported` (in the row, printed by its source), `stack` (the row's
 * training stack profile, src/perf/stack.ts) or `searched` (chosen by the planner). The sets and their
 * summaries: validate.ts. Pure: the caller resolves models and hardware profiles.
 */
import type { HardwareProfile } from '../hardware/toProfile.js';
import { InputError } from '../input/errors.js';
import type { Architecture } from '../model/architecture.js';
import { toArchitecture } from '../model/schema.js';
import { refuseHybridPerf } from '../model/hybrid.js';
import { cpCommOptions, networkFrom, perfOptions, zeroPlusPlusOptions } from '../scenario/predict.js';
import { refuseModulesOfRun } from '../scenario/recompute.js';
import { fp8Gemms } from '../scenario/trainingRules.js';
import { familyOf } from './calibration.js';
import { checkOptions, evaluateLayout, runContext, type Evaluation } from './evaluate.js';
import { overPeak } from './impliedPeak.js';
import { givesEveryModelStateField } from './modelState.js';
import { fixedFieldIssues } from './fixedFieldIssues.js';
import { LAYOUT_FIELDS, withDefaults, type Layout, type LayoutField } from './layout.js';
import { assertLayout, firstIssueError } from './layoutCheck.js';
import { partialFromFields, scenarioKey, snakeCase } from './layoutFields.js';
import { plan, type PartialLayout } from './plan.js';
import { kindOf, modelKindFacts } from './runKinds.js';
import { STACKS } from './stackProfiles.js';
import type { ValidationRow } from './validateSchema.js';
import type { RowSplit } from './splits.js';

export interface Resolvers {
  model: (id: string) => Architecture;
  hardware: (id: string) => HardwareProfile;
}

export type Provenance = 'reported' | 'stack' | 'searched';

/** The figure compared, first available in this order: throughput where the source gives it, utilisation otherwise. */
const METRIC_ORDER = ['tokens_per_second_per_gpu', 'step_seconds', 'mfu', 'hfu'] as const;
export type Metric = (typeof METRIC_ORDER)[number];

const SWITCHES = ['flash_attention', 'overlap_grad_reduce', 'grad_accumulation_fusion', 'tp_comm_overlap', 'ep_comm_overlap', 'cuda_graphs'] as const;

/** Global batches tried where the source prints none: sequences per accelerator (a search bound, chosen). */
const SEQUENCES_PER_ACCELERATOR = [1, 2, 4, 8, 16];

export interface RowResult {
  name: string;
  source: string;
  /** The source as one cross-validation fold: the citation up to its first comma, " @ " or " (". */
  sourceKey: string;
  split: RowSplit;
  family: string;
  /** The accelerator it ran on (the row's cluster.gpu, a hardware profile id). */
  gpu: string;
  moe: boolean;
  /** The source prints ZeRO-3 / FSDP sharding. */
  fsdp: boolean;
  /** The kind of run it counts in (runKinds.ts). */
  kind: string;
  layout: Layout;
  globalBatch: number;
  fits: boolean;
  provenance: Record<string, Provenance>;
  metric: Metric;
  predicted: number;
  reported: number;
  /** predicted / reported throughput − 1 (a step time compared as its inverse): positive = predicted faster. */
  error: number;
  predictedTokensPerSecondPerGpu: number;
  predictedStepSeconds: number;
  predictedMfu: number;
  /** Rows reporting a whole run: steady-state GPU-hours for its tokens against the reported ones. */
  fullRun: { tokens: number; predictedGpuHours: number; reportedGpuHours: number; ratio: number; note: string } | null;
}

/** A row the model could not evaluate (a layout its rules refuse): listed, never silently dropped. */
export interface Unpredicted {
  name: string;
  split: RowSplit;
  reason: string;
}

export function sourceKey(source: string): string {
  const cut = [', ', ' @ ', ' ('].map((s) => source.indexOf(s)).filter((i) => i > 0);
  return (cut.length ? source.slice(0, Math.min(...cut)) : source).trim();
}

interface Candidate {
  ev: Evaluation;
  fits: boolean;
  globalBatch: number;
}

/**
 * A row whose printed fields break a layout rule at every global batch tried (its own, where it prints one): its input is
 * invalid, as a scenario with that layout is (exit 2, at the key), not a run the model cannot predict. `rule`: the
 * rule's error, at its scenario key (cluster.parallelism.schedule), as `run` and `plan` tell it.
 */
class RowRuleBroken extends Error {
  constructor(readonly rule: InputError) {
    super(`no layout with the printed fields passes flopcast's layout rules (${rule.message})`);
  }
}

/**
 * One run of the performance model for a row at one global batch: the layout as fixed, or the planner's fastest that
 * fits; an InputError where the printed fields break a rule at this batch, a string where the search found none.
 */
function evaluateAt(arch: Architecture, hw: HardwareProfile, row: ValidationRow, partial: PartialLayout, globalBatch: number): Candidate | InputError | string {
  const ctx = runContext(arch, hw, {
    seqLen: row.training.seq_len, globalBatchSequences: globalBatch, gpuCount: row.cluster.count, precision: row.training.precision,
    attention: row.training.attention, network: networkFrom(row.cluster.network),
    ...perfOptions(row.training), // the scenario's mapping of the training fields (scenario/predict.ts)
    ...cpCommOptions(row.cluster.parallelism),
    ...zeroPlusPlusOptions(row.cluster.parallelism),
  });
  // Uneven stages as in `predict` (checkOptions): a pp that does not divide the layers is one the source ran.
  const opts = checkOptions(ctx);
  const whole = withDefaults(arch, partial); // etp and shard_group take their defaults (layout.ts)
  if (whole) {
    try {
      assertLayout(arch, row.cluster.count, globalBatch, whole, opts);
    } catch (e) {
      if (e instanceof InputError) return e;
      throw e;
    }
    const ev = evaluateLayout(ctx, whole);
    return { ev, fits: ev.memory.fits, globalBatch };
  }
  // A rule the printed fields break, in run's and plan's words (predict: throwFirst), not the search's 'no candidates'
  // (`schedule: v-min` at pp 1, or a schedule the row's stack does not run); another global batch may still pass.
  const broken = firstIssueError(fixedFieldIssues(arch, row.cluster.count, globalBatch, partial, opts), scenarioKey);
  if (broken) return broken;
  const best = plan(ctx, partial, { top: 1, checks: opts }).best[0];
  if (best) return { ev: best, fits: true, globalBatch };
  // Nothing fits flopcast's memory model: the fastest layout regardless of memory, marked as not fitting.
  const unlimited = plan({ ...ctx, hw: { ...hw, memoryBytes: Infinity } }, partial, { top: 1, checks: opts });
  const any = unlimited.best[0];
  if (any) return { ev: any, fits: false, globalBatch };
  // The layout rules refuse every completion of the printed fields: say which rules.
  return Object.entries(unlimited.skipped).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]).map(([k]) => k).join('; ') || 'no candidates';
}

/**
 * The row's recompute_modules against its model and stack, by the scenario's rules (scenario/recompute.ts):
 * a broken one is the row's invalid input at its key (a user's own runs: exit 2 there), listed for a bundled row.
 */
function refuseRowModules(arch: Architecture, row: ValidationRow): void {
  const t = row.training;
  try {
    refuseModulesOfRun(arch, t.stack, t.recompute_modules, () => ({}));
  } catch (e) {
    if (e instanceof InputError) throw new RowRuleBroken(e);
    throw e;
  }
}

/** The row's fixed layout fields, and where each input came from. */
function inputsOf(row: ValidationRow, moe: boolean): { partial: PartialLayout; provenance: Record<string, Provenance> } {
  // The stack's defaults and rules are applied by runContext and the planner (stack.ts,
  // layoutRules.ts); here they only say which unprinted fields the stack leaves no choice for.
  const stack = STACKS[row.training.stack];
  const partial = partialFromFields({ ...row.cluster.parallelism, ...(row.training.recompute ? { recompute: row.training.recompute } : {}), ...(row.training.recompute_layers !== undefined ? { recompute_layers: row.training.recompute_layers } : {}) });
  const provenance: Record<string, Provenance> = {};
  for (const f of LAYOUT_FIELDS) provenance[snakeCase(f)] = partial[f] !== undefined ? 'reported' : 'searched';
  const byStack = (f: LayoutField, decided: boolean) => {
    if (decided && partial[f] === undefined) provenance[snakeCase(f)] = 'stack';
  };
  byStack('pp', stack.defaults.pp.value !== null);
  byStack('sequenceParallel', stack.defaults.sequenceParallel.value === 'with-tp' && partial.tp !== undefined);
  byStack('zeroStage', stack.can.zeroStages.value.length === 1);
  byStack('schedule', stack.can.schedules.value.length === 1);
  for (const k of SWITCHES) provenance[k] = row.training[k] !== undefined ? 'reported' : 'stack';
  if (row.training.recompute_modules !== undefined) provenance.recompute_modules = 'reported';
  provenance.attention_kernel = row.training.attention_kernel !== undefined ? 'reported' : 'stack';
  if (!(row.training.flash_attention ?? stack.defaults.flashAttention.value) && row.training.attention_kernel === undefined) delete provenance.attention_kernel;
  provenance.global_batch = row.training.global_batch !== undefined ? 'reported' : 'searched';
  // Bytes kept per parameter: reported only when the row gives all four; any field it leaves is the stack's (overModelState).
  provenance.model_state = givesEveryModelStateField(row.training.model_state) ? 'reported' : 'stack';
  if (moe) provenance.moe_dispatcher = row.training.moe_dispatcher !== undefined ? 'reported' : 'stack';
  if (fp8Gemms(row.training)) {
    provenance.fp8_recipe = row.training.fp8_recipe !== undefined ? 'reported' : 'stack';
    provenance.fp8_param_gather = row.training.fp8_param_gather !== undefined ? 'reported' : 'stack';
  }
  // Fields with nothing to choose are left out: the schedule without a pipeline, virtual stages
  // outside the interleaved schedule, sequence parallelism without tensor parallelism, expert
  // parallelism in a dense model, a shard group without ZeRO or without data-parallel ranks.
  const pp = partial.pp ?? stack.defaults.pp.value;
  if (pp === 1) for (const f of ['schedule', 'virtual_stages']) if (provenance[f] !== 'reported') delete provenance[f];
  const schedule = partial.schedule ?? (stack.can.schedules.value.length === 1 ? stack.can.schedules.value[0] : undefined);
  if (schedule !== undefined && schedule !== 'interleaved' && provenance.virtual_stages !== 'reported') delete provenance.virtual_stages;
  if (partial.tp === 1 && provenance.sequence_parallel !== 'reported') delete provenance.sequence_parallel;
  if (!moe) for (const f of ['ep', 'etp']) if (provenance[f] !== 'reported') delete provenance[f];
  const zero = partial.zeroStage ?? (stack.can.zeroStages.value.length === 1 ? stack.can.zeroStages.value[0] : undefined);
  if ((zero === 0 || (partial.dp ?? 0) * (partial.cp ?? 0) === 1) && provenance.shard_group !== 'reported') delete provenance.shard_group;
  // A pipeline layout is never searched: listed only where the row prints one.
  if (provenance.pipeline_layout !== 'reported') delete provenance.pipeline_layout;
  // Block recomputation is searched only when recomputation is and the stack can recompute some layers only.
  if (provenance.recompute_layers !== 'reported' && (partial.recompute !== undefined || !stack.can.partialRecompute.value)) delete provenance.recompute_layers;
  return { partial, provenance };
}

function validateRow(row: ValidationRow, split: RowSplit, r: Resolvers): RowResult {
  const arch = typeof row.model === 'string' ? r.model(row.model) : toArchitecture(row.model, row.name);
  // src/perf has no Mamba-2 layer cost (the candidate holdout28 judged was not kept): a hybrid row is listed as not predicted.
  refuseHybridPerf(arch, {}, 'validate');
  const hw = r.hardware(row.cluster.gpu);
  // A figure above the accelerator's peak is no run (impliedPeak.ts): checked before the prediction, and without it.
  const impossible = overPeak(arch, hw, row);
  if (impossible) throw new Error(impossible);
  refuseRowModules(arch, row);
  const { partial, provenance } = inputsOf(row, arch.moe !== null);
  const batches = row.training.global_batch !== undefined ? [row.training.global_batch] : SEQUENCES_PER_ACCELERATOR.map((b) => b * row.cluster.count);
  let best: Candidate | null = null;
  let refused = '';
  let broken: InputError | undefined;
  let brokenAt = 0; // the batches at which the printed fields break a rule
  for (const B of batches) {
    const c = evaluateAt(arch, hw, row, partial, B);
    if (c instanceof InputError) {
      refused = c.message;
      broken ??= c;
      brokenAt++;
    } else if (typeof c === 'string') refused = c;
    else if (!best || (c.fits && !best.fits) || (c.fits === best.fits && c.ev.prediction.tokensPerSecond > best.ev.prediction.tokensPerSecond)) best = c;
  }
  if (!best && broken && brokenAt === batches.length) throw new RowRuleBroken(broken);
  if (!best) throw new Error(`no layout with the printed fields passes flopcast's layout rules (${refused})`);
  const p = best.ev.prediction;
  const perGpu = p.tokensPerSecond / row.cluster.count;
  const metric = METRIC_ORDER.find((m) => row.reported[m] !== undefined)!;
  const reported = row.reported[metric]!;
  const predicted = { tokens_per_second_per_gpu: perGpu, step_seconds: p.stepTimeSeconds, mfu: p.mfu, hfu: p.hfu }[metric];
  const error = metric === 'step_seconds' ? reported / predicted - 1 : predicted / reported - 1;
  const fr = row.full_run;
  const predictedGpuHours = fr ? (fr.tokens / p.tokensPerSecond) * row.cluster.count / 3600 : 0;
  return {
    name: row.name, source: row.source, sourceKey: sourceKey(row.source), split, family: familyOf(hw), gpu: row.cluster.gpu,
    moe: arch.moe !== null, fsdp: row.cluster.parallelism?.zero_stage === 3,
    kind: kindOf({
      split, family: familyOf(hw), ...modelKindFacts(arch), fsdp: row.cluster.parallelism?.zero_stage === 3,
      gemmPrecision: row.training.gemm_precision ?? row.training.precision, capacityPadding: row.training.moe_capacity_padding === true,
    }),
    layout: best.ev.layout, globalBatch: best.globalBatch, fits: best.fits, provenance,
    metric, predicted, reported, error,
    predictedTokensPerSecondPerGpu: perGpu, predictedStepSeconds: p.stepTimeSeconds, predictedMfu: p.mfu,
    fullRun: fr ? { tokens: fr.tokens, predictedGpuHours, reportedGpuHours: fr.gpu_hours, ratio: predictedGpuHours / fr.gpu_hours, note: fr.note } : null,
  };
}

/**
 * The row predicted, or why it cannot be (a layout its rules refuse): listed, never silently dropped. `invalid`: what a
 * row whose printed fields break a rule throws instead (a user's own runs: the rule at the row's key, exit 2).
 */
export function predictOrWhy(row: ValidationRow, split: RowSplit, r: Resolvers, invalid?: (rule: InputError) => Error): RowResult | Unpredicted {
  try {
    return validateRow(row, split, r);
  } catch (e) {
    if (invalid && e instanceof RowRuleBroken) throw invalid(e.rule);
    return { name: row.name, split, reason: e instanceof Error ? e.message : String(e) };
  }
}
