/**
 * The hardware-aware performance model: memory per GPU, step time, MFU, and the layout planner.
 * `planFor` is the `plan` command's core; `predict`, what a scenario with `utilization: auto` calls, is predict.ts's.
 */
import type { RecomputeModule } from '../flops/recomputeModules.js';
import { selectiveModulesOf } from './selectiveModules.js';
import type { Documents } from '../flops/documents.js';
import { unseenMedianAbsErrors } from './accuracy.js';
import type { KindRecord } from './kindRecord.js';
import type { AttentionConvention } from '../flops/conventions.js';
import type { ConventionReading } from '../estimate/attentionNote.js';
import type { Precision } from '../hardware/schema.js';
import type { HardwareProfile } from '../hardware/toProfile.js';
import type { Architecture } from '../model/architecture.js';
import { checkOptions, runContext } from './evaluate.js';
import { memoryShortfall } from './fit.js';
import { fixedFieldIssues } from './fixedFieldIssues.js';
import { epOverlapNotes, fixedLayoutNotes, spOffAtTp1, type LayoutField } from './layout.js';
import { throwFirst } from './layoutCheck.js';
import { scenarioKey, type HintField } from './layoutFields.js';
import type { StackId } from './stack.js';
import type { AttentionKernel } from './machine.js';
import { DEFAULT_MOE_BALANCE, padsToCapacity, type MoeBalance, type MoeDispatcher, type PaddedMoeDispatch } from './moeCost.js';
import { offloads, type Offload } from './offload.js';
import { zeroPlusPlusOn } from './zeroPlusPlus.js';
import type { Fp8Recipe } from './quantisation.js';
import { plan, type PartialLayout, type PlanResult } from './plan.js';
import { nearbyCounts, type NearbyCounts } from './nearbyCounts.js';
import type { PlanEntry } from './throughputScale.js';
import { recordOf, splitsAtCount, type PredictOptions } from './predict.js';
import { ruleRefusal, type RuleRefusal } from './ruleRefusal.js';

export * from './layout.js';
export * from './layoutFields.js';
export * from './network.js';
export { ATTENTION_KERNELS } from './machine.js';
export { MOE_BALANCES, MOE_DISPATCHERS, type MoeBalance, type MoeDispatcher } from './moeCost.js';
export { CP_COMM_TYPES, type CpCommType } from './cpComm.js';
export { plan, type PartialLayout } from './plan.js';
export { noLayoutWhy, renderPlan } from './render.js';
export { withAttentionNote } from './attentionNote.js';
export { DEFAULT_STACK, STACK_IDS, type StackId } from './stack.js';

export interface PlanInputs extends PredictOptions {
  arch: Architecture;
  hw: HardwareProfile;
  top?: number;
  /** Where a fixed field came from, for errors (default: its scenario key, `cluster.parallelism.tp`). */
  keyFor?: (f: LayoutField) => string;
  /** The fields given over a scenario file's (plan FILE --pp): an issue of the file's fields that one of them resolves is told at it (layoutCheck.ts throwFirst). */
  given?: (f: LayoutField) => boolean;
  /** How hints name a field (RuleContext.name, the memory hint): the option that gives it, or the file's field with its place; default its scenario key's last part. */
  nameFor?: (f: HintField) => string;
  /** What the model's import assumed (src/model/assumptions.ts), carried into the report. */
  warnings?: string[];
}

/** The search's own figures (plan.ts PlanResult: the nearest miss, and the layouts evaluated, fitting and skipped) beside the run's settings and what is made of them. */
export interface PlanReport extends Pick<PlanResult, 'nearestMiss' | 'evaluated' | 'fitting' | 'skipped'> {
  model: string;
  gpu: string;
  gpuCount: number;
  seqLen: number;
  globalBatchSequences: number;
  precision: Precision;
  gemmPrecision: Precision;
  /** The attention FLOP convention MFU counts (new-user trial 25: plan --model's full and a causal scenario's MFU differed for one step time, the headline naming neither). */
  attention: AttentionConvention;
  /** The FP8 scaling recipe (quantisation.ts); null when the GEMMs do not run in FP8. */
  fp8Recipe: Fp8Recipe | null;
  /** The layers' weights kept and gathered in FP8. */
  fp8ParamGather: boolean;
  overlapGradReduce: boolean;
  gradAccumulationFusion: boolean;
  tpCommOverlap: boolean;
  epCommOverlap: boolean;
  /** Layers captured in CUDA graphs (false: issued eagerly, the host's issue time can bound the step; hostIssue.ts). */
  cudaGraphs: boolean;
  attentionKernel: AttentionKernel;
  /** MoE models: routed tokens on the slowest of several (ep > 1) expert-parallel ranks over the balanced count (moeCost.ts loadOnRank: 1 at ep 1 unless padded), and whether experts are padded to capacity (null: dense). */
  moe: { loadFactor: number; balance: MoeBalance; capacityFactor: number | null; capacityPadding: boolean; dispatcher: MoeDispatcher; maxNodes: number | null; contractions: PaddedMoeDispatch | null } | null;
  /** The training stack whose rules the search obeyed (null: none). */
  stack: StackId | null;
  /** The run's CPU offload (offload.ts), where it has one: kept by the search, not searched. */
  offload?: Offload;
  /**
   * The run's ZeRO++ switches (zeroPlusPlus.ts), where it sets any, in DeepSpeed's names (`plan --json`:
   * zero_quantized_weights, zero_hpz_partition_size, zero_quantized_gradients): every layout was evaluated with them;
   * kept by the search, not searched (ZeRO-3 alone is then searched).
   */
  zeroPlusPlus?: { zeroQuantizedWeights: boolean; zeroHpzPartitionSize: number; zeroQuantizedGradients: boolean };
  fixed: PartialLayout;
  /** Megatron-Core's recompute_modules the selective layouts rerun, where a scenario gives them (absent: core_attn, the default). */
  recomputeModules?: RecomputeModule[];
  /**
   * What the selective layouts rerun where no modules are given and the stack's own selective mode applies (selectiveModules.ts:
   * TorchTitan's op policy, MaxText's minimal); absent: recomputeModules, else core_attn.
   */
  selectiveModules?: RecomputeModule[];
  /** The run's document mask (flops/documents.ts), where it has one. */
  documents?: Documents;
  /** The layouts ranked by the model's step time; each with `scaled` where a throughput scale is given. */
  best: PlanEntry[];
  /**
   * The user's measured ÷ predicted throughput the `scaled` figures carry (a scenario's cluster.throughput_scale, the
   * query's throughputScale: throughputScale.ts), and the key that gave it; null without one.
   */
  throughputScale: { value: number; key: string } | null;
  /** When nothing fits: what the nearest miss needs and the levers the run has not pulled (fit.ts memoryShortfall). */
  shortfall: { message: string; hint: string } | null;
  /** When the layout rules refused every layout with the fields fixed (ruleRefusal.ts): the rules, the stack where its rules are the cause, and what to change; absent otherwise. */
  refusal?: RuleRefusal;
  /** When no split of the GPUs exists at all (no field fixed): the nearest counts below and above that split (nearbyCounts.ts); else null. */
  nearbyCounts: NearbyCounts | null;
  /** What the model's import assumed (a config.json's seq_len, unrepresented fields). */
  warnings: string[];
  /** How far the performance model has been from runs it had not seen: each held-out set's median |error| at its one evaluation (accuracy.ts). */
  unseenMedianAbsError: Record<string, number>;
  /** How it has done on published runs of the best layout's kind (kindRecord.ts); null when nothing fits. */
  kindRecord: KindRecord | null;
  /** Where the defaulted attention convention moves the best layout's MFU and HFU by a fifth or more: what the other reads (attentionNote.ts); absent otherwise. */
  attentionConvention?: ConventionReading;
}

/** The `plan` command's core: search, rank, and report. Pure: no clock, so identical inputs give identical reports (bench/plan.js times it). */
export function planFor(inp: PlanInputs): PlanReport {
  const ctx = runContext(inp.arch, inp.hw, inp);
  // The stack's own selective mode, where no modules are given and it applies (selectiveModules.ts; runContext reads the same).
  const stackOwn = inp.recomputeModules === undefined ? selectiveModulesOf(ctx.stack, inp.arch, undefined) : undefined;
  const partial = spOffAtTp1(inp.partialLayout ?? {});
  const checks = { ...checkOptions(ctx), ...(inp.nameFor ? { fieldName: inp.nameFor } : {}) };
  throwFirst(fixedFieldIssues(inp.arch, inp.gpuCount, inp.globalBatchSequences, partial, checks), inp.keyFor ?? scenarioKey, inp.given);
  const r = plan(ctx, partial, { top: inp.top ?? 5, checks });
  const noSplit = r.best.length === 0 && r.evaluated === 0 && Object.keys(partial).length === 0;
  const refusal = ruleRefusal(ctx, r, partial, checks, () => runContext(inp.arch, inp.hw, { ...inp, stack: undefined }));
  return {
    model: inp.arch.name,
    gpu: inp.hw.id,
    gpuCount: inp.gpuCount,
    seqLen: ctx.seqLen,
    globalBatchSequences: inp.globalBatchSequences,
    precision: ctx.precision,
    gemmPrecision: ctx.gemmPrecision,
    attention: inp.attention ?? 'full',
    fp8Recipe: ctx.gemmPrecision === 'fp8' ? ctx.fp8Recipe : null,
    fp8ParamGather: ctx.fp8ParamGather,
    overlapGradReduce: ctx.overlapGradReduce,
    gradAccumulationFusion: ctx.gradAccumulationFusion,
    tpCommOverlap: ctx.tpCommOverlap,
    epCommOverlap: ctx.epCommOverlap,
    cudaGraphs: ctx.cudaGraphs,
    attentionKernel: ctx.attentionKernel,
    moe: inp.arch.moe
      ? {
          loadFactor: ctx.moeLoadFactor, balance: inp.moeBalance ?? DEFAULT_MOE_BALANCE, capacityFactor: inp.moeCapacityFactor ?? null, capacityPadding: padsToCapacity(inp.moeCapacityFactor, inp.moeCapacityPadding),
          dispatcher: ctx.moeDispatcher, maxNodes: inp.moeMaxNodes ?? null, contractions: ctx.moeEinsum?.dispatch ?? null,
        }
      : null,
    stack: ctx.stack?.id ?? null,
    ...(offloads(ctx.offload) ? { offload: ctx.offload } : {}),
    ...(zeroPlusPlusOn(ctx.zeroPlusPlus) ? { zeroPlusPlus: { zeroQuantizedWeights: ctx.zeroPlusPlus.quantizedWeights, zeroHpzPartitionSize: ctx.zeroPlusPlus.hpzPartitionSize, zeroQuantizedGradients: ctx.zeroPlusPlus.quantizedGradients } } : {}),
    fixed: inp.partialLayout ?? {},
    // The modules the selective layouts rerun, where given (a scenario's training.recompute_modules) and read (recompute fixed selective).
    ...(inp.recomputeModules !== undefined && inp.partialLayout?.recompute === 'selective' ? { recomputeModules: [...inp.recomputeModules] } : {}),
    ...(stackOwn !== undefined ? { selectiveModules: [...stackOwn] } : {}),
    ...(inp.documents !== undefined ? { documents: inp.documents } : {}),
    best: r.best,
    throughputScale: null,
    nearestMiss: r.nearestMiss,
    shortfall: r.nearestMiss ? memoryShortfall(r.nearestMiss, ctx, partial, inp.nameFor) : null,
    ...(refusal ? { refusal } : {}),
    nearbyCounts: noSplit ? nearbyCounts(inp.gpuCount, splitsAtCount(inp.arch, inp.hw, inp, partial, inp.nameFor)) : null,
    evaluated: r.evaluated,
    fitting: r.fitting,
    skipped: r.skipped,
    warnings: [...(inp.warnings ?? []), ...fixedLayoutNotes(inp.partialLayout ?? {}), ...epOverlapNotes(r.best.map((e) => e.layout), ctx.epCommOverlap, inp.nameFor)],
    unseenMedianAbsError: unseenMedianAbsErrors(),
    kindRecord: r.best[0] ? recordOf(ctx, inp, r.best[0].layout) : null,
  };
}
