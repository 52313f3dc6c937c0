/**
 * The data-parallel side of a step (step.ts): gradient reduction and weight gathering under the
 * layout's ZeRO stage and shard groups, gradient accumulation outside the GEMM, and the optimizer step.
 *
 * It is split in two. {@link dataParallelTraffic} is what the collectives cost, a function of the
 * layout's degrees (tp, cp, pp, dp, ep, etp), its ZeRO stage and shard group and whether it runs
 * DualPipe; it is the same for every micro-batch size, recomputation and interleaving, so the planner
 * computes it once per such set instead of once per layout (planScan.ts). {@link dataParallelExposed} is
 * how much of it the pipeline's busy time cannot hide.
 */
import { denseShards, expertDataParallel, expertShards, stateZeroStage, type Layout, type ZeroStage } from './layout.js';
import type { StageParams } from './stageParams.js';
import type { StepContext } from './step.js';
import { CPU_ADAM_PARAMS_PER_SECOND, emptyHostTraffic, hostTraffic, type HostTraffic } from './offload.js';
import { allGatherSeconds, allReduceSeconds, linkFor, reduceScatterSeconds, shardedReduceScatterSeconds, type Link } from './network.js';
import { gradientScatterSeconds, hpzSecondaryBytes, NO_ZERO_PLUS_PLUS, qgzBytesPerElement, ranksInDomain, weightGatherSeconds } from './zeroPlusPlus.js';

/**
 * Seconds of a layout's data-parallel work that do not depend on its pipeline's busy time. The
 * collectives are kept by when they run: per micro-batch (ZeRO-2's reduce-scatter, ZeRO-3's gathers
 * and reduce-scatter) and per step (ZeRO-0/1's reduction and gather, ZeRO-2's gather), each with its
 * `edge`, the part with nothing to hide under when overlapped (0 when the stack does not overlap).
 * A class: one hidden class for the planner's many copies (planScratch.ts).
 */
export class DataParallelTraffic {
  /** The ZeRO stage the states and traffic follow (layout.ts stateZeroStage). */
  zero: ZeroStage = 0;
  /** Gradient accumulation outside the GEMM, per micro-batch. */
  accumSeconds = 0;
  perMicroBatch = 0;
  perMicroBatchEdge = 0;
  perStep = 0;
  perStepEdge = 0;
  optimizerSeconds = 0;
  /** Parameters the GPU's optimizer steps ({@link optimizerParams}). */
  localParams = 0;
  /** What crosses the host link under CPU offload (offload.ts hostTraffic; all 0 without it): evaluate.ts reports it as the layout's offload cost. */
  readonly host: HostTraffic = emptyHostTraffic();
}

/** Fills `out` for the layout (allocation-free); `params`: the busiest stage's (DualPipe: both end stages'). */
export function dataParallelTraffic(ctx: StepContext, layout: Layout, params: StageParams, out: DataParallelTraffic): DataParallelTraffic {
  const mc = ctx.mc;
  const zero = stateZeroStage(layout, ctx.shardingPerStepUnderPp, ctx.arch.moe !== null);
  const dual = layout.schedule === 'dualpipe';
  // Gradient accumulation outside the GEMM: once per micro-batch over the stage's (ZeRO-2/3: sharded) gradients.
  const sharded = zero >= 2;
  const accumParams = params.dense / (sharded ? denseShards(layout) : 1) + params.experts / (sharded ? expertShards(layout) : 1);
  out.accumSeconds = (ctx.gradAccumulationBytesPerParam * accumParams) / mc.memoryBandwidthBytesPerSecond;
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
  // DualPipe: each stage has two copies (ranks i and pp−1−i) whose gradients are summed into both, a replica pair
  // (deepseek-ai/DualPipe examples/example_dualpipe.py @ 7cb1e5e: p0.grad += the partner's p1 gradient, and p1.grad
  // += its p0's): the pair doubles the replicas of a parameter, not its shard group, as the copies' states are held
  // whole over the shard group in memory (memory.ts dualPipeParams: both stages' states on the rank, DeepSeek-V3 Table 2
  // "Parameter 2×"). The replicas span the pipeline.
  const nD = dual ? 2 * n : n;
  const nDE = dual ? 2 * nE : nE;
  // ZeRO shard groups (HSDP / MiCS): collectives inside groups of gD (experts: gE) ranks, each shard's
  // gradient all-reduced across the nD/gD groups (shardedReduceScatterSeconds), DualPipe's pair among them.
  const gD = denseShards(layout);
  const gE = params.experts > 0 ? expertShards(layout) : nDE;
  const strideE = layout.etp * layout.ep;
  const linkD = linkFor(mc.network, layout.tp, gD);
  const linkE = linkFor(mc.network, strideE, gE);
  // The link of a parameter's whole data-parallel group (ZeRO-0's all-reduce, and across the shard groups), whatever the
  // shard group: under a shard group of one rank (layout.ts shardsNothing, ZeRO-0) the all-reduce ran on one rank's.
  const allD = linkFor(mc.network, layout.tp, dual ? n * layout.pp : n);
  const allE = linkFor(mc.network, strideE, dual ? nE * layout.pp : nE);
  const acrossD = gD < nD ? allD : linkD;
  const acrossE = gE < nDE ? allE : linkE;
  // Megatron-Core's gradient bucket: max(40,000,000, 1,000,000·dp) parameters (DistributedDataParallelConfig.bucket_size).
  const bucket = Math.min(Math.max(4e7, 1e6 * n), params.dense + params.experts);
  const overlap = ctx.overlapGradReduce;
  out.zero = zero;
  out.perMicroBatch = 0;
  out.perMicroBatchEdge = 0;
  out.perStep = 0;
  out.perStepEdge = 0;
  if (zero === 3) {
    // Each micro-batch gathers the weights for forward and backward and reduce-scatters the gradients,
    // overlapped with that micro-batch's compute (FSDP / ZeRO-3 prefetch) unless the stack serialises it.
    // Overlapped, the first layer's gather and the last layer's reduce-scatter still have nothing to hide
    // under (FSDP prefetches one layer ahead): at least that much is exposed per micro-batch.
    // ZeRO++ (zeroPlusPlus.ts): qwZ gathers int8 weights, hpZ gathers inside groups of zero_hpz_partition_size ranks, qgZ
    // reduces the gradients by a hierarchical int4 all-to-all. Off, each term below is ZeRO-3's.
    const zpp = ctx.zeroPlusPlus ?? NO_ZERO_PLUS_PLUS;
    const mem = mc.memoryBandwidthBytesPerSecond;
    const qwz = zpp.quantizedWeights;
    // One weight gather of `p` weights over `shards` ranks: qwZ's (quantised from `wq`-byte weights) or plain (`bytes` in all,
    // 16-bit or FP8 layers).
    const gatherSeconds = (p: number, bytes: number, shards: number, link: Link, wq = w) => (qwz ? weightGatherSeconds(p, wq, shards, link, true, mem) : allGatherSeconds(bytes, shards, link));
    const gatherD = gatherSeconds(params.dense, denseBytes, gD, linkD);
    const gatherE = gatherSeconds(params.experts, expertBytes, gE, linkE, wl);
    // hpZ: after the optimizer step DeepSpeed drops the secondary copy (stage3.py invalidate_secondary_tensor, from
    // _post_step); the step's first forward gathers each weight over the whole shard group, and each rank copies its
    // 1/hpz slice of it (partition_parameters.py _partition_param_sec, at every release of a gathered weight); every later
    // gather, that backward's and the next micro-batches', runs inside the hpZ group (all_gather_coalesced uses
    // zero_param_process_group where ds_secondary_tensor is set). So per micro-batch two gathers inside the group and
    // two slice copies (read and write w bytes of 1/hpz), and per step the first forward's gather over the shard group
    // in place of one inside it. The experts' gathers stay on their expert-data-parallel group (not modelled under hpZ).
    const h = zpp.hpzPartitionSize;
    const hpz = h > 1 && h < gD;
    const linkH: Link = hpz ? linkFor(mc.network, layout.tp, h) : linkD;
    // The group a micro-batch's gathers run on: hpZ's, or the shard group.
    const gatherGroup = hpz ? h : gD;
    const secondaryGatherD = hpz ? gatherSeconds(params.dense, denseBytes, h, linkH) : gatherD;
    const sliceCopy = hpz ? (2 * hpzSecondaryBytes(3, h, w, params.dense)) / mem : 0;
    // qgZ: the reduce-scatter inside the shard group by the hierarchical all-to-all (the all-reduce across shard groups, HSDP, stays).
    const qgz = zpp.quantizedGradients;
    const q = qgzBytesPerElement(ctx.arch.dModel);
    // One reduce-scatter of `p` gradients inside a shard group of `group` ranks spaced `stride` apart on `link`: qgZ's or plain.
    const scatterSeconds = (p: number, group = gD, link = linkD, stride = layout.tp) => gradientScatterSeconds(p, g, group, mc.network.scaleUp, link, ranksInDomain(mc.network, stride, group), qgz, q, mem);
    // The same with each shard's gradient all-reduced across the `replicas`/`group` shard groups (HSDP) on `across`: under
    // qgZ the all-reduce stays plain; without it, shardedReduceScatterSeconds, as for every ZeRO stage.
    const shardedScatterSeconds = (p: number, replicas: number, group: number, link: Link, across: Link, stride: number) => (qgz && p > 0
      ? scatterSeconds(p, group, link, stride) + (group < replicas ? allReduceSeconds((g * p) / group, replicas / group, across) : 0)
      : shardedReduceScatterSeconds(g * p, replicas, group, link, across));
    const scatterD = shardedScatterSeconds(params.dense, nD, gD, linkD, acrossD, layout.tp);
    const scatterE = shardedScatterSeconds(params.experts, nDE, gE, linkE, acrossE, strideE);
    out.perMicroBatch = 2 * (secondaryGatherD + sliceCopy + gatherE) + scatterD + scatterE;
    out.perStep = hpz ? Math.max(0, gatherD - secondaryGatherD) : 0;
    // The first layer's gather and the last layer's reduce-scatter, by the same collectives as the whole stage's (ZeRO++ included).
    if (overlap) out.perMicroBatchEdge = gatherSeconds(params.layerMax, wl * params.layerMax, gatherGroup, hpz ? linkH : linkD) + scatterSeconds(params.layerMax);
  } else if (zero === 2) {
    // Sharded gradients cannot be accumulated locally across micro-batches: each micro-batch's backward
    // reduce-scatters its gradients into the shard (DeepSpeed ZeRO-2, deepspeed/runtime/zero/stage_1_and_2.py
    // reduces the gradient buckets during every backward pass; PyTorch FSDP SHARD_GRAD_OP reduce-scatters
    // each backward unless no_sync() keeps unsharded gradients, giving up the saving), so memory's sharded
    // gradient (memory.ts) costs m reduce-scatters a step. The weights stay whole: one all-gather a step.
    out.perMicroBatch = shardedReduceScatterSeconds(g * params.dense, nD, gD, linkD, acrossD) + shardedReduceScatterSeconds(g * params.experts, nDE, gE, linkE, acrossE);
    out.perStep = allGatherSeconds(denseBytes, gD, linkD) + allGatherSeconds(expertBytes, gE, linkE);
    if (overlap) {
      // Each micro-batch's reduce-scatter runs under its backward, the last bucket after it; the gather
      // under the next forward, its first bucket before it (Megatron-Core's bucket, above).
      out.perMicroBatchEdge = reduceScatterSeconds(g * bucket, gD, linkD);
      out.perStepEdge = allGatherSeconds(w * bucket, gD, linkD);
    }
  } else {
    // Reduce-scatter of the gradients + all-gather of the weights once per step (ZeRO 0: an all-reduce of
    // the gradients, the same traffic in the gradients' precision). Overlapped, the reduce runs under the
    // last micro-batch's backward and the gather under the next forward (Megatron
    // --overlap-grad-reduce/--overlap-param-gather); otherwise all of it follows the pipeline flush.
    out.perStep = zero === 0
      ? allReduceSeconds(g * params.dense, nD, allD) + allReduceSeconds(g * params.experts, nDE, allE)
      : shardedReduceScatterSeconds(g * params.dense, nD, gD, linkD, acrossD) + shardedReduceScatterSeconds(g * params.experts, nDE, gE, linkE, acrossE)
        + allGatherSeconds(denseBytes, gD, linkD) + allGatherSeconds(expertBytes, gE, linkE);
    // The last bucket's reduction starts when the backward pass ends, and (ZeRO ≥ 1) the first bucket's
    // gather comes before the next forward: one bucket each way is exposed.
    if (overlap) out.perStepEdge = zero === 0 ? allReduceSeconds(g * bucket, nD, allD) : reduceScatterSeconds(g * bucket, gD, linkD) + allGatherSeconds(w * bucket, gD, linkD);
  }
  const localParams = optimizerParams(layout, params, zero);
  out.localParams = localParams;
  // CPU offload (offload.ts hostTraffic): copies that go with each micro-batch's reduction or gathers run with them (the
  // gradient copy under the backward pass, Ren et al. 2021 §4.1 and Figure 5; FSDP2 copies a parameter shard to the GPU in
  // its all-gather's copy-in), overlapped as they are; those of the step, and the CPU's optimizer step, follow the
  // backward pass unhidden (Megatron-Core's HybridDeviceOptimizer.step: gradients down, CPU step, parameters up; its
  // --overlap-cpu-optimizer-d2h-h2d, off by default, pipelines them per parameter: not modelled, an upper bound). ASSUMED:
  // the two directions one after the other, as the step orders them.
  const host = hostTraffic(ctx.stateBytes, zero, localParams, out.host);
  const link = ctx.hostLinkBytesPerSecond ?? Infinity;
  out.perMicroBatch += (host.h2dPerMicroBatch + host.d2hPerMicroBatch) / link;
  const onGpu = 1 - (ctx.stateBytes.onHost?.optimizer ?? 0);
  // Three launches (gradient-norm reduction, multi-tensor Adam, zeroing the buffer; Megatron's optimizer step) at the fixed kernel cost.
  out.optimizerSeconds = (mc.calibration.optimizerBytesPerParam * localParams * onGpu) / mc.memoryBandwidthBytesPerSecond + 3 * mc.kernelOverheadSeconds
    + (host.h2dPerStep + host.d2hPerStep) / link + host.cpuParams / CPU_ADAM_PARAMS_PER_SECOND;
  return out;
}

/** Parameters a GPU's optimizer steps: its stage's, sharded over the data-parallel ranks from ZeRO-1 on (`zero`: the stage its states follow, layout.ts stateZeroStage). */
function optimizerParams(layout: Layout, params: StageParams, zero: ZeroStage): number {
  const shards = zero >= 1;
  return params.dense / (shards ? denseShards(layout) : 1) + params.experts / (shards && params.experts > 0 ? expertShards(layout) : 1);
}

/**
 * The data-parallel seconds a step adds after its pipeline's m micro-batches of `busy` seconds each:
 * overlapped (ctx.overlapGradReduce), what the busy time cannot hide and the SMs the hidden part holds;
 * otherwise all of it.
 */
export function dataParallelExposed(ctx: StepContext, t: DataParallelTraffic, busy: number, m: number): number {
  // Overlapped traffic is not free: the collectives' kernels hold SMs the GEMMs would use, so compute
  // under them runs slower by that share (DeepSeek-V3 §3.2.2: 20 of 132 SMs to saturate IB and NVLink).
  const steal = ctx.mc.calibration.overlapSmFraction;
  const overlap = ctx.overlapGradReduce;
  // ZeRO-3's perStep: hpZ's first gather over the whole shard group, 0 without it (dataParallelTraffic).
  if (t.zero === 3) return overlap ? m * chargedSeconds(t.perMicroBatch, exposedUnder(t.perMicroBatch, busy, t.perMicroBatchEdge), steal) + chargedSeconds(t.perStep, exposedUnder(t.perStep, busy, 0), steal) : m * t.perMicroBatch + t.perStep;
  if (t.zero === 2) {
    return overlap
      ? m * chargedSeconds(t.perMicroBatch, exposedUnder(t.perMicroBatch, busy, t.perMicroBatchEdge), steal) + chargedSeconds(t.perStep, exposedUnder(t.perStep, busy, t.perStepEdge), steal)
      : m * t.perMicroBatch + t.perStep;
  }
  return overlap ? chargedSeconds(t.perStep, exposedUnder(t.perStep, busy, t.perStepEdge), steal) : t.perStep;
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
