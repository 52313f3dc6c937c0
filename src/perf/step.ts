/**
 * Step time of one layout. Per micro-batch, the slowest pipeline stage (the last: its layers plus
 * the output layer; with a pipeline layout, the busiest rank: rankCost.ts) costs `busy` = matrix products + memory-bound work + exposed TP/EP/CP traffic;
 * a step is m micro-batches, the pipeline bubble (p−1)/(v·m) of that ideal time (Narayanan et al.
 * 2021 §2.2), p2p sends, the data-parallel gradient traffic the backward pass could not hide,
 * and the optimizer step (those two: dataParallel.ts). The breakdown sums to the step time by construction.
 *
 * DualPipe (DeepSeek-AI 2024, arXiv:2412.19437 §3.2.1) replaces the per-micro-batch time and the
 * bubble: see {@link dualPipeTimes}.
 */
import { moeLayersPerRank, type Architecture } from '../model/architecture.js';
import { dataParallelExposed, dataParallelTraffic, DataParallelTraffic } from './dataParallel.js';
import { epOverlapApplies, recomputedShare, type Layout } from './layout.js';
import type { LayerCosts, PartCost } from './layerCost.js';
import { busiestRank, emptyPart } from './rankCost.js';
import type { Machine } from './machine.js';
import type { StageParams, StateBytes } from './memory.js';
import { linkFor, sendSeconds } from './network.js';
import { EAGER_SECONDS_PER_KERNEL, HostForward, hostForward, hostWaitSeconds, type HostIssue } from './hostIssue.js';

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
  /** Kernels issued one by one from the host (an eager stack without CUDA graphs; hostIssue.ts); null or absent: no host bound. */
  hostIssue?: HostIssue | null;
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

/**
 * One micro-batch on the busiest stage: its computation, memory-bound work and exposed traffic
 * (`busy`), its pipeline sends, and the step's bubble. A function of the layer costs, pp, the schedule
 * and the gradient-accumulation seconds (dataParallel.ts), not of the ZeRO stage or shard group
 * otherwise: the planner computes it once per schedule (planScan.ts). A class: one hidden class (planScratch.ts).
 * Its fields start as NaN, a fraction: V8 stores a field first given the integer 0 as an integer, and the
 * first fraction written to it (tp, cp, p2p stay 0 until a search reaches tp, cp or pp > 1) gave every
 * instance a new hidden class and threw away the planner's loop compiled for the old one.
 */
export class PipelineTimes {
  comp = NaN;
  mem = NaN;
  tp = NaN;
  ep = NaN;
  cp = NaN;
  p2p = NaN;
  /** GPU idle time waiting on the host's kernel issue (hostIssue.ts), inside `busy`. */
  host = NaN;
  busy = NaN;
  bubble = NaN;
}

/** Fills `out` (allocation-free). */
export function pipelineTimes(ctx: StepContext, layout: Layout, costs: LayerCosts, accumSeconds: number, out: PipelineTimes): PipelineTimes {
  const { arch, mc } = ctx;
  const d = costs.dense;
  const e = costs.moe;
  const dual = layout.schedule === 'dualpipe';
  // `heads`: host-issued head passes per micro-batch (hostExposed): the loss head's; the MTP modules' kernels are not counted (hostIssue.ts).
  let nMoe: number, nDense: number, o: PartCost, oh: number, heads: number;
  if (layout.pipelineLayout === undefined) {
    const perStage = Math.ceil(arch.layers / layout.pp);
    // The most MoE layers a rank of perStage layers holds (architecture.ts moeLayersPerRank; the rest of it dense).
    nMoe = moeLayersPerRank(arch, layout.pp, layout.virtualStages, ctx.moeLayers);
    nDense = perStage - nMoe;
    o = costs.logits;
    // DualPipe's end rank runs half the micro-batches through the last stage (with the head) and half
    // through the first (deepseek-ai/DualPipe: the first rank takes half the inputs, the last the other half).
    oh = dual ? 0.5 : 1;
    heads = oh;
  } else {
    // The busiest rank of the layout's placement, its head and MTP work in RANK (rankCost.ts; DualPipe takes no layout).
    const r = busiestRank(arch, layout, costs, RANK);
    nMoe = r.moe; nDense = r.dense; o = RANK; oh = 1; heads = r.loss ? 1 : 0;
  }
  let comp = nDense * d.compute + nMoe * e.compute + oh * o.compute;
  // With the gradient accumulation outside the GEMM (dataParallel.ts), per micro-batch.
  const mem = nDense * d.memoryBound + nMoe * e.memoryBound + oh * o.memoryBound + accumSeconds;
  const tp = nDense * d.tp + nMoe * e.tp + oh * o.tp;
  let ep = nMoe * e.ep + oh * o.ep;
  const cp = nDense * d.cp + nMoe * e.cp + oh * o.cp;
  const m = ctx.globalBatchSequences / (layout.microBatch * layout.dp);
  const v = layout.virtualStages;
  if (!dual && ep > 0 && epOverlapApplies(layout, ctx.epCommOverlap)) {
    // Combined 1F1B (Megatron-Core --overlap-moe-expert-parallel-comm; NVIDIA/Megatron-LM
    // docs/user-guide/features/moe_a2a_overlap.md): the forward of micro-batch i+1 runs beside the
    // backward of micro-batch i on two streams, each one's dispatch/combine all-to-alls under the
    // other's computation, as DualPipe's F&B pairs do (below). Of the m·v chunk pairs a step runs, each
    // exposes only what exceeds the pair's computation; "the first forward and final backward remain
    // exposed" (the doc): one chunk's all-to-alls, ep/v, a step. The hidden traffic still holds the SMs
    // its kernels run on, slowing the computation under it (overlapSmFraction; as the TP overlap, layerCost.ts).
    const pairExposed = ep > comp + mem ? ep - comp - mem : 0;
    const exposed = pairExposed + (ep - pairExposed) / (m * v);
    comp += mc.calibration.overlapSmFraction * (ep - exposed);
    ep = exposed;
  }
  let busy = comp + mem + tp + ep + cp;
  // Pipeline: an activation forward and its gradient backward per micro-batch per chunk boundary.
  let p2p = layout.pp > 1 ? 2 * v * sendSeconds(costs.p2pBytes, linkFor(mc.network, layout.tp * layout.cp * layout.dp, layout.pp)) : 0;
  let bubble: number;
  let host = 0;
  if (dual) {
    const fwd = nDense * d.forward + nMoe * e.forward + oh * o.forward;
    const w = nDense * d.weightGrad + nMoe * e.weightGrad + oh * o.weightGrad;
    const C = comp + mem;
    // One forward and one backward chunk run as an overlapped pair ("F&B"): the expert all-to-all
    // (dispatch/combine) and the PP sends of each chunk run under the other chunk's computation
    // (DeepSeek-V3 §3.2.1, Figure 4: "both all-to-all and PP communication can be fully hidden"), so
    // only what exceeds the pair's compute is exposed: max(0, comm − compute). TP and CP traffic are
    // not part of that overlap and stay as they are.
    const comm = ep + p2p;
    const exposed = comm > C ? comm - C : 0;
    const exposedEp = comm > 0 ? (exposed * ep) / comm : 0;
    const serialBackward = comp + mem + tp + ep + cp - fwd; // B: a backward chunk on its own (outside the overlap)
    busy = C + tp + cp + exposedEp;
    bubble = dualPipeBubble(layout.pp, C + tp + cp + exposed, serialBackward, w);
    ep = exposedEp;
    p2p = exposed - exposedEp;
  } else {
    host = hostExposed(ctx, layout, costs, busy, nDense, nMoe, oh, o, heads);
    busy += host;
    // Bubble (p−1)/(v·m) of the ideal m·busy (Narayanan §2.2.2).
    bubble = ((layout.pp - 1) / v) * busy;
  }
  out.comp = comp;
  out.mem = mem;
  out.tp = tp;
  out.ep = ep;
  out.cp = cp;
  out.p2p = p2p;
  out.host = host;
  out.busy = busy;
  out.bubble = bubble;
  return out;
}

/** Scratch for hostExposed (allocation-free, refilled per call: a dozen multiplications). */
const HOST = new HostForward();
/** Scratch for the busiest rank's head and MTP work under a pipeline layout (rankCost.ts). */
const RANK = emptyPart();

/**
 * The time one micro-batch's GPU waits on the host's kernel issue (hostIssue.ts), 0 without a host bound.
 * The host issues each layer's forward once and twice again in the backward (passes.ts), the forward
 * again for the fully recomputed share of the layers and the core attention again under selective
 * recomputation; the GPU's forward is the layer costs' `forward`, its backward the rest of `busy`.
 * Not applied under DualPipe, whose paired chunks are modelled as overlapped already (dualPipeTimes).
 */
function hostExposed(ctx: StepContext, layout: Layout, costs: LayerCosts, busy: number, nDense: number, nMoe: number, oh: number, o: PartCost, heads: number): number {
  const h = ctx.hostIssue;
  if (!h) return 0;
  const f = hostForward(h, layout, HOST);
  const perForward = nDense * f.dense + nMoe * f.moe + heads * f.head;
  const again = layout.recompute === 'full' ? recomputedShare(ctx.arch, layout) * perForward
    : layout.recompute === 'selective' ? (nDense + nMoe) * h.coreKernels * EAGER_SECONDS_PER_KERNEL : 0;
  const gpuForward = nDense * costs.dense.forward + nMoe * costs.moe.forward + oh * o.forward;
  return hostWaitSeconds(gpuForward, busy, perForward, 2 * perForward + again, h.synced && nMoe > 0);
}

/** Step seconds: m micro-batches of busy time and sends, the bubble, the exposed data-parallel traffic and the optimizer step. */
export function stepSeconds(pipe: PipelineTimes, dpExposed: number, optimizerSeconds: number, m: number): number {
  return m * (pipe.busy + pipe.p2p) + pipe.bubble + dpExposed + optimizerSeconds;
}

const PIPE = new PipelineTimes();
const TRAFFIC = new DataParallelTraffic();

/** Allocation-free evaluation into `out` (length Slot.Size); returns the step time. */
export function stepParts(ctx: StepContext, layout: Layout, costs: LayerCosts, params: StageParams, out: Float64Array): number {
  const dp = dataParallelTraffic(ctx, layout, params, TRAFFIC);
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

/**
 * DualPipe's pipeline bubble, (PP/2 − 1)(F&B + B − 3W) (DeepSeek-V3 arXiv:2412.19437 §3.2.1, Table 2;
 * against (PP − 1)(F + B) for 1F1B): F&B the time of an overlapped forward-and-backward chunk pair,
 * B a full backward chunk, W its weight-gradient part (the "backward for weights" chunk, split off as
 * in zero-bubble pipelines, Qi et al. 2023). Seconds per step, for PP even.
 */
export function dualPipeBubble(pp: number, pairSeconds: number, backwardSeconds: number, weightGradSeconds: number): number {
  const x = pairSeconds + backwardSeconds - 3 * weightGradSeconds;
  return (pp / 2 - 1) * (x > 0 ? x : 0);
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
    hfu: ((layout.recompute === 'full'
      ? ctx.hardwareFlopsPerToken.none + recomputedShare(ctx.arch, layout) * (ctx.hardwareFlopsPerToken.full - ctx.hardwareFlopsPerToken.none)
      : ctx.hardwareFlopsPerToken[layout.recompute]) * tokens) / peakAll,
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
