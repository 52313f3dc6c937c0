/**
 * The planner's memory per GPU: the same total as memory.ts estimateMemory (the worse of the first and the last
 * stage) as one number, allocation-free, split into the part that does not depend on the ZeRO stage
 * ({@link memoryBase}, once per layout) and the model states ({@link modelStateTerms}, once per set of degrees,
 * ZeRO stage and shard group), so the planner's inner loops add two numbers (planScan.ts).
 */
import { hpzSecondaryHbmBytes, NO_ZERO_PLUS_PLUS, qwzGatherBufferBytes, type ZeroPlusPlus } from './zeroPlusPlus.js';
import type { LayerActivations } from './activations.js';
import type { Architecture } from '../model/architecture.js';
import { denseShards, expertShards, heldStateBytes, stateZeroStage, type Layout, type ZeroStage } from './layout.js';
import { buffers, emptyBuffers, gatherBufferBytes, WORKSPACE_BYTES, zeroShards } from './memory.js';
import type { StateBytes } from './modelState.js';
import { placesInV } from './schedules.js';
import type { StageParams } from './stageParams.js';

const scratch = emptyBuffers();

/** Per GPU, what FP8 layer weights save on a stage's dense parameters under ZeRO stage `z` (0 without FP8 parameters): the layers' part, p.dense − p.outside. */
const layerWeightSaving = (p: StageParams, sb: StateBytes, z: ZeroStage, n: number): number =>
  sb.layerWeights === sb.weights ? 0 : ((sb.weights - sb.layerWeights) * (p.dense - p.outside)) / zeroShards(z, 'weights', n);

/** Model-state bytes per parameter per GPU under ZeRO stage `z` over `n` ranks: the sum of memory.ts modelStateBytes' parts for Ψ = 1. */
function stateBytesPerParam(b: StateBytes, z: ZeroStage, n: number, weights = b.weights): number {
  return weights / zeroShards(z, 'weights', n) + b.gradients / zeroShards(z, 'gradients', n) + b.optimizer / zeroShards(z, 'optimizer', n);
}

/**
 * The ZeRO-independent part of {@link memoryTotalBytes} per stage: activations held, the embedding
 * and logits buffers, the fixed workspace. The planner computes it once per layout and adds the model
 * states per ZeRO stage with {@link memoryWithZero}. A class: the planner's and memoryTotalBytes' share one
 * hidden class (a literal here had its own, and refining block recomputation threw away the planner's compiled memoryWithStates).
 */
export class MemoryBase {
  /** The rank holding the first stage (and, with pp = 1, DualPipe or zb-v's V, the last one too). */
  first = 0;
  /** The last stage's rank (pp > 1, not DualPipe); under zb-v a middle rank. */
  last = 0;
}

export function memoryBase(arch: Architecture, layout: Layout, seqLen: number, microBatches: number, act: LayerActivations, out: MemoryBase, epOverlap: boolean): MemoryBase {
  const { perStage, mtpLayers, layerBytes, working, inflight, embExtra, logitsExtra } = buffers(arch, layout, seqLen, microBatches, act, scratch, epOverlap);
  const held = layerBytes * inflight * perStage + working + WORKSPACE_BYTES;
  if (layout.schedule === 'dualpipe' || layout.pp === 1) {
    out.first = held + layerBytes * mtpLayers + embExtra + logitsExtra;
    out.last = out.first;
  } else if (placesInV(layout.schedule)) {
    // As estimateMemory: rank 0 holds both ends of the V; a middle rank its layers, with as many micro-batches in flight.
    out.first = held + layerBytes * inflight * mtpLayers + embExtra + logitsExtra;
    out.last = held;
  } else {
    out.first = held + embExtra;
    out.last = layerBytes * (perStage + mtpLayers) + working + logitsExtra + WORKSPACE_BYTES; // one micro-batch in flight
  }
  return out;
}

/**
 * The model-state part of {@link memoryWithZero} per rank, with the ZeRO-3 gather buffer: the rank holding
 * the first stage (with pp = 1 or DualPipe, the only one counted) and the last stage's (zb-v: rank 0 and a
 * middle rank, as `first` and `last` are given). A function of
 * the degrees, the ZeRO stage, the shard group and the schedule's placement (DualPipe, zb-v's V, other), not of the micro-batch
 * or recomputation: the planner computes it once per such set (planScan.ts). A class: one hidden class (planScratch.ts).
 */
export class StateTerms {
  first = 0;
  firstGather = 0;
  last = 0;
  lastGather = 0;
}

/** Fills `out` (allocation-free). */
export function modelStateTerms(layout: Layout, first: StageParams, last: StageParams, sb0: StateBytes, perStepUnderPp: boolean, moe: boolean, out: StateTerms, zpp: ZeroPlusPlus = NO_ZERO_PLUS_PLUS): StateTerms {
  const hpz = zpp.hpzPartitionSize;
  const sb = heldStateBytes(sb0, layout, perStepUnderPp, moe);
  const n = denseShards(layout);
  const nE = expertShards(layout);
  const z = stateZeroStage(layout, perStepUnderPp, moe);
  const pd = stateBytesPerParam(sb, z, n);
  const pe = stateBytesPerParam(sb, z, nE, sb.layerWeights); // experts are layer weights throughout
  if (layout.schedule === 'dualpipe') {
    // As estimateMemory: the end rank holds the first and the last stage (dualPipeParams).
    const lm = first.layerMax > last.layerMax ? first.layerMax : last.layerMax;
    out.first = (first.dense + last.dense) * pd - layerWeightSaving(first, sb, z, n) - layerWeightSaving(last, sb, z, n) + (first.experts + last.experts) * pe
      + hpzSecondaryHbmBytes(z, hpz, sb, first.dense + last.dense);
    out.firstGather = gatherBufferBytes(z, sb, lm) + qwzGatherBufferBytes(z, zpp, lm);
  } else if (layout.pp === 1) {
    out.first = last.dense * pd - layerWeightSaving(last, sb, z, n) + last.experts * pe + hpzSecondaryHbmBytes(z, hpz, sb, last.dense);
    out.firstGather = gatherBufferBytes(z, sb, last.layerMax) + qwzGatherBufferBytes(z, zpp, last.layerMax);
  } else {
    out.first = first.dense * pd - layerWeightSaving(first, sb, z, n) + first.experts * pe + hpzSecondaryHbmBytes(z, hpz, sb, first.dense);
    out.firstGather = gatherBufferBytes(z, sb, first.layerMax) + qwzGatherBufferBytes(z, zpp, first.layerMax);
    out.last = last.dense * pd - layerWeightSaving(last, sb, z, n) + last.experts * pe + hpzSecondaryHbmBytes(z, hpz, sb, last.dense);
    out.lastGather = gatherBufferBytes(z, sb, last.layerMax) + qwzGatherBufferBytes(z, zpp, last.layerMax);
  }
  return out;
}

/** {@link memoryBase} plus the model states ({@link modelStateTerms}): the worse of first and last stage. */
export function memoryWithStates(base: MemoryBase, layout: Layout, s: StateTerms): number {
  if (layout.schedule === 'dualpipe' || layout.pp === 1) return s.first + base.first + s.firstGather;
  const a = s.first + base.first + s.firstGather;
  const c = s.last + base.last + s.lastGather;
  return a > c ? a : c;
}

const TERMS = new StateTerms();

/** {@link memoryBase} plus the model states under the layout's ZeRO stage: the worse of first and last stage. Allocation-free. */
function memoryWithZero(base: MemoryBase, layout: Layout, first: StageParams, last: StageParams, sb: StateBytes, perStepUnderPp: boolean, moe: boolean, zpp: ZeroPlusPlus): number {
  return memoryWithStates(base, layout, modelStateTerms(layout, first, last, sb, perStepUnderPp, moe, TERMS, zpp));
}

/** The same total as memory.ts estimateMemory (worst of first and last stage) as one number. */
export function memoryTotalBytes(arch: Architecture, layout: Layout, seqLen: number, microBatches: number, act: LayerActivations, first: StageParams, last: StageParams, sb: StateBytes, perStepUnderPp = false, epOverlap = false, zpp: ZeroPlusPlus = NO_ZERO_PLUS_PLUS): number {
  return memoryWithZero(memoryBase(arch, layout, seqLen, microBatches, act, new MemoryBase(), epOverlap), layout, first, last, sb, perStepUnderPp, arch.moe !== null, zpp);
}
