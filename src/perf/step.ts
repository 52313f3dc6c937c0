/**
 * Step time of one layout: m micro-batches of the slowest pipeline stage's time and sends, the
 * pipeline bubble (both: pipelineTimes.ts), the data-parallel gradient traffic the backward pass
 * could not hide, and the optimizer step (those two: dataParallel.ts). The breakdown sums to the step
 * time by construction.
 */
import type { ZeroPlusPlus } from './zeroPlusPlus.js';
import type { Architecture } from '../model/architecture.js';
import { dataParallelExposed, dataParallelTraffic, type DataParallelTraffic } from './dataParallel.js';
import { layoutHardwareFlopsPerToken, type Layout } from './layout.js';
import type { RecomputeModule } from '../flops/recomputeModules.js';
import type { LayerCosts } from './partCost.js';
import type { Machine } from './machine.js';
import type { StageParams, StateBytes } from './memory.js';
import type { HostIssue } from './hostIssue.js';
import { PipelineTimes, pipelineTimes } from './pipelineTimes.js';

export interface StepContext {
  arch: Architecture;
  mc: Machine;
  seqLen: number;
  globalBatchSequences: number;
  gpuCount: number;
  /** Model FLOPs per token (forward + backward, the run's attention convention). */
  modelFlopsPerToken: number;
  /** With recompute 'selective': Megatron-Core's recompute_modules (flops/recomputeModules.ts); absent: core_attn. */
  recomputeModules?: readonly RecomputeModule[] | undefined;
  /** Hardware FLOPs per token for each recompute policy. */
  hardwareFlopsPerToken: Record<Layout['recompute'], number>;
  /** MoE layers of the architecture (layerCounts(arch).moe), computed once: stepParts runs per candidate layout. */
  moeLayers: number;
  /**
   * Whether the data-parallel gradient reduction runs under the backward pass (Megatron-Core
   * `--overlap-grad-reduce`, PyTorch DDP/FSDP buckets) or after it, as in Megatron-LM 2021
   * (`train_step` all-reduces after `forward_backward_func`) and DeepSpeed's pipeline engine
   * (`TrainSchedule` issues `ReduceGrads` after the last micro-batch).
   */
  overlapGradReduce: boolean;
  /**
   * Memory traffic per parameter per micro-batch of accumulating gradients outside the weight-gradient
   * GEMM; 0 when the GEMM accumulates in place (Megatron `--gradient-accumulation-fusion`, the default
   * since 2022). Unfused: read the new 16-bit gradient, read and write the accumulator: Megatron-LM
   * 2021's DDP hook `param.main_grad.add_(param.grad)`, PyTorch's AccumulateGrad, DeepSpeed's
   * BF16_Optimizer. Megatron keeps the accumulator in fp32 for bf16 (arguments.py: "bfloat16 requires
   * gradient accumulation and all-reduce to be done in fp32"), in fp16 for fp16: 2 + 2·4 or 2 + 2·2 bytes.
   */
  gradAccumulationBytesPerParam: number;
  /**
   * Model-state bytes per parameter (memory.ts stateBytesFor). Its `gradients` is also the element of
   * the data-parallel reduction (fp32 for bf16, Megatron arguments.py: "bfloat16 requires gradient
   * accumulation and all-reduce to be done in fp32"; fp16 for fp16): memory and step agree.
   */
  stateBytes: StateBytes;
  /** ZeRO-2/3 parameters stay gathered across a pipeline's micro-batches (stack.ts shardingUnderPp; layout.ts stateZeroStage). */
  shardingPerStepUnderPp: boolean;
  /** MoE dispatch/combine all-to-alls under the other micro-batch of a forward/backward pair (Megatron-Core combined 1F1B). */
  epCommOverlap: boolean;
  /** The run's ZeRO++ switches (zeroPlusPlus.ts), read under ZeRO-3 (dataParallel.ts); absent: off. */
  zeroPlusPlus?: ZeroPlusPlus | undefined;
  /** The host link's bandwidth, one direction (hardware host_link), where the run offloads model states to the host (offload.ts). */
  hostLinkBytesPerSecond?: number | undefined;
  /** Kernels issued one by one from the host (an eager stack without CUDA graphs; hostIssue.ts); null or absent: no host bound. */
  hostIssue?: HostIssue | null;
}

/** Exposed communication per step in seconds, by kind (sums to StepBreakdown.exposedCommSeconds); unit-less names as plan --json prints them (prediction.comm). */
export interface CommBreakdown {
  tensorParallel: number;
  pipelineP2p: number;
  dataParallel: number;
  expertAllToAll: number;
  contextParallel: number;
}

export interface StepBreakdown {
  computeSeconds: number;
  memoryBoundSeconds: number;
  exposedCommSeconds: number;
  bubbleSeconds: number;
  optimizerSeconds: number;
  /** GPU time spent waiting for the host to issue kernels (hostIssue.ts): 0 where the GPU work outlasts the issue time, or with CUDA graphs. */
  hostIssueSeconds: number;
  /** What the family's fitted throughput scale adds to the modelled step (Calibration.throughputScale): time the model does not explain. */
  calibrationSeconds: number;
}

export interface StepPrediction {
  stepTimeSeconds: number;
  tokensPerSecond: number;
  mfu: number;
  hfu: number;
  microBatches: number;
  breakdown: StepBreakdown;
  /** exposedCommSeconds by kind (sums to it). */
  comm: CommBreakdown;
}

/** Slots of the scratch array filled by {@link stepParts}. */
export const Slot = { Compute: 0, Memory: 1, Tp: 2, Pp: 3, Dp: 4, Ep: 5, Cp: 6, Bubble: 7, Optimizer: 8, Host: 9, Total: 10, Size: 11 } as const;

/** Step seconds: m micro-batches of busy time and sends, the bubble, the exposed data-parallel traffic and the optimizer step. */
export function stepSeconds(pipe: PipelineTimes, dpExposed: number, optimizerSeconds: number, m: number): number {
  return m * (pipe.busy + pipe.p2p) + pipe.bubble + dpExposed + optimizerSeconds;
}

const PIPE = new PipelineTimes();

/** Allocation-free evaluation into `out` (length Slot.Size), the data-parallel side into `traffic`; returns the step time. */
export function stepParts(ctx: StepContext, layout: Layout, costs: LayerCosts, params: StageParams, out: Float64Array, traffic: DataParallelTraffic): number {
  const dp = dataParallelTraffic(ctx, layout, params, traffic);
  const p = pipelineTimes(ctx, layout, costs, dp.accumSeconds, PIPE);
  const m = ctx.globalBatchSequences / (layout.microBatch * layout.dp);
  const dpExposed = dataParallelExposed(ctx, dp, p.busy, m);
  out[Slot.Compute] = m * p.comp;
  out[Slot.Memory] = m * p.mem;
  out[Slot.Tp] = m * p.tp;
  out[Slot.Pp] = m * p.p2p;
  out[Slot.Dp] = dpExposed;
  out[Slot.Ep] = m * p.ep;
  out[Slot.Cp] = m * p.cp;
  out[Slot.Bubble] = p.bubble;
  out[Slot.Optimizer] = dp.optimizerSeconds;
  out[Slot.Host] = m * p.host;
  const total = stepSeconds(p, dpExposed, dp.optimizerSeconds, m);
  out[Slot.Total] = total;
  return total;
}

/** The full prediction object from a filled scratch array. */
export function toPrediction(ctx: StepContext, layout: Layout, parts: Float64Array): StepPrediction {
  // The family's calibration scale is uniform, so the planner ranks on the modelled time and only the
  // prediction it reports carries the scale.
  const modelled = parts[Slot.Total]!;
  const total = modelled / ctx.mc.calibration.throughputScale;
  const tokens = ctx.globalBatchSequences * ctx.seqLen;
  const peakAll = total * ctx.gpuCount * ctx.mc.peak;
  const comm: CommBreakdown = {
    tensorParallel: parts[Slot.Tp]!,
    pipelineP2p: parts[Slot.Pp]!,
    dataParallel: parts[Slot.Dp]!,
    expertAllToAll: parts[Slot.Ep]!,
    contextParallel: parts[Slot.Cp]!,
  };
  return {
    stepTimeSeconds: total,
    tokensPerSecond: tokens / total,
    // MFU = model FLOPs / (time × GPUs × dense peak); HFU adds recomputation (Chowdhery et al. 2022 App. B; Korthikanti §6.3).
    mfu: (ctx.modelFlopsPerToken * tokens) / peakAll,
    // Full recomputation of a share of the layers (recomputeLayers) adds that share of the recomputed forward.
    hfu: (layoutHardwareFlopsPerToken((r) => ctx.hardwareFlopsPerToken[r], ctx.arch, layout) * tokens) / peakAll,
    microBatches: ctx.globalBatchSequences / (layout.microBatch * layout.dp),
    breakdown: {
      computeSeconds: parts[Slot.Compute]!,
      memoryBoundSeconds: parts[Slot.Memory]!,
      exposedCommSeconds: comm.tensorParallel + comm.pipelineP2p + comm.dataParallel + comm.expertAllToAll + comm.contextParallel,
      bubbleSeconds: parts[Slot.Bubble]!,
      optimizerSeconds: parts[Slot.Optimizer]!,
      hostIssueSeconds: parts[Slot.Host]!,
      calibrationSeconds: total - modelled,
    },
    comm,
  };
}
