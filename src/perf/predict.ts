/**
 * A run's prediction: what a scenario with `utilization: auto` calls (scenario/predict.ts). A complete layout is
 * checked and evaluated; a partial one is completed by the planner. index.ts's planFor, the `plan` command's core,
 * shares its kind record and its split test at other GPU counts.
 */
import type { RecomputeModule } from '../flops/recomputeModules.js';
import type { Documents } from '../flops/documents.js';
import { int, plural } from '../report/format.js';
import { familyOf } from './calibration.js';
import { kindRecordFor, type KindRecord } from './kindRecord.js';
import type { AttentionConvention } from '../flops/conventions.js';
import type { Precision } from '../hardware/schema.js';
import type { HardwareProfile } from '../hardware/toProfile.js';
import { InputError } from '../input/errors.js';
import type { Architecture } from '../model/architecture.js';
import { checkOptions, evaluateLayout, runContext, type Evaluation, type RunContext } from './evaluate.js';
import { memoryShortfall } from './fit.js';
import { fixedFieldIssues } from './fixedFieldIssues.js';
import { spOffAtTp1, withDefaults, type Layout } from './layout.js';
import { assertLayout, throwFirst } from './layoutCheck.js';
import { fixedFieldsText, noSplitText, scenarioKey, type HintField } from './layoutFields.js';
import type { StackId } from './stack.js';
import type { AttentionKernel } from './machine.js';
import type { MoeBalance, MoeDispatcher } from './moeCost.js';
import type { ModelStateChoice } from './modelState.js';
import type { CpCommType } from './cpComm.js';
import type { Offload } from './offload.js';
import type { NetworkOverride } from './network.js';
import type { Fp8Recipe } from './quantisation.js';
import { plan, type PartialLayout, type PlanResult } from './plan.js';
import { nearbyCounts, nearbyCountsText } from './nearbyCounts.js';

export interface PredictOptions {
  seqLen?: number;
  /** With recompute 'selective': Megatron-Core's recompute_modules (flops/recomputeModules.ts). Default core_attn. */
  recomputeModules?: readonly RecomputeModule[] | undefined;
  globalBatchSequences: number;
  precision?: Precision;
  attention?: AttentionConvention;
  /** A document mask (flops/documents.ts): attention inside each document, in the FLOPs and the fused kernel's time. Default none. */
  documents?: Documents | undefined;
  gpuCount: number;
  partialLayout?: PartialLayout;
  network?: NetworkOverride;
  flashAttention?: boolean;
  /** The fused-attention kernel (machine.ts ATTENTION_KERNELS; default: the stack's). */
  attentionKernel?: AttentionKernel;
  /**
   * Precision of the transformer-layer GEMMs (default: `precision`); MFU/HFU stay relative to
   * `precision`'s peak. `fp8` with `precision: bf16` is DeepSeek-V3's FP8 recipe (arXiv:2412.19437 §3.3).
   */
  gemmPrecision?: Precision;
  /** How FP8 GEMM operands are scaled: delayed, tensorwise, mxfp8 or blockwise (quantisation.ts; default: the stack's). */
  fp8Recipe?: Fp8Recipe;
  /** The layers' weights kept and gathered in FP8 (Megatron --fp8-param-gather; needs FP8 GEMMs). Default false. */
  fp8ParamGather?: boolean;
  /** Node-limited MoE routing: at most this many nodes per token (DeepSeek-V3 M = 4, §2.1.2). Default: unlimited. */
  moeMaxNodes?: number;
  /** Data-parallel gradient reduction overlapped with the backward pass (default true; false for Megatron-LM 2021 and DeepSpeed's pipeline engine). */
  overlapGradReduce?: boolean;
  /** Gradients accumulated inside the weight-gradient GEMM (default true; false for Megatron-LM 2021 and DeepSpeed). */
  gradAccumulationFusion?: boolean;
  /** Tensor-parallel communication under the GEMMs (default: the stack's; Megatron-Core performance recipes: on). */
  tpCommOverlap?: boolean;
  /** MoE all-to-alls under another micro-batch's computation (Megatron-Core combined 1F1B; default: the stack's, off). */
  epCommOverlap?: boolean;
  /** Layers captured in CUDA graphs: no host issue time for their static parts (hostIssue.ts; default: the stack's, off). */
  cudaGraphs?: boolean;
  /** Training stack: its defaults (overridden by the fields above) and the layouts it can run. None: no stack rules. */
  stack?: StackId;
  /** MoE routing balance (default dropless, with moeCost.ts DROPLESS_IMBALANCE on the slowest rank; forced: 1). */
  moeBalance?: MoeBalance;
  /** MoE expert capacity factor (caps the slowest expert's load). */
  moeCapacityFactor?: number;
  /** Every expert padded to its capacity (the load is then the capacity factor; needs moeCapacityFactor). */
  moeCapacityPadding?: boolean;
  /** What the run stores per parameter where it differs from the precision's defaults (modelState.ts). */
  modelState?: ModelStateChoice;
  /** How tokens are dispatched to the experts: alltoall, or deepep (hierarchical, once per node; moeCost.ts). Default: the stack's. */
  moeDispatcher?: MoeDispatcher;
  /** How the context-parallel ranks exchange the attention's inputs: p2p, all_gather, a2a or a2a+p2p (cpComm.ts). Default: the stack's. */
  cpCommType?: CpCommType;
  /** With cpCommType a2a+p2p: the [a2a, p2p] group sizes, whose product is cp (Megatron-Core hierarchical_context_parallel_sizes). */
  cpHierarchical?: readonly number[];
  /** CPU offload of model states to host memory (offload.ts): the optimizer states' fraction, or parameters too. Default none. */
  offload?: Offload;
}

/** A layout's evaluation (evaluate.ts: step, memory and, with CPU offload, its cost), with how it was found and the model's record. */
export interface Prediction extends Evaluation {
  /** Layouts the planner evaluated (0 when the layout was given in full). */
  alternativesEvaluated: number;
  /** How the model has done on published runs of this kind (kindRecord.ts). */
  kindRecord: KindRecord | null;
}

/** The kind of run a layout makes of the inputs, and its record (kindRecord.ts, runKinds.ts). */
export function recordOf(ctx: RunContext, o: PredictOptions, layout: Layout): KindRecord | null {
  return kindRecordFor({
    family: familyOf(ctx.hw), model: ctx.arch.name, moe: ctx.arch.moe !== null, fsdp: layout.zeroStage === 3,
    gemmPrecision: ctx.gemmPrecision, capacityPadding: o.moeCapacityPadding === true,
  }, ctx.hw.id);
}

/**
 * Whether the GPUs split into a layout the rules allow at another GPU count, all else as `o` (nearbyCounts.ts asks it):
 * the planner evaluated one. Not whether one fits in memory: a count that splits but does not fit stops the search
 * there, where a fit would have the planner search every layout of every count that splits, up to NEARBY_TRIES of them.
 */
export function splitsAtCount(arch: Architecture, hw: HardwareProfile, o: PredictOptions, partial: PartialLayout, fieldName?: (f: HintField) => string): (gpuCount: number) => boolean {
  return (gpuCount) => {
    const c = runContext(arch, hw, { ...o, gpuCount });
    return plan(c, partial, { top: 1, checks: { ...checkOptions(c), ...(fieldName ? { fieldName } : {}) } }).evaluated > 0;
  };
}

/**
 * Step time, MFU and memory for a run. A complete layout is checked (InputError at
 * `cluster.parallelism.<field>` when impossible) and evaluated; a partial one is completed by the
 * planner (fastest layout that fits). Throws an InputError when no layout fits.
 */
export function predict(arch: Architecture, hw: HardwareProfile, o: PredictOptions): Prediction {
  const ctx = runContext(arch, hw, o);
  const partial = spOffAtTp1(o.partialLayout ?? {});
  const checks = checkOptions(ctx);
  const complete = withDefaults(arch, partial);
  if (complete) {
    assertLayout(arch, o.gpuCount, o.globalBatchSequences, complete, checks);
    const e = evaluateLayout(ctx, complete);
    if (!e.memory.fits) {
      const why = memoryShortfall(e, ctx, false);
      throw new InputError(`this layout does not fit in memory: ${why.message}`, { keyPath: 'cluster.parallelism', hint: why.hint });
    }
    return { ...e, alternativesEvaluated: 0, kindRecord: recordOf(ctx, o, e.layout) };
  }
  throwFirst(fixedFieldIssues(arch, o.gpuCount, o.globalBatchSequences, partial, checks), scenarioKey);
  const r = plan(ctx, partial, { top: 1, checks });
  const best = r.best[0];
  if (!best) throw noLayout(ctx, r, partial, splitsAtCount(arch, hw, o, partial));
  return { ...best, alternativesEvaluated: r.evaluated, kindRecord: recordOf(ctx, o, best.layout) };
}

function noLayout(ctx: RunContext, r: PlanResult, partial: PartialLayout, splitsAt: (gpuCount: number) => boolean): InputError {
  const reasons = Object.entries(r.skipped).sort((a, b) => b[1] - a[1]).slice(0, 3).map(([k, n]) => `${k} (${plural(int(n), 'layout')})`).join('; ');
  const fixed = Object.keys(partial).length ? ` with ${fixedFieldsText(partial)}` : '';
  const near = r.nearestMiss ? memoryShortfall(r.nearestMiss, ctx, true) : null;
  return new InputError(`no layout of ${ctx.arch.name} on ${int(ctx.gpuCount)} × ${ctx.hw.id}${fixed} can run: ${reasons || 'no candidates'}${near ? `; the smallest, ${near.message}` : ''}`, {
    keyPath: 'cluster.parallelism',
    // With no field fixed there is nothing to relax: 1000 GPUs (2³·5³) for Llama 3.1 8B (32 heads and layers, a batch
    // of 1024) have no tp·pp·dp·cp at all, and the hint said 'relax the fixed parallelism fields'.
    hint: near ? near.hint
      : fixed ? 'relax the fixed parallelism fields'
      : `${noSplitText(ctx.gpuCount, ctx.globalBatchSequences)}: give another cluster.count${nearbyCountsText(nearbyCounts(ctx.gpuCount, splitsAt))} or training.global_batch`,
  });
}
