/**
 * Step time of one layout. Per micro-batch, the slowest pipeline stage (the last: its layers plus
 * the output layer) costs `busy` = matrix products + memory-bound work + exposed TP/EP/CP traffic;
 * a step is m micro-batches, the pipeline bubble (p−1)/(v·m) of that ideal time (Narayanan et al.
 * 2021 §2.2), p2p sends, the data-parallel gradient traffic the backward pass could not hide,
 * and the optimizer step. The breakdown sums to the step time by construction.
 */
import type { Architecture } from '../model/architecture.js';
import { layerCounts } from '../model/architecture.js';
import type { Layout } from './layout.js';
import type { LayerCosts } from './layerCost.js';
import type { Machine } from './machine.js';
import type { StageParams } from './memory.js';
import { allGatherSeconds, allReduceSeconds, linkFor, sendSeconds } from './network.js';

export interface StepContext {
  arch: Architecture;
  mc: Machine;
  seqLen: number;
  globalBatchSequences: number;
  gpuCount: number;
  /** Model FLOPs per token (forward + backward, the run's attention convention). */
  modelFlopsPerToken: number;
  /** Hardware FLOPs per token for each recompute policy. */
  hardwareFlopsPerToken: Record<Layout['recompute'], number>;
}

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
export const Slot = { Compute: 0, Memory: 1, Tp: 2, Pp: 3, Dp: 4, Ep: 5, Cp: 6, Bubble: 7, Optimizer: 8, Total: 9, Size: 10 } as const;

/** Allocation-free evaluation into `out` (length Slot.Size); returns the step time. */
export function stepParts(ctx: StepContext, layout: Layout, costs: LayerCosts, params: StageParams, out: Float64Array): number {
  const { arch, mc } = ctx;
  const perStage = Math.ceil(arch.layers / layout.pp);
  const moeLayers = layerCounts(arch).moe;
  const nMoe = moeLayers < perStage ? moeLayers : perStage;
  const nDense = perStage - nMoe;
  const d = costs.dense;
  const e = costs.moe;
  const o = costs.logits;
  const comp = nDense * d.compute + nMoe * e.compute + o.compute;
  const mem = nDense * d.memoryBound + nMoe * e.memoryBound + o.memoryBound;
  const tp = nDense * d.tp + nMoe * e.tp + o.tp;
  const ep = nMoe * e.ep;
  const cp = nDense * d.cp + nMoe * e.cp;
  const busy = comp + mem + tp + ep + cp;
  const m = ctx.globalBatchSequences / (layout.microBatch * layout.dp);
  const v = layout.virtualStages;
  // Pipeline: an activation forward and its gradient backward per micro-batch per chunk boundary.
  const p2p = layout.pp > 1 ? 2 * v * sendSeconds(costs.p2pBytes, linkFor(mc.network, layout.tp * layout.cp * layout.dp, layout.pp)) : 0;
  // Bubble (p−1)/(v·m) of the ideal m·busy (Narayanan §2.2.2).
  const bubble = ((layout.pp - 1) / v) * busy;
  // Data parallel over dp·cp ranks (stride tp); experts over dp·cp/ep ranks (stride tp·ep). ZeRO §7: 2Ψ, 3Ψ for ZeRO-3.
  const n = layout.dp * layout.cp;
  const nE = n / layout.ep;
  const denseBytes = 2 * params.dense;
  const expertBytes = 2 * params.experts;
  const linkD = linkFor(mc.network, layout.tp, n);
  const linkE = linkFor(mc.network, layout.tp * layout.ep, nE);
  let dpExposed: number;
  if (layout.zeroStage === 3) {
    // Each micro-batch gathers the weights for forward and backward and reduce-scatters the gradients,
    // overlapped with that micro-batch's compute (FSDP / ZeRO-3 prefetch).
    const perMb = 3 * (allGatherSeconds(denseBytes, n, linkD) + allGatherSeconds(expertBytes, nE, linkE));
    dpExposed = m * Math.max(0, perMb - busy);
  } else {
    // Reduce-scatter + all-gather (= ring all-reduce) once per step; the reduce overlaps the last
    // micro-batch's backward and the gather the next forward (Megatron --overlap-grad-reduce/--overlap-param-gather).
    const t = allReduceSeconds(denseBytes, n, linkD) + allReduceSeconds(expertBytes, nE, linkE);
    dpExposed = mc.calibration.dpOverlappable ? Math.max(0, t - busy) : t;
  }
  const shards = layout.zeroStage >= 1;
  const localParams = params.dense / (shards ? n : 1) + params.experts / (shards ? nE : 1);
  const optimizer = (mc.calibration.optimizerBytesPerParam * localParams) / mc.memoryBandwidth + 3 * mc.kernelOverhead;
  out[Slot.Compute] = m * comp;
  out[Slot.Memory] = m * mem;
  out[Slot.Tp] = m * tp;
  out[Slot.Pp] = m * p2p;
  out[Slot.Dp] = dpExposed;
  out[Slot.Ep] = m * ep;
  out[Slot.Cp] = m * cp;
  out[Slot.Bubble] = bubble;
  out[Slot.Optimizer] = optimizer;
  const total = m * (busy + p2p) + bubble + dpExposed + optimizer;
  out[Slot.Total] = total;
  return total;
}

/** The full prediction object from a filled scratch array. */
export function toPrediction(ctx: StepContext, layout: Layout, parts: Float64Array): StepPrediction {
  const total = parts[Slot.Total]!;
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
    hfu: (ctx.hardwareFlopsPerToken[layout.recompute] * tokens) / peakAll,
    microBatches: ctx.globalBatchSequences / (layout.microBatch * layout.dp),
    breakdown: {
      computeSeconds: parts[Slot.Compute]!,
      memoryBoundSeconds: parts[Slot.Memory]!,
      exposedCommSeconds: comm.tensorParallel + comm.pipelineP2p + comm.dataParallel + comm.expertAllToAll + comm.contextParallel,
      bubbleSeconds: parts[Slot.Bubble]!,
      optimizerSeconds: parts[Slot.Optimizer]!,
    },
    comm,
  };
}
