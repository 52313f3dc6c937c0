/**
 * Memory per GPU for one layout: model states (weights, gradients, Adam states) after ZeRO, the
 * stored activations of the micro-batches in flight, and a workspace allowance. All in bytes.
 * The planner's allocation-free total of the same, as one number: memoryTotal.ts.
 */
import { hpzSecondaryHbmBytes, NO_ZERO_PLUS_PLUS, qwzGatherBufferBytes, type ZeroPlusPlus } from './zeroPlusPlus.js';
import type { Architecture } from '../model/architecture.js';
import { denseShards, epOverlapApplies, expertShards, heldStateBytes, recomputedShare, stateZeroStage, type Layout, type ZeroStage } from './layout.js';
import { activationBytesPerLayer, type ActivationShape, type LayerActivations } from './activations.js';
import type { StateBytes } from './modelState.js';
import { dualPipeParams, stageParams } from './stageParams.js';
import { heldMicroBatches, placesInV } from './schedules.js';

export { stateBytesFor, type StateBytes } from './modelState.js';
export { dualPipeParams, modelParamShares, stageParams, type ModelParamShares, type StageParams } from './stageParams.js';

/**
 * Workspace allowance: 2 GiB per GPU for the CUDA context and kernels (ml-engineering, "the CUDA
 * kernels … take 0.5–2 GB of GPU memory" on load), cuBLAS workspaces and NCCL buffers; plus under
 * ZeRO-3 a prefetch buffer of two layers' unsharded weights in their 16-bit (or fp32) form (DeepSpeed/FSDP gather one
 * layer ahead).
 */
export const WORKSPACE_BYTES = 2 * 2 ** 30;

/**
 * ZeRO-3's prefetch buffer (see WORKSPACE_BYTES): two layers' gathered weights under the ZeRO stage the states follow
 * (`z`, layout.ts stateZeroStage); none under other stages, so none where ZeRO shards nothing (layout.ts shardsNothing:
 * each rank holds every weight whole, as PyTorch FSDP's NO_SHARD, so nothing is gathered). A MoE layer with one of its two
 * parameter groups on a one-rank shard mesh (the routed experts at ep = dp·cp, which torchtitan fully_shards on their
 * edp mesh whatever its size: pytorch/torchtitan @ 05a6cb38 torchtitan/models/llama4/infra/parallelize.py apply_fsdp)
 * still counts the whole layer: FSDP2 skips that group's all-gather yet allocates its unsharded copy at each unshard all
 * the same (pytorch/pytorch @ 002a76fb torch/distributed/fsdp/_fully_shard/_fsdp_param_group.py wait_for_unshard:
 * `torch.empty_like(sharded_data)`, `copy_`, freed at reshard), and DeepSpeed ZeRO-3 never meets the case (engine.py
 * @ 007cca6a _configure_zero_optimizer: "MoE not supported with Stage 3"). Read for the candidate registered with holdout44
 * (validation/PREREGISTRATIONS.md), which this reading dropped.
 */
export const gatherBufferBytes = (z: ZeroStage, sb: StateBytes, layerMax: number): number => (z === 3 ? 2 * sb.layerComputeWeights * layerMax : 0);

/** The ZeRO stage from which each model-state part is sharded (ZeRO Figure 1: stage 1 the optimizer states, 2 the gradients too, 3 the weights too). */
const SHARDED_FROM = { optimizer: 1, gradients: 2, weights: 3 } as const;
/** Ranks one model-state part is sharded over under ZeRO stage `z` with `n` ranks to shard over: `n` from the part's stage on, else 1. */
export const zeroShards = (z: ZeroStage, part: keyof typeof SHARDED_FROM, n: number): number => (z >= SHARDED_FROM[part] ? n : 1);

/** Per-GPU model-state bytes of Ψ parameters sharded by ZeRO over `shards` data-parallel ranks (ZeRO Figure 1). */
export function modelStateBytes(params: number, shards: number, stage: ZeroStage, b: Pick<StateBytes, 'weights' | 'gradients' | 'optimizer'> & Partial<Pick<StateBytes, 'layerWeights'>>, outside = 0): Pick<StateBytes, 'weights' | 'gradients' | 'optimizer'> {
  const n = Math.max(1, shards);
  // `outside` of the `params` lie outside the transformer layers (embedding, head): stored at `weights` even with FP8 layer weights.
  const lw = b.layerWeights ?? b.weights; // without FP8 layer weights (a library caller may leave it out)
  const layer = lw === b.weights ? 0 : (lw - b.weights) * (params - outside);
  return {
    weights: (b.weights * params + layer) / zeroShards(stage, 'weights', n),
    gradients: (b.gradients * params) / zeroShards(stage, 'gradients', n),
    optimizer: (b.optimizer * params) / zeroShards(stage, 'optimizer', n),
  };
}

/** Bytes on one GPU, by part (rankMemory: each rank's; MemoryEstimate: the stage that needs the most); unit-less keys, as plan --json prints them (best[].memory.breakdown). */
export interface MemoryBreakdown {
  weights: number;
  gradients: number;
  optimizer: number;
  activations: number;
  /** Embedding-input and logits buffers outside the transformer layers (Korthikanti §4.3). */
  embeddingAndLogits: number;
  workspace: number;
}

export interface MemoryEstimate {
  /**
   * The stage that needs the most memory ({@link stageOfRank}): 'middle' a rank between the ends (with a pipeline layout,
   * or in zb-v's V), 'ends' the rank holding both the first and the last stage (rank 0 of zb-v's V, DualPipe's end rank).
   */
  stage: 'first' | 'last' | 'middle' | 'ends';
  /** With a pipeline layout: that stage's pipeline rank (layoutMemory.ts). */
  rank?: number;
  breakdown: MemoryBreakdown;
  /** Bytes: the breakdown's sum, and the GPU's memory (MemoryInputs.capacityBytes); plan --json prints both as they are named. */
  total: number;
  capacity: number;
  fits: boolean;
  /** When it does not fit: bytes over the capacity and the largest component. */
  overflow: { bytes: number; largest: keyof MemoryBreakdown } | null;
}

/** The activations' inputs are activations.ts ActivationShape's, the micro-batch the layout's. */
export interface MemoryInputs extends Omit<ActivationShape, 'microBatch'> {
  arch: Architecture;
  layout: Layout;
  globalBatchSequences: number;
  capacityBytes: number;
  /** Model-state bytes per parameter ({@link stateBytesFor} the run's precision). */
  stateBytes: StateBytes;
  /** The stack keeps ZeRO-2/3 parameters gathered across a pipeline's micro-batches (layout.ts stateZeroStage). */
  shardingPerStepUnderPp?: boolean | undefined;
  /** Expert-parallel all-to-all overlap asked for: one more micro-batch chunk in flight (inFlightFactor). */
  epCommOverlap?: boolean | undefined;
  /** ZeRO++ (zeroPlusPlus.ts): hpZ's secondary copy and qwZ's int8 gather buffers; absent: off. */
  zeroPlusPlus?: ZeroPlusPlus | undefined;
}

/**
 * Activations kept per GPU: Korthikanti §4.2.3 (1F1B: first stage holds p micro-batches of L/p layers;
 * interleaved × (1 + (p−1)/(p·v))); DualPipe: p + 1 chunks of a stage's activations (DeepSeek-V3 Table 2).
 * Zero-bubble schedules (Qi et al. 2024, arXiv:2401.10241 §2): zb-1p and zb-v within 1F1B's p micro-batches
 * of a stage (ZB-H1 §2.1; ZB-V in its two half-stage chunks), zb-2p up to 2p − 1 (ZB-H2 §2.2, "(2p − 1)M_B");
 * v-min (p + 4)//3 and v-half (p + 2)//2 (arXiv:2405.15362, the authors' table). The counts: schedules.ts heldMicroBatches.
 * With the expert-parallel all-to-all overlap (layout.ts epOverlapApplies) a forward runs beside the
 * previous micro-batch's backward: Megatron-Core adds one warm-up micro-batch (schedules.py: `if
 * args.overlap_moe_expert_parallel_comm: num_warmup_microbatches += 1`, one model chunk, 1/v of the
 * stage, when interleaved) and, without a pipeline, holds two micro-batches instead of one.
 */
export function inFlightFactor(layout: Layout, microBatches: number, epOverlap = false): number {
  const p = layout.pp;
  const v = layout.virtualStages;
  const held = Math.min(heldMicroBatches(layout.schedule, p), microBatches);
  const base = layout.schedule === 'interleaved' ? held * (1 + (p - 1) / (p * v)) : held;
  if (!epOverlapApplies(layout, epOverlap) || microBatches < 2) return base;
  return base + (p > 1 ? 1 / v : 1);
}

/**
 * The stage pipeline rank `rank` of `pp` is named by. `bothEnds`: the placement puts the first and the last stage on
 * rank 0 (zb-v's V, schedules.ts placesInV: rank k holds chunks k and 2pp − 1 − k; DualPipe: stages i and pp − 1 − i,
 * stageParams.ts dualPipeParams), whose other ranks all hold middle chunks (rank pp − 1 the V's turn). Megatron-Core's
 * placement puts the first stage on rank 0 and the last on rank pp − 1. Rank 0 of one stage (pp = 1) is the first.
 */
export const stageOfRank = (rank: number, pp: number, bothEnds: boolean): MemoryEstimate['stage'] =>
  rank === 0 ? (bothEnds && pp > 1 ? 'ends' : 'first') : rank === pp - 1 && !bothEnds ? 'last' : 'middle';

/** How a memory line names the estimate's stage ("memory (first stage)", "on the last stage"), with its pipeline rank where known. */
export function stageText(m: Pick<MemoryEstimate, 'stage' | 'rank'>): string {
  const what = m.stage === 'ends' ? 'rank holding the first and last stages' : `${m.stage} stage`;
  return m.rank !== undefined ? `${what}, pipeline rank ${m.rank}` : what;
}

/** The biggest part of a breakdown (the first of equals). */
export function largestPart(b: MemoryBreakdown): keyof MemoryBreakdown {
  return (Object.keys(b) as (keyof MemoryBreakdown)[]).reduce((a, k) => (b[k] > b[a] ? k : a));
}

/** What a stage holds besides its model states; the same for every ZeRO stage. */
export interface Buffers {
  perStage: number;
  /** Extra layers on the last stage: the multi-token-prediction blocks. */
  mtpLayers: number;
  /** Bytes kept per layer per in-flight micro-batch (the layer input under full recomputation). */
  layerBytes: number;
  /** Full recomputation rebuilds one layer's activations at a time during the backward pass. */
  working: number;
  inflight: number;
  embExtra: number;
  logitsExtra: number;
}

/** Fills `out` (allocation-free: the planner calls it per candidate layout). */
export function buffers(arch: Architecture, layout: Layout, seqLen: number, microBatches: number, act: LayerActivations, out: Buffers, epOverlap: boolean): Buffers {
  const full = layout.recompute === 'full';
  const sp = layout.sequenceParallel ? layout.tp : 1;
  const s = seqLen / layout.cp;
  const b = layout.microBatch;
  // The width as a fraction-typed number, the same value: s·b·h passes 2^31 at long sequences, and V8's code
  // for these products, compiled for small integers early in a planner search, was thrown away the first time
  // one did, with the planner's loop it is inlined into (planScan.ts scan), which was then compiled again.
  const h = arch.dModel + 0.5 - 0.5;
  out.perStage = Math.ceil(arch.layers / layout.pp);
  out.mtpLayers = arch.mtpDepth;
  // Full recomputation of a share φ of the layers (recomputeLayers): those keep their input, the others everything.
  const phi = recomputedShare(arch, layout);
  out.layerBytes = full ? phi * act.checkpoint + (1 - phi) * act.full : act.stored;
  // What one layer holds while it runs: the recomputed layer's activations, and all_gather's gathered K/V (activations.ts transient).
  out.working = (full ? act.full : 0) + (act.transient ?? 0);
  out.inflight = inFlightFactor(layout, microBatches, epOverlap);
  // Korthikanti §4.3 / Megatron theoretical_memory_usage: input ids 8sb and embedding dropout mask sbh per in-flight micro-batch (first stage);
  // logits 4sbh(1 + V/h)/t on the last stage (fp32 logits and the input to the output layer).
  out.embExtra = out.inflight * (8 * s * b + (s * b * h) / sp);
  out.logitsExtra = ((1 + arch.mtpDepth) * 4 * s * b * h * (1 + arch.vocab / h)) / layout.tp; // one per head pass (MTP modules included)
  return out;
}

export const emptyBuffers = (): Buffers => ({ perStage: 0, mtpLayers: 0, layerBytes: 0, working: 0, inflight: 0, embExtra: 0, logitsExtra: 0 });

/** A breakdown's total bytes. */
export const breakdownTotal = (x: MemoryBreakdown): number => x.weights + x.gradients + x.optimizer + x.activations + x.embeddingAndLogits + x.workspace;

/** The activation bytes per layer and the micro-batches per pipeline (m = B/(b·d)) a memory estimate's inputs describe. */
export function activationsOf(inp: MemoryInputs): { act: LayerActivations; m: number } {
  const { arch, layout } = inp;
  const shape: ActivationShape = { seqLen: inp.seqLen, microBatch: layout.microBatch, flashAttention: inp.flashAttention, linearInputBytes: inp.linearInputBytes, moeLoadFactor: inp.moeLoadFactor, recomputeModules: inp.recomputeModules, cpComm: inp.cpComm };
  const m = inp.globalBatchSequences / (layout.microBatch * layout.dp);
  return { act: activationBytesPerLayer(arch, layout, shape), m };
}

/** The estimate of a breakdown on a GPU of `capacity` bytes: whether it fits, and if not by how much and what is largest. */
export function fitted(stage: MemoryEstimate['stage'], rank: number | undefined, breakdown: MemoryBreakdown, capacity: number): MemoryEstimate {
  const total = breakdownTotal(breakdown);
  const fits = total <= capacity;
  const overflow: MemoryEstimate['overflow'] = fits ? null : { bytes: total - capacity, largest: largestPart(breakdown) };
  return { stage, ...(rank !== undefined ? { rank } : {}), breakdown, total, capacity, fits, overflow };
}

export function estimateMemory(inp: MemoryInputs): MemoryEstimate {
  const { arch, layout } = inp;
  const { act, m } = activationsOf(inp);
  const { perStage, mtpLayers, layerBytes, working, inflight, embExtra, logitsExtra } = buffers(arch, layout, inp.seqLen, m, act, emptyBuffers(), inp.epCommOverlap === true);
  const params = stageParams(arch, layout);
  const sb = heldStateBytes(inp.stateBytes, layout, inp.shardingPerStepUnderPp === true, arch.moe !== null);
  const z = stateZeroStage(layout, inp.shardingPerStepUnderPp === true, arch.moe !== null);
  const dpDense = denseShards(layout);
  const dpExperts = expertShards(layout);
  // ZeRO++ hpZ: the secondary copy of the dense 16-bit weights (zeroPlusPlus.ts; the experts keep their primary shard).
  const zpp = inp.zeroPlusPlus ?? NO_ZERO_PLUS_PLUS;
  const hpz = zpp.hpzPartitionSize;
  // zb-v's V (stageParams.ts vParams): rank 0 holds both ends, with the embedding and logits buffers and the MTP
  // modules; `last` is a middle rank. Every rank holds the first rank's micro-batches in flight (layoutMemory.ts).
  const inV = layout.pp > 1 && placesInV(layout.schedule);
  const build = (which: 'first' | 'last'): MemoryBreakdown => {
    const p = params[which];
    const d = modelStateBytes(p.dense, dpDense, z, sb, p.outside);
    const e = modelStateBytes(p.experts, dpExperts, z, sb);
    const activations = inV ? layerBytes * inflight * (perStage + (which === 'first' ? mtpLayers : 0)) + working
      : layerBytes * ((which === 'first' ? inflight * perStage : perStage) + (which === 'last' || layout.pp === 1 ? mtpLayers : 0)) + working; // last stage: one micro-batch in flight
    const extra = layout.pp === 1 ? embExtra + logitsExtra : inV ? (which === 'first' ? embExtra + logitsExtra : 0) : which === 'first' ? embExtra : logitsExtra;
    const workspace = WORKSPACE_BYTES + gatherBufferBytes(z, sb, p.layerMax) + qwzGatherBufferBytes(z, zpp, p.layerMax);
    return { weights: d.weights + e.weights + hpzSecondaryHbmBytes(z, hpz, sb, p.dense), gradients: d.gradients + e.gradients, optimizer: d.optimizer + e.optimizer, activations, embeddingAndLogits: extra, workspace };
  };
  let stage: MemoryEstimate['stage'];
  let breakdown: MemoryBreakdown;
  if (layout.schedule === 'dualpipe') {
    // The end rank: both end stages' model states, p+1 chunks of activations, the embedding and logits buffers.
    const p = dualPipeParams(params.first, params.last);
    const d = modelStateBytes(p.dense, dpDense, z, sb, p.outside);
    const e = modelStateBytes(p.experts, dpExperts, z, sb);
    stage = stageOfRank(0, layout.pp, true);
    breakdown = {
      weights: d.weights + e.weights + hpzSecondaryHbmBytes(z, hpz, sb, p.dense), gradients: d.gradients + e.gradients, optimizer: d.optimizer + e.optimizer,
      activations: layerBytes * (inflight * perStage + mtpLayers) + working, embeddingAndLogits: embExtra + logitsExtra,
      workspace: WORKSPACE_BYTES + gatherBufferBytes(z, sb, p.layerMax) + qwzGatherBufferBytes(z, zpp, p.layerMax),
    };
  } else {
    const first = build('first');
    const last = build('last');
    const firstWins = breakdownTotal(first) >= breakdownTotal(last);
    stage = stageOfRank(firstWins ? 0 : layout.pp - 1, layout.pp, inV); // the V's `last` is a middle rank
    breakdown = firstWins ? first : last;
  }
  return fitted(stage, undefined, breakdown, inp.capacityBytes);
}
