/**
 * One layout, fully evaluated: the run context (machine, FLOPs per token), the layer costs, the
 * step-time prediction and the memory estimate.
 */
import { hpzSecondaryHostBytes, NO_ZERO_PLUS_PLUS, type ZeroPlusPlus } from './zeroPlusPlus.js';
import { countFlops } from '../flops/count.js';
import type { Documents } from '../flops/documents.js';
import type { AttentionConvention } from '../flops/conventions.js';
import { DEFAULT_RECOMPUTE_MODULES, type RecomputeModule } from '../flops/recomputeModules.js';
import { selectiveCountOptions } from './selectiveModules.js';
import type { Precision } from '../hardware/schema.js';
import type { HardwareProfile } from '../hardware/toProfile.js';
import { layerCounts, type Architecture } from '../model/architecture.js';
import type { ActivationShape } from './activations.js';
import { recomputedShare, stateZeroStage, type Layout } from './layout.js';
import { type LayoutCheckOptions } from './layoutCheck.js';
import { hostIssueFor } from './hostIssue.js';
import { blendLayerCosts } from './blendLayerCosts.js';
import { P2P, type CpComm, type CpCommType } from './cpComm.js';
import { layerCosts, type LayerCostInputs } from './layerCost.js';
import { machineFor, type AttentionKernel } from './machine.js';
import { dualPipeParams, estimateMemory, stageParams, type MemoryEstimate } from './memory.js';
import { estimateLayoutMemory } from './layoutMemory.js';
import { overModelState, stateBytesFor, type ModelStateChoice, type StateBytes } from './modelState.js';
import type { NetworkOverride } from './network.js';
import type { Fp8Recipe } from './quantisation.js';
import { loadOnRank, moeLoadFactor, padsToCapacity, type MoeBalance, type MoeDispatcher } from './moeCost.js';
import { Slot, stepParts, toPrediction, type StepContext, type StepPrediction } from './step.js';
import type { StackId, StackProfile } from './stack.js';
import { STACKS } from './stackProfiles.js';
import { hostShares, NO_OFFLOAD, offloadCost, offloads, type Offload, type OffloadCost } from './offload.js';
import { DataParallelTraffic } from './dataParallel.js';
import { InputError } from '../input/errors.js';

export interface RunInputs {
  seqLen?: number;
  globalBatchSequences: number;
  gpuCount: number;
  precision?: Precision;
  attention?: AttentionConvention;
  /** A document mask (flops/documents.ts): attention inside each document, in the FLOP count and the fused kernel's time. */
  documents?: Documents | undefined;
  /** FlashAttention-style fused attention (no s² activations, causal blocks skipped). Default true. */
  flashAttention?: boolean;
  /** The fused-attention kernel (machine.ts ATTENTION_KERNELS; default: the stack's, else cudnn). */
  attentionKernel?: AttentionKernel | undefined;
  network?: NetworkOverride;
  /**
   * Precision of the transformer-layer GEMMs (default: `precision`). `fp8` with `precision: bf16` is
   * DeepSeek-V3's recipe (arXiv:2412.19437 §3.3): FP8 GEMMs, BF16 attention/norms/head, MFU against the BF16 peak.
   */
  gemmPrecision?: Precision | undefined;
  /** How FP8 GEMM operands are scaled: delayed, tensorwise, mxfp8 or blockwise (quantisation.ts FP8_RECIPES; default: the stack's, else delayed). */
  fp8Recipe?: Fp8Recipe | undefined;
  /** The layers' weights kept and gathered in FP8 (Megatron --fp8-param-gather; modelState.ts stateBytesFor; FP8 GEMMs only). Default false. */
  fp8ParamGather?: boolean | undefined;
  /** Node-limited MoE routing: at most this many nodes per token (DeepSeek-V3 M = 4, §2.1.2). Default: unlimited. */
  moeMaxNodes?: number | undefined;
  /** Data-parallel gradient reduction overlapped with the backward pass (default: the stack's, else true; false for Megatron-LM 2021 and DeepSpeed's pipeline engine; see StepContext). */
  overlapGradReduce?: boolean | undefined;
  /** Gradients accumulated inside the weight-gradient GEMM (default: the stack's, else true; false for Megatron-LM 2021 and DeepSpeed; see StepContext). */
  gradAccumulationFusion?: boolean | undefined;
  /** Tensor-parallel communication under the GEMMs (default: the stack's, else false; Megatron-Core performance recipes: on; layerCost.ts). */
  tpCommOverlap?: boolean | undefined;
  /** MoE all-to-alls under another micro-batch's computation (Megatron-Core combined 1F1B; default: the stack's, else false; step.ts). */
  epCommOverlap?: boolean | undefined;
  /**
   * Layers captured in CUDA graphs and replayed rather than issued one by one from Python: no host-issue
   * time for their parts of static shape (hostIssue.ts). Default: the stack's, else false. Without a stack
   * there is no host model at all.
   */
  cudaGraphs?: boolean | undefined;
  /** Training stack (stack.ts): defaults for the three switches above and flash attention, and the layouts it can run. None: no stack rules. */
  stack?: StackId | undefined;
  /** MoE routing balance: dropless (default, moeCost.ts DROPLESS_IMBALANCE) or forced (benchmarks: load 1). */
  moeBalance?: MoeBalance | undefined;
  /** MoE expert capacity factor: caps the slowest expert's load (tokens beyond it are dropped). */
  moeCapacityFactor?: number | undefined;
  /** Every expert padded to its capacity: the load is the capacity factor (moeCost.ts moeLoadFactor; needs moeCapacityFactor). */
  moeCapacityPadding?: boolean | undefined;
  /** How tokens are dispatched to the experts: alltoall, or deepep (hierarchical, once per node) (moeCost.ts MOE_DISPATCHERS; default: the stack's, else alltoall). */
  moeDispatcher?: MoeDispatcher | undefined;
  /** What the run stores per parameter where it differs from the precision's defaults (modelState.ts). */
  modelState?: ModelStateChoice | undefined;
  /** With recompute 'selective': Megatron-Core's recompute_modules (flops/recomputeModules.ts). Default core_attn. */
  recomputeModules?: readonly RecomputeModule[] | undefined;
  /** How the context-parallel ranks exchange the attention's inputs: p2p, all_gather, a2a or a2a+p2p (cpComm.ts; default: the stack's, else p2p). */
  cpCommType?: CpCommType | undefined;
  /** With cpCommType a2a+p2p: the [a2a, p2p] group sizes, whose product is cp (Megatron-Core hierarchical_context_parallel_sizes). */
  cpHierarchical?: readonly number[] | undefined;
  /** CPU offload of model states to the host (offload.ts): the optimizer states' fraction, or parameters too; default none. Needs the hardware's host link. */
  offload?: Offload | undefined;
  /**
   * ZeRO++ (zeroPlusPlus.ts; DeepSpeed zero_quantized_weights, zero_hpz_partition_size, zero_quantized_gradients): the
   * run's choice, kept and not searched by the planner; applies under ZeRO-3 (layout rules refuse it elsewhere). Default off.
   */
  zeroPlusPlus?: ZeroPlusPlus | undefined;
}

export interface RunContext extends StepContext {
  hw: HardwareProfile;
  flashAttention: boolean;
  attentionKernel: AttentionKernel;
  attention: AttentionConvention;
  /** The run's document mask (flops/documents.ts), else undefined. */
  documents: Documents | undefined;
  precision: Precision;
  gemmPrecision: Precision;
  /** The FP8 scaling recipe (read only when the GEMMs run in FP8). */
  fp8Recipe: Fp8Recipe;
  /** The layers' weights kept and gathered in FP8 (asked for, with FP8 GEMMs). */
  fp8ParamGather: boolean;
  /** How tokens reach their experts: the run's choice, else its stack's, else a flat all-to-all. */
  moeDispatcher: MoeDispatcher;
  /** The nodes a token's dispatch is sent to at most, once each (layerCost.ts LayerCostInputs.moeMaxNodes): the routing limit, Infinity for an unlimited hierarchical dispatcher, undefined for a flat all-to-all. */
  moeMaxNodes: number | undefined;
  /** The flat dispatcher's all-to-all of the routing probabilities (the stack's moeProbsAllToAll; layerCost.ts). */
  moeProbsAllToAll: boolean;
  /** Slowest expert-parallel rank's routed load over the balanced count (moeLoadFactor), with ep > 1; a layout's own load is moeLoadOn. */
  moeLoadFactor: number;
  /** Every expert padded to its capacity (moeCost.ts padsToCapacity). */
  moeCapacityPadded: boolean;
  /** Padded experts fed by one-hot contractions (the stack's paddedMoeDispatch; layerCost.ts LayerCostInputs.moeEinsum), else undefined. */
  moeEinsum: LayerCostInputs['moeEinsum'];
  gradAccumulationFusion: boolean;
  tpCommOverlap: boolean;
  /** Layers captured in CUDA graphs (their static parts issue no kernels one by one; hostIssue.ts). */
  cudaGraphs: boolean;
  /** The context-parallel communication: the run's cp_comm_type, else its stack's, else p2p (cpComm.ts). */
  cpComm: CpComm;
  /** The run's CPU offload (offload.ts; NO_OFFLOAD where none). */
  offload: Offload;
  /** The run's ZeRO++ switches (zeroPlusPlus.ts; NO_ZERO_PLUS_PLUS where none). */
  zeroPlusPlus: ZeroPlusPlus;
  stack: StackProfile | null;
}

export function runContext(arch: Architecture, hw: HardwareProfile, inp: RunInputs): RunContext {
  const seqLen = inp.seqLen ?? arch.seqLen;
  const attention = inp.attention ?? 'full';
  const precision = inp.precision ?? 'bf16';
  const gemmPrecision = inp.gemmPrecision ?? precision;
  if (inp.moeMaxNodes !== undefined && !(Number.isSafeInteger(inp.moeMaxNodes) && inp.moeMaxNodes >= 1)) {
    throw new RangeError(`moeMaxNodes must be a positive whole number, found ${inp.moeMaxNodes}`);
  }
  // Explicit inputs override the stack's defaults (stack.ts).
  const stack = inp.stack ? STACKS[inp.stack] : null;
  const flashAttention = inp.flashAttention ?? stack?.defaults.flashAttention.value ?? true;
  const attentionKernel = inp.attentionKernel ?? stack?.defaults.attentionKernel.value ?? 'cudnn';
  const overlapGradReduce = inp.overlapGradReduce ?? stack?.defaults.overlapGradReduce.value ?? true;
  const gradAccumulationFusion = inp.gradAccumulationFusion ?? stack?.defaults.gradAccumulationFusion.value ?? true;
  const fp8ParamGather = inp.fp8ParamGather === true && gemmPrecision === 'fp8';
  const offload = inp.offload ?? NO_OFFLOAD;
  const hostLink = offloads(offload) ? hostLinkOf(hw) : undefined;
  const stateBytes = withHost(stateBytesFor(precision, overModelState(stack?.defaults.modelState.value, inp.modelState), fp8ParamGather), offload, stack);
  const moeDispatcher = inp.moeDispatcher ?? stack?.defaults.moeDispatcher.value ?? 'alltoall';
  const paddedDispatch = stack?.defaults.paddedMoeDispatch.value ?? 'permute';
  const tpCommOverlap = inp.tpCommOverlap ?? stack?.defaults.tpCommOverlap.value ?? false;
  const epCommOverlap = inp.epCommOverlap ?? stack?.defaults.epCommOverlap.value ?? false;
  const fp8Recipe = inp.fp8Recipe ?? stack?.defaults.fp8Recipe.value ?? 'delayed';
  const cudaGraphs = inp.cudaGraphs ?? stack?.defaults.cudaGraphs.value ?? false;
  const cpComm: CpComm = { type: inp.cpCommType ?? stack?.defaults.cpCommType.value ?? P2P.type, ...(inp.cpHierarchical !== undefined ? { hierarchical: inp.cpHierarchical } : {}) };
  const moeLayers = layerCounts(arch).moe;
  const capacityPadded = padsToCapacity(inp.moeCapacityFactor, inp.moeCapacityPadding);
  const moeMaxNodes = inp.moeMaxNodes ?? (moeDispatcher === 'deepep' ? Infinity : undefined);
  const moeProbsAllToAll = stack?.defaults.moeProbsAllToAll.value ?? false;
  // The stack's own selective mode where the run names no modules (selectiveModules.ts), else Megatron-Core's default.
  const selectiveCount = selectiveCountOptions(stack, arch, inp.recomputeModules, precision, gemmPrecision);
  const recomputeModules = selectiveCount.recomputeModules ?? DEFAULT_RECOMPUTE_MODULES;
  const f = (recompute: Layout['recompute']) => countFlops(arch, { seqLen, attention, recompute, documents: inp.documents, ...(recompute === 'selective' ? { ...selectiveCount, recomputeModules } : {}) }).perToken;
  const none = f('none');
  return {
    arch,
    hw,
    mc: machineFor(hw, inp.gpuCount, { precision, gemmPrecision, network: inp.network, attentionKernel, fp8Recipe }),
    seqLen,
    globalBatchSequences: inp.globalBatchSequences,
    gpuCount: inp.gpuCount,
    moeLayers,
    modelFlopsPerToken: none.model,
    hardwareFlopsPerToken: { none: none.hardware, selective: f('selective').hardware, full: f('full').hardware },
    flashAttention,
    recomputeModules,
    attentionKernel,
    attention,
    documents: inp.documents,
    precision,
    gemmPrecision,
    fp8Recipe,
    fp8ParamGather,
    moeDispatcher,
    moeMaxNodes,
    moeProbsAllToAll,
    moeLoadFactor: moeLoadFactor(inp.moeBalance, inp.moeCapacityFactor, inp.moeCapacityPadding),
    moeCapacityPadded: capacityPadded,
    moeEinsum: paddedDispatch !== 'permute' && padsToCapacity(inp.moeCapacityFactor, inp.moeCapacityPadding) ? { dispatch: paddedDispatch, capacityFactor: inp.moeCapacityFactor! } : undefined,
    overlapGradReduce,
    gradAccumulationFusion,
    tpCommOverlap,
    epCommOverlap,
    cudaGraphs,
    cpComm,
    offload,
    zeroPlusPlus: inp.zeroPlusPlus ?? NO_ZERO_PLUS_PLUS,
    ...(hostLink !== undefined ? { hostLinkBytesPerSecond: hostLink } : {}),
    // No host bound: a compiled step, no stack (no host model), or CUDA graphs over layers of static shapes only (hostIssue.ts).
    hostIssue: !stack || stack.defaults.kernelIssue.value === 'compiled' || (cudaGraphs && (moeLayers === 0 || capacityPadded)) ? null
      : hostIssueFor(arch, { quantised: gemmPrecision === 'fp8' || gemmPrecision === 'fp4', lowPrecisionLinears: selectiveCount.lowPrecisionLinears === true, flashAttention, moeMaxNodes, moeProbsAllToAll, capacityPadded, moeLayers, graphed: cudaGraphs }),
    stack,
    gradAccumulationBytesPerParam: gradAccumulationFusion ? 0 : gradAccumulationBytes(stateBytes),
    stateBytes,
    shardingPerStepUnderPp: stack?.defaults.shardingUnderPp.value === 'per-step',
  };
}

/**
 * Pipeline stages need not hold equal numbers of layers: Megatron-LM places the remainder on the
 * first/last stages (--decoder-first/last-pipeline-num-layers), and Llama 3 405B ran 126 layers on
 * 16 stages (Dubey et al. 2024 §3.3.2). The step model charges the largest stage, ceil(L/pp).
 */
const UNEVEN_STAGES = true;

/**
 * The run's state bytes with the shares its offload keeps on the host (offload.ts hostShares): the gradients go with the
 * optimizer states where the stack moves them (stack.ts OffloadCan.gradientsToHost; no stack: they stay).
 */
function withHost(sb: StateBytes, o: Offload, stack: StackProfile | null): StateBytes {
  return offloads(o) ? { ...sb, onHost: hostShares(o, stack?.can.offload.value.optimizer?.gradientsToHost === true) } : sb;
}

/**
 * The host link offload moves states over (hardware host_link), refused where the profile gives none: a guessed PCIe
 * figure would be silently wrong on a board whose host link is another (NVLink-C2C, a TPU's host interface).
 */
function hostLinkOf(hw: HardwareProfile): number {
  if (hw.hostLink) return hw.hostLink.bandwidthBytesPerSecond;
  const problem = hostLinkProblem(hw, 'training.offload');
  throw new InputError(problem.message, { keyPath: 'training.offload', hint: problem.hint });
}

/** Why a board without a host link runs no offload, `offload` naming the setting asked for it (plan's --offload, a file's training.offload). */
export function hostLinkProblem(hw: HardwareProfile, offload: string): { message: string; hint: string } {
  return {
    message: `hardware ${hw.id} gives no host link (host_link), which CPU offload moves gradients and parameters over`,
    hint: `leave ${offload} out, or give the profile host_link: {name, bandwidth_gbps (GB/s one direction, e.g. 64 for PCIe Gen5 x16), confidence, source} (a profile that extends ${hw.id})`,
  };
}

/** The layout-rule options a run context implies (stack, sequence, EP overlap; uneven stages), for assertLayout, fixedFieldIssues and the planner. */
export function checkOptions(ctx: RunContext): LayoutCheckOptions {
  return { seqLen: ctx.seqLen, unevenStages: UNEVEN_STAGES, stack: ctx.stack, epCommOverlap: ctx.epCommOverlap, cpComm: ctx.cpComm, offload: ctx.offload, zeroPlusPlus: ctx.zeroPlusPlus, scaleUpDomain: ctx.mc.network.domainSize };
}

/** The routed load on a layout's GPUs at expert-parallel size `ep` (moeCost.ts loadOnRank): what the step model and memory both read. */
export function moeLoadOn(ctx: RunContext, ep: number): number {
  return loadOnRank(ctx.moeLoadFactor, ep, ctx.moeCapacityPadded);
}

/** The activation shape of the run's layouts at a micro-batch and ep (activations.ts): the run's sequence, attention kernel, FP8 linear inputs and MoE load, in one place for the planner and block recomputation. */
export function activationShape(ctx: RunContext, microBatch: number, ep: number): ActivationShape {
  return { seqLen: ctx.seqLen, microBatch, flashAttention: ctx.flashAttention, linearInputBytes: ctx.mc.gemmOperandBytes, moeLoadFactor: moeLoadOn(ctx, ep), recomputeModules: ctx.recomputeModules, cpComm: ctx.cpComm };
}

/** Unfused accumulation per parameter: read the new gradient (the weights' compute precision), read and write the gradient buffer (see StepContext). */
function gradAccumulationBytes(b: StateBytes): number {
  return b.computeWeights + 2 * b.gradients;
}

export interface Evaluation {
  layout: Layout;
  prediction: StepPrediction;
  memory: MemoryEstimate;
  /** With CPU offload (offload.ts): host memory, host-link traffic and the CPU's optimizer step, per GPU a step. */
  offload?: OffloadCost;
}

/** Evaluates a layout assumed valid (see checkLayout). */
export function evaluateLayout(ctx: RunContext, layout: Layout): Evaluation {
  const costsFor = (recompute: Layout['recompute']) => layerCosts(ctx.arch, ctx.mc, {
    tp: layout.tp, cp: layout.cp, ep: layout.ep, etp: layout.etp, microBatch: layout.microBatch, sequenceParallel: layout.sequenceParallel,
    recompute, seqLen: ctx.seqLen, flashAttention: ctx.flashAttention, attention: ctx.attention, moeMaxNodes: ctx.moeMaxNodes, moeProbsAllToAll: ctx.moeProbsAllToAll,
    moeLoadFactor: moeLoadOn(ctx, layout.ep), tpCommOverlap: ctx.tpCommOverlap, moeEinsum: ctx.moeEinsum, recomputeModules: ctx.recomputeModules, cpComm: ctx.cpComm, documents: ctx.documents,
  });
  const phi = recomputedShare(ctx.arch, layout);
  const costs = layout.recompute === 'full' && phi < 1 ? blendLayerCosts(costsFor('none'), costsFor('full'), phi) : costsFor(layout.recompute);
  const params = stageParams(ctx.arch, layout);
  const worst = layout.schedule === 'dualpipe' ? dualPipeParams(params.first, params.last)
    : params.first.dense + params.first.experts >= params.last.dense + params.last.experts ? params.first : params.last;
  const parts = new Float64Array(Slot.Size);
  const traffic = new DataParallelTraffic();
  stepParts(ctx, layout, costs, worst, parts, traffic);
  const memory = (layout.pipelineLayout === undefined ? estimateMemory : estimateLayoutMemory)({ arch: ctx.arch, layout, seqLen: ctx.seqLen, globalBatchSequences: ctx.globalBatchSequences, capacityBytes: ctx.hw.memoryBytes, flashAttention: ctx.flashAttention, linearInputBytes: ctx.mc.gemmOperandBytes, moeLoadFactor: moeLoadOn(ctx, layout.ep), recomputeModules: ctx.recomputeModules, stateBytes: ctx.stateBytes, shardingPerStepUnderPp: ctx.shardingPerStepUnderPp, epCommOverlap: ctx.epCommOverlap, cpComm: ctx.cpComm, zeroPlusPlus: ctx.zeroPlusPlus });
  const link = ctx.hw.hostLink;
  // The offload cost of the optimizer shard the busiest stage steps, with the host traffic the step model charged for it, and
  // hpZ's secondary copy of that stage's dense weights where the parameters are on the host (as memory.ts counts it in HBM).
  const hpzHost = offloads(ctx.offload) ? hpzSecondaryHostBytes(stateZeroStage(layout, ctx.shardingPerStepUnderPp, ctx.arch.moe !== null), ctx.zeroPlusPlus.hpzPartitionSize, ctx.stateBytes, worst.dense) : 0;
  const offload = offloads(ctx.offload) && link ? offloadCost(ctx.offload, ctx.stateBytes, traffic.localParams, traffic.host, ctx.globalBatchSequences / (layout.microBatch * layout.dp), link, hpzHost) : undefined;
  return { layout, prediction: toPrediction(ctx, layout, parts), memory, ...(offload ? { offload } : {}) };
}
