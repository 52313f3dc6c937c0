/**
 * Step time of one layout. Per micro-batch, the slowest pipeline stage (the last: its layers plus
 * the output layer) costs `busy` = matrix products + memory-bound work + exposed TP/EP/CP traffic;
 * a step is m micro-batches, the pipeline bubble (p−1)/(v·m) of that ideal time (Narayanan et al.
 * 2021 §2.2), p2p sends, the data-parallel gradient traffic the backward pass could not hide,
 * and the optimizer step. The breakdown sums to the step time by construction.
 *
 * DualPipe (DeepSeek-AI 2024, arXiv:2412.19437 §3.2.1) replaces the per-micro-batch time and the
 * bubble: see {@link dualPipeTimes}.
 */
import type { Architecture } from '../model/architecture.js';
import { denseShards, epOverlapApplies, expertDataParallel, expertShards, recomputedShare, stateZeroStage, type Layout } from './layout.js';
import type { LayerCosts } from './layerCost.js';
import type { Machine } from './machine.js';
import type { StageParams, StateBytes } from './memory.js';
import { allGatherSeconds, allReduceSeconds, linkFor, reduceScatterSeconds, sendSeconds, shardedReduceScatterSeconds } from './network.js';

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
  const zero = stateZeroStage(layout, ctx.shardingPerStepUnderPp);
  const perStage = Math.ceil(arch.layers / layout.pp);
  const moeLayers = ctx.moeLayers;
  const nMoe = moeLayers < perStage ? moeLayers : perStage;
  const nDense = perStage - nMoe;
  const d = costs.dense;
  const e = costs.moe;
  const o = costs.logits;
  const dual = layout.schedule === 'dualpipe';
  // DualPipe's end rank runs half the micro-batches through the last stage (with the head) and half
  // through the first (deepseek-ai/DualPipe: the first rank takes half the inputs, the last the other half).
  const oh = dual ? 0.5 : 1;
  let comp = nDense * d.compute + nMoe * e.compute + oh * o.compute;
  // Gradient accumulation outside the GEMM: once per micro-batch over the stage's (ZeRO-2/3: sharded) gradients.
  const sharded = zero >= 2;
  const accumParams = params.dense / (sharded ? denseShards(layout) : 1) + params.experts / (sharded ? expertShards(layout) : 1);
  const accum = (ctx.gradAccumulationBytesPerParam * accumParams) / mc.memoryBandwidth;
  const mem = nDense * d.memoryBound + nMoe * e.memoryBound + oh * o.memoryBound + accum;
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
    // Bubble (p−1)/(v·m) of the ideal m·busy (Narayanan §2.2.2).
    bubble = ((layout.pp - 1) / v) * busy;
  }
  // Data parallel over dp·cp ranks (stride tp); experts over tp·cp·dp/(ep·etp) ranks (stride etp·ep). ZeRO §7: a
  // reduce-scatter of the gradients and an all-gather of the 16-bit weights (2Ψ in all), 3Ψ for ZeRO-3,
  // with the gradients in their reduction precision (ctx.stateBytes.gradients).
  // Expert-data-parallel group: tp·cp·dp/(ep·etp) ranks spaced etp·ep apart (MoE parallel folding; layout.ts).
  const n = layout.dp * layout.cp;
  const nE = params.experts > 0 ? expertDataParallel(layout) : 1;
  const g = ctx.stateBytes.gradients;
  const w = ctx.stateBytes.computeWeights; // the weights as gathered: 16-bit, fp32 for fp32 training
  const wl = ctx.stateBytes.layerComputeWeights; // the layers' weights as gathered: w, or 1 byte with FP8 parameters
  const denseBytes = w * params.dense + (wl === w ? 0 : (wl - w) * (params.dense - params.outside));
  const expertBytes = wl * params.experts;
  // DualPipe: each stage has two copies (ranks i and pp−1−i) whose gradients are summed as well, a
  // data-parallel group twice as large that spans the pipeline ranks.
  const nD = dual ? 2 * n : n;
  const nDE = dual ? 2 * nE : nE;
  // ZeRO shard groups (HSDP / MiCS): collectives inside groups of gD (experts: gE) ranks, each shard's
  // gradient all-reduced across the nD/gD groups (shardedReduceScatterSeconds). One group under DualPipe.
  const sD = denseShards(layout);
  const sE = params.experts > 0 ? expertShards(layout) : 1;
  const gD = dual ? nD : sD;
  const gE = dual || params.experts === 0 ? nDE : sE;
  const strideE = layout.etp * layout.ep;
  const linkD = dual ? linkFor(mc.network, layout.tp, n * layout.pp) : linkFor(mc.network, layout.tp, gD);
  const linkE = dual ? linkFor(mc.network, strideE, nE * layout.pp) : linkFor(mc.network, strideE, gE);
  const acrossD = gD < nD ? linkFor(mc.network, layout.tp * gD, nD / gD) : linkD;
  const acrossE = gE < nDE ? linkFor(mc.network, strideE * gE, nDE / gE) : linkE;
  // Overlapped traffic is not free: the collectives' kernels hold SMs the GEMMs would use, so compute
  // under them runs slower by that share (DeepSeek-V3 §3.2.2: 20 of 132 SMs to saturate IB and NVLink).
  const steal = mc.calibration.overlapSmFraction;
  // Megatron-Core's gradient bucket: max(40,000,000, 1,000,000·dp) parameters (DistributedDataParallelConfig.bucket_size).
  const bucket = Math.min(Math.max(4e7, 1e6 * n), params.dense + params.experts);
  let dpExposed: number;
  if (zero === 3) {
    // Each micro-batch gathers the weights for forward and backward and reduce-scatters the gradients,
    // overlapped with that micro-batch's compute (FSDP / ZeRO-3 prefetch) unless the stack serialises it.
    // Overlapped, the first layer's gather and the last layer's reduce-scatter still have nothing to hide
    // under (FSDP prefetches one layer ahead): at least that much is exposed per micro-batch.
    const perMb = 2 * (allGatherSeconds(denseBytes, gD, linkD) + allGatherSeconds(expertBytes, gE, linkE))
      + shardedReduceScatterSeconds(g * params.dense, nD, gD, linkD, acrossD) + shardedReduceScatterSeconds(g * params.experts, nDE, gE, linkE, acrossE);
    if (ctx.overlapGradReduce) {
      const edge = allGatherSeconds(wl * params.layerMax, gD, linkD) + reduceScatterSeconds(g * params.layerMax, gD, linkD);
      dpExposed = m * chargedSeconds(perMb, exposedUnder(perMb, busy, edge), steal);
    } else {
      dpExposed = m * perMb;
    }
  } else if (zero === 2) {
    // Sharded gradients cannot be accumulated locally across micro-batches: each micro-batch's backward
    // reduce-scatters its gradients into the shard (DeepSpeed ZeRO-2, deepspeed/runtime/zero/stage_1_and_2.py
    // reduces the gradient buckets during every backward pass; PyTorch FSDP SHARD_GRAD_OP reduce-scatters
    // each backward unless no_sync() keeps unsharded gradients, giving up the saving), so memory's sharded
    // gradient (memory.ts) costs m reduce-scatters a step. The weights stay whole: one all-gather a step.
    const rs = shardedReduceScatterSeconds(g * params.dense, nD, gD, linkD, acrossD) + shardedReduceScatterSeconds(g * params.experts, nDE, gE, linkE, acrossE);
    const ag = allGatherSeconds(denseBytes, gD, linkD) + allGatherSeconds(expertBytes, gE, linkE);
    if (ctx.overlapGradReduce) {
      // Each micro-batch's reduce-scatter runs under its backward, the last bucket after it; the gather
      // under the next forward, its first bucket before it (Megatron-Core's bucket, above).
      const rsExposed = exposedUnder(rs, busy, reduceScatterSeconds(g * bucket, gD, linkD));
      const agExposed = exposedUnder(ag, busy, allGatherSeconds(w * bucket, gD, linkD));
      dpExposed = m * chargedSeconds(rs, rsExposed, steal) + chargedSeconds(ag, agExposed, steal);
    } else {
      dpExposed = m * rs + ag;
    }
  } else {
    // Reduce-scatter of the gradients + all-gather of the weights once per step (ZeRO 0: an all-reduce of
    // the gradients, the same traffic in the gradients' precision). Overlapped, the reduce runs under the
    // last micro-batch's backward and the gather under the next forward (Megatron
    // --overlap-grad-reduce/--overlap-param-gather); otherwise all of it follows the pipeline flush.
    const t = zero === 0
      ? allReduceSeconds(g * params.dense, nD, linkD) + allReduceSeconds(g * params.experts, nDE, linkE)
      : shardedReduceScatterSeconds(g * params.dense, nD, gD, linkD, acrossD) + shardedReduceScatterSeconds(g * params.experts, nDE, gE, linkE, acrossE)
        + allGatherSeconds(denseBytes, gD, linkD) + allGatherSeconds(expertBytes, gE, linkE);
    if (ctx.overlapGradReduce) {
      // The last bucket's reduction starts when the backward pass ends, and (ZeRO ≥ 1) the first bucket's
      // gather comes before the next forward: one bucket each way is exposed.
      const edge = (zero === 0 ? allReduceSeconds(g * bucket, nD, linkD) : reduceScatterSeconds(g * bucket, gD, linkD) + allGatherSeconds(w * bucket, gD, linkD));
      dpExposed = chargedSeconds(t, exposedUnder(t, busy, edge), steal);
    } else {
      dpExposed = t;
    }
  }
  const shards = zero >= 1;
  const localParams = params.dense / (shards ? sD : 1) + params.experts / (shards ? sE : 1);
  // Three launches (gradient-norm reduction, multi-tensor Adam, zeroing the buffer; Megatron's optimizer step) at the fixed kernel cost.
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

/**
 * Seconds of a collective left exposed when it runs under `under` seconds of computation: what the
 * computation cannot cover, and never less than `edge`, the part with nothing to hide under (the first
 * or last bucket or layer).
 */
function exposedUnder(comm: number, under: number, edge: number): number {
  return Math.max(comm - under, Math.min(edge, comm));
}

/** The time a collective costs the step: its exposed part, plus the SM share (`steal`) of the part hidden under computation. */
function chargedSeconds(comm: number, exposed: number, steal: number): number {
  return exposed + steal * (comm - exposed);
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
    // Full recomputation of a share of the layers (recomputeLayers) adds that share of the recomputed forward.
    hfu: ((layout.recompute === 'full'
      ? ctx.hardwareFlopsPerToken.none + recomputedShare(ctx.arch.layers, layout) * (ctx.hardwareFlopsPerToken.full - ctx.hardwareFlopsPerToken.none)
      : ctx.hardwareFlopsPerToken[layout.recompute]) * tokens) / peakAll,
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
