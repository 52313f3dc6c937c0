/**
 * One micro-batch on the slowest pipeline stage (the last: its layers plus the output layer; with a
 * pipeline layout, the busiest rank: rankCost.ts): `busy` = matrix products + memory-bound work +
 * exposed TP/EP/CP traffic (+ the wait on the host's kernel issue), its p2p sends, and the step's
 * pipeline bubble, (p−1)/(v·m) of the ideal time (Narayanan et al. 2021 §2.2). step.ts adds the m
 * micro-batches, the data-parallel traffic and the optimizer step.
 *
 * DualPipe (DeepSeek-AI 2024, arXiv:2412.19437 §3.2.1) and DualPipeV replace the per-micro-batch time and the
 * bubble: see {@link dualPipeBubble}. The zero-bubble schedules replace the bubble: {@link zeroBubbleBubble}.
 */
import { moeLayersPerRank } from '../model/architecture.js';
import { epOverlapApplies, recomputedShare, type Layout } from './layout.js';
import { bubbleWeightGrads, isZeroBubble, overlapsPairs, placesInV, repeatingBubble, repeats, scheduleChunks, type ZeroBubbleSchedule } from './schedules.js';
import { DEFAULT_RECOMPUTE_MODULES } from '../flops/recomputeModules.js';
import type { LayerCosts, PartCost } from './partCost.js';
import { busiestRank, emptyPart } from './rankCost.js';
import { linkFor, sendSeconds } from './network.js';
import { EAGER_SECONDS_PER_KERNEL, HostForward, hostForward, hostWaitSeconds, selectiveAgainKernels } from './hostIssue.js';
import type { StepContext } from './step.js';

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
  // DualPipe's and DualPipeV's overlapped forward-and-backward pairs (schedules.ts overlapsPairs).
  const dual = overlapsPairs(layout.schedule);
  // `heads`: host-issued head passes per micro-batch (hostExposed): the loss head's; the MTP modules' kernels are not counted (hostIssue.ts).
  let nMoe: number, nDense: number, o: PartCost, oh: number, heads: number;
  if (layout.pipelineLayout === undefined) {
    const perStage = Math.ceil(arch.layers / layout.pp);
    // The most MoE layers a rank of perStage layers holds (architecture.ts moeLayersPerRank; the rest of it dense).
    nMoe = moeLayersPerRank(arch, layout.pp, layout.virtualStages, ctx.moeLayers, placesInV(layout.schedule));
    nDense = perStage - nMoe;
    o = costs.logits;
    // DualPipe's end rank runs half the micro-batches through the last stage (with the head) and half
    // through the first (deepseek-ai/DualPipe: the first rank takes half the inputs, the last the other half).
    // DualPipeV's rank 0 holds the V's both ends and runs every micro-batch through the head, as zb-v's.
    oh = layout.schedule === 'dualpipe' ? 0.5 : 1;
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
  // The weight-gradient GEMMs (W) of a micro-batch on this stage: DualPipe's and the zero-bubble schedules' W.
  const w = nDense * d.weightGrad + nMoe * e.weightGrad + oh * o.weightGrad;
  // Its forward on the GPU (compute, memory-bound work and traffic: partCost.ts PartCost.forward): DualPipe's and the
  // V-Shape schedules' F; DualPipe's backward chunk is the rest of the pair; the host's issue is set against it (hostExposed).
  const fwd = nDense * d.forward + nMoe * e.forward + oh * o.forward;
  if (dual) {
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
    // The README's formula is over its PP stages, a rank's k chunks each (schedules.ts scheduleChunks: DualPipe 1,
    // DualPipeV 2), with F, B, W and F&B a chunk's (deepseek-ai/DualPipe README, the comparison "based on the same number
    // of PP stages": DualPipeV's bubble (PP/2 − 1)(F&B + B − 3W) on PP/2 devices), so DualPipeV's (pp − 1)(F&B + B − 3W)/2
    // in this rank's times. ASSUMED: each chunk takes an even share of the rank's times (a V's chunks are halves of its layers).
    const k = scheduleChunks(layout.schedule)!;
    bubble = dualPipeBubble(k * layout.pp, (C + tp + cp + exposed) / k, serialBackward / k, w / k);
    ep = exposedEp;
    p2p = exposed - exposedEp;
  } else {
    host = hostExposed(ctx, layout, fwd, busy, nDense, nMoe, heads);
    busy += host;
    if (isZeroBubble(layout.schedule)) {
      bubble = zeroBubbleBubble(layout.schedule, layout.pp, m, busy, w, fwd);
    } else {
      // Bubble (p−1)/(v·m) of the ideal m·busy (Narayanan §2.2.2).
      bubble = ((layout.pp - 1) / v) * busy;
    }
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
 * The host issues each layer's forward once and twice again in the backward (passes.ts; a MoE layer's permutation
 * once: HostForward.moeBackward), the forward
 * again for the fully recomputed share of the layers and the core attention (OLMo-core's attention: the module) again
 * under selective recomputation (hostIssue.ts selectiveAgainKernels); the GPU's forward is `gpuForward` (the layer costs' `forward`), its backward the rest of `busy`.
 * Not applied under DualPipe, whose paired chunks are modelled as overlapped already (pipelineTimes' DualPipe branch).
 */
function hostExposed(ctx: StepContext, layout: Layout, gpuForward: number, busy: number, nDense: number, nMoe: number, heads: number): number {
  const h = ctx.hostIssue;
  if (!h) return 0;
  const f = hostForward(h, layout, HOST);
  const perForward = nDense * f.dense + nMoe * f.moe + heads * f.head;
  const perBackward = 2 * (nDense * f.dense + heads * f.head) + nMoe * f.moeBackward;
  const again = layout.recompute === 'full' ? recomputedShare(ctx.arch, layout) * perForward
    : layout.recompute === 'selective' ? (nDense + nMoe) * selectiveAgainKernels(h, ctx.recomputeModules ?? DEFAULT_RECOMPUTE_MODULES) * EAGER_SECONDS_PER_KERNEL : 0;
  return hostWaitSeconds(gpuForward, busy, perForward, perBackward + again, h.synced && nMoe > 0);
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

/**
 * The bubble of a zero-bubble schedule, seconds per step: the closed forms of the handcrafted schedules
 * (Qi et al. 2024, arXiv:2401.10241 §2, against (p − 1)(F + B + W) for 1F1B), with F, B and W the stage's
 * forward, input-gradient and weight-gradient times per micro-batch (`busy` = F + B + W, the traffic and
 * host wait included):
 * - zb-1p: ZB-H1, (p − 1)(F + B − W) within 1F1B's memory ("one-third of 1F1B's" when F = B = W; DeepSeek-V3,
 *   arXiv:2412.19437 Table 2, writes ZB1P the same, as (PP − 1)(F + B − 2W) with B the whole backward). The
 *   paper's automatic ZB-1p, searched with the measured times, is taken as its handcrafted bound.
 * - zb-2p: ZB-H2, (p − 1)(F + B − 2W), zero when F = B = W, with up to 2p − 1 micro-batches in flight (memory.ts).
 * - zb-v: the V schedule, two half-stage chunks a rank: the bubble of zb-2p within 1F1B's memory and twice its
 *   pipeline sends, as the authors' comparison of the schedules gives it (bubble rate 0 as ZB2P, activation
 *   memory 1× and communication 2× of 1F1B's: huggingface.co/spaces/sail/zero-bubble-pipeline-parallellism,
 *   description2.md).
 * - v-min, v-half: the V-Shape schedules of arXiv:2405.15362 (two chunks a rank in zb-v's V, its sends), (p − 1)(F + B)
 *   and (p − 1)(F + B − W/2): two thirds and half of 1F1B's bubble at F = B = W, the authors' bubble rates ~2p/3m and
 *   ~p/2m against 1F1B's ~p/m (huggingface.co/spaces/sail/pipeline-parallelism-with-controllable-memory,
 *   description1.md); how F, B and W enter apart is assumed (schedules.ts TRAITS), within (p + 4)//3 and (p + 2)//2
 *   micro-batches in flight (memory.ts). Plus, where F, B and W differ, the bubble their fixed order repeats in every
 *   micro-batch, m times (schedules.ts repeatingBubble: the authors' scheduler's; it needs F, `forwardSeconds`, B the rest).
 * Floored at 0: where W outweighs the rest the schedules leave no bubble, and no closed form gives a negative one.
 *
 * The closed forms take enough micro-batches to fill the bubble with W (the handcrafted schedules are drawn with
 * m ≥ p). With fewer, this critical path of one step is longer: the last stage starts after the first micro-batch's
 * forward through the other p − 1 stages, runs its m forwards and m input gradients one after another (its W can
 * wait), the last input gradient goes back through p − 1 stages, and the first stage ends with that micro-batch's
 * W: at least (p − 1)(F + B) + m(F + B) + W, a bubble of (p − 1)(F + B) − (m − 1)W beside a stage's m(F + B + W)
 * of work. (Another path of one step, the last stage's late start, (p − 1)F, is not taken: the closed forms are the
 * steady state the authors reach by overlapping consecutive steps with their optimizer post-validation (§4), which
 * hides it; the model so takes one step's path where the bubble cannot be filled at all, the steady state where it
 * can.) (derived here from the schedules' dependencies, Qi et al. 2024 §2: F before B on each stage and from
 * stage to stage, B from the next stage, W after B; an exhaustive search of every op order at p = 2, 3, m = 2 and
 * the test's op-by-op simulation of one step give it exactly). The bubble is the larger of the two: at m = 1
 * (p − 1)(F + B), W off the critical path, against 1F1B's (p − 1)(F + B + W); the closed form from m ≥ p on
 * for zb-1p and from m ≥ 2p − 1 for zb-2p (where (m − 1)W reaches 2(p − 1)W), from m ≥ (p + 1)/2 for v-half, never
 * for v-min (its closed form is the bound at m = 1). For the V schedules it is the one-chunk derivation reused, an
 * approximation (at m = 1 the V's path is W/2 shorter). holdout39's Table 12 runs (m ≤ p)
 * showed the closed forms alone far too fast there (validation/holdout39-runs.yaml).
 */
export function zeroBubbleBubble(schedule: ZeroBubbleSchedule, pp: number, microBatches: number, busySeconds: number, weightGradSeconds: number, forwardSeconds?: number): number {
  const closed = (pp - 1) * (busySeconds - bubbleWeightGrads(schedule) * weightGradSeconds);
  const roundTrip = (pp - 1) * (busySeconds - weightGradSeconds) - (microBatches - 1) * weightGradSeconds;
  const x = closed > roundTrip ? closed : roundTrip;
  const ramp = x > 0 ? x : 0;
  if (!repeats(schedule)) return ramp;
  if (forwardSeconds === undefined) throw new Error(`zeroBubbleBubble: the ${schedule} schedule's repeating bubble needs the forward time`);
  return ramp + microBatches * repeatingBubble(schedule, forwardSeconds, busySeconds - forwardSeconds - weightGradSeconds, weightGradSeconds, pp);
}
