/**
 * Memory per GPU with a pipeline layout (pipelineLayout.ts): every rank holds its own layers, E, L and
 * MTP layers, so each rank is sized and the largest taken. The parts are memory.ts's: model states of the
 * rank's parameters (stageParams.ts rankParams), stored activations, the embedding and logits buffers
 * where E, L and the m are, the workspace.
 *
 * Activations in flight fall linearly from rank 0 to rank p − 1: Megatron-Core's warm-up micro-batches
 * are (p − rank − 1) for 1F1B and (p − rank − 1)·2 + (v − 1)·group for the interleaved schedule
 * (NVIDIA/Megatron-LM megatron/core/pipeline_parallel/schedules.py get_pp_rank_microbatches, commit
 * 00611e6), linear in the rank. So rank r holds the first rank's in-flight factor (memory.ts
 * inFlightFactor) moved linearly to the last rank's one micro-batch, times its own layers. The two ends are
 * the even split's (memory.ts): Megatron's interleaved last rank keeps ((v − 1)·p + 1)/v stages' worth, not
 * one, and 1F1B with m < p keeps min(p − r, m); both are undercounted here as there (a model change to make).
 * zb-v's V is balanced: every rank holds the first rank's count (rankMemory); memory.ts sizes zb-v's even split so too.
 */
import { hpzSecondaryHbmBytes, NO_ZERO_PLUS_PLUS, qwzGatherBufferBytes, type ZeroPlusPlus } from './zeroPlusPlus.js';
import type { LayerActivations } from './activations.js';
import type { Architecture } from '../model/architecture.js';
import { denseShards, expertShards, heldStateBytes, stateZeroStage, type Layout } from './layout.js';
import { activationsOf, breakdownTotal, buffers, emptyBuffers, fitted, gatherBufferBytes, modelStateBytes, stageOfRank, WORKSPACE_BYTES, type MemoryBreakdown, type MemoryEstimate, type MemoryInputs } from './memory.js';
import type { StateBytes } from './modelState.js';
import { placementOf } from './pipelineLayout.js';
import { placesInV } from './schedules.js';
import { modelParamShares, rankParams, type ModelParamShares } from './stageParams.js';

const scratch = emptyBuffers();
/** The model's parameter shares, counted once per model (the planner sizes many layouts of one). */
const sharesMemo = new WeakMap<Architecture, ModelParamShares>();
function sharesOf(arch: Architecture): ModelParamShares {
  let s = sharesMemo.get(arch);
  if (!s) sharesMemo.set(arch, (s = modelParamShares(arch)));
  return s;
}

/** Each rank's memory breakdown, rank 0 first. */
export function rankMemory(arch: Architecture, layout: Layout, seqLen: number, microBatches: number, act: LayerActivations,
  sb0: StateBytes, perStepUnderPp: boolean, epOverlap: boolean, zpp: ZeroPlusPlus = NO_ZERO_PLUS_PLUS): MemoryBreakdown[] {
  const sb = heldStateBytes(sb0, layout, perStepUnderPp, arch.moe !== null);
  const b = buffers(arch, layout, seqLen, microBatches, act, scratch, epOverlap);
  const inV = placesInV(layout.schedule);
  const ranks = placementOf(arch, layout.pipelineLayout!, layout.pp, inV).ranks;
  const params = rankParams(arch, layout, sharesOf(arch));
  const z = stateZeroStage(layout, perStepUnderPp, arch.moe !== null);
  const p = layout.pp;
  // Head passes: the loss head and one per MTP module (memory.ts logitsExtra counts 1 + D of them).
  const perHead = b.logitsExtra / (1 + arch.mtpDepth);
  return ranks.map((r, i) => {
    const s = params[i]!;
    const d = modelStateBytes(s.dense, denseShards(layout), z, sb, s.outside);
    const e = modelStateBytes(s.experts, expertShards(layout), z, sb);
    // zb-v's V holds the first rank's count on every rank: rank k's two chunks are the k-th from each end of
    // the pipeline, many micro-batches in flight on one and few on the other ("ZB-V ensures balanced peak
    // memory usage across all workers", Qi et al. 2024, arXiv:2401.10241, ZB-V; 1F1B's pM_B on each).
    const inflight = p > 1 && !inV ? b.inflight + ((1 - b.inflight) * i) / (p - 1) : b.inflight;
    return {
      weights: d.weights + e.weights + hpzSecondaryHbmBytes(z, zpp.hpzPartitionSize, sb, s.dense), gradients: d.gradients + e.gradients, optimizer: d.optimizer + e.optimizer,
      activations: b.layerBytes * inflight * (r.dense + r.moe + r.mtp) + b.working,
      embeddingAndLogits: (r.embedding ? b.embExtra : 0) + perHead * ((r.loss ? 1 : 0) + r.mtp),
      workspace: WORKSPACE_BYTES + gatherBufferBytes(z, sb, s.layerMax) + qwzGatherBufferBytes(z, zpp, s.layerMax),
    };
  });
}

/** The largest rank's total: what memoryTotal.ts memoryTotalBytes gives without a layout. */
export function layoutMemoryTotalBytes(arch: Architecture, layout: Layout, seqLen: number, microBatches: number, act: LayerActivations,
  sb: StateBytes, perStepUnderPp: boolean, epOverlap: boolean, zpp: ZeroPlusPlus = NO_ZERO_PLUS_PLUS): number {
  let most = 0;
  for (const m of rankMemory(arch, layout, seqLen, microBatches, act, sb, perStepUnderPp, epOverlap, zpp)) most = Math.max(most, breakdownTotal(m));
  return most;
}

/** memory.ts estimateMemory for a layout with a pipeline layout: the rank that needs the most (the first of equals). */
export function estimateLayoutMemory(inp: MemoryInputs): MemoryEstimate {
  const { arch, layout } = inp;
  const { act, m } = activationsOf(inp);
  const ranks = rankMemory(arch, layout, inp.seqLen, m, act, inp.stateBytes, inp.shardingPerStepUnderPp === true, inp.epCommOverlap === true, inp.zeroPlusPlus ?? NO_ZERO_PLUS_PLUS);
  let rank = 0;
  for (let i = 1; i < ranks.length; i++) if (breakdownTotal(ranks[i]!) > breakdownTotal(ranks[rank]!)) rank = i;
  return fitted(stageOfRank(rank, layout.pp, placesInV(layout.schedule)), rank, ranks[rank]!, inp.capacityBytes);
}
