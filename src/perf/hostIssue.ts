/**
 * Host (CPU) issue time of an eager training step. A stack that launches its kernels one by one from
 * Python (PyTorch eager: Megatron-Core, DeepSpeed, TorchTitan, LLM Foundry without CUDA graphs) cannot
 * run the GPU faster than its host issues them: when a kernel's GPU time is below its host issue time
 * the GPU waits. CUDA graphs (Megatron-Core `--cuda-graph-impl`, default `none`) replay a captured
 * sequence with one launch (`training.cuda_graphs: true`: the layers' parts of static shape, hostIssueFor),
 * and a compiled XLA program (MaxText; stack.ts kernelIssue 'compiled') issues no per-operation Python:
 * no bound at all.
 *
 * Per micro-batch on the busiest pipeline stage the host issues, per layer, the forward's kernels once,
 * the backward's twice over (passes.ts: the backward is about twice the forward, for GEMMs and
 * element-wise work alike, as layerCost.ts charges their GPU time), except the MoE token permutation's,
 * whose backward is one kernel per fused operation (moeCost.ts permutationBytes `backwardKernels`), and the
 * forward again for the recomputed layers. Without a synchronisation the host runs ahead of the GPU across the whole
 * micro-batch, so its time is the larger of the two totals. A dropless MoE layer reads its per-expert
 * token counts on the host to size its buffers (Megatron-Core token_dispatcher.py, MoEAlltoAllTokenDispatcher
 * .preprocess: "Token dropless and enable ep. A synchronization is needed before expert parallel AlltoAll
 * communication to get the `input_splits` and `output_splits` CPU values", cuda_sync_point
 * "before_ep_alltoall"; with one expert-parallel rank, "before_finish" for `tokens_per_expert`; with a
 * capacity factor and no padding, "before_permutation_1"; only padding to capacity needs none). At that
 * sync the host waits for the GPU to drain, so it cannot run ahead from the forward into the backward:
 * the forward and the backward each take the larger of host and GPU time (the backward's all-to-alls
 * reuse the forward's split sizes, so it has no sync of its own).
 */
import { expertsBiased, type Architecture } from '../model/architecture.js';
import { attentionProjectionShapes } from './attentionProjections.js';
import { CLAMP_KERNELS } from './gluClamp.js';
import { expertBiasKernelsPerPass } from './expertBias.js';
import { permutationBytes, ROUTER_KERNELS } from './moeCost.js';
import type { Layout } from './layout.js';
import { elementwiseKernels } from './passes.js';
import { rerunsCoreAttention, type RecomputeModule } from '../flops/recomputeModules.js';
import { opSacLinears } from '../flops/opCheckpoint.js';

/**
 * Host seconds per kernel of a PyTorch eager forward + backward, issued from Python. MEASURED for this
 * project (2026-11-29, flopcast's lent machine: one H200, PyTorch 2.11.0+cu130, an "Intel Xeon
 * Processor" host in a gVisor sandbox): an 8-layer pre-norm transformer block (RMSNorm, QKV and output
 * linears, scaled_dot_product_attention, SwiGLU MLP, residual adds) at hidden 256 and 128 tokens, so small
 * that every kernel's GPU time is far below its issue time; 325 kernels per forward + backward (profiler
 * count). Host time per kernel: 32.5 µs (wall time of 50 steps, GPU idle in between) and 37.4 µs (median
 * host time until backward() returns, a second machine); 35 µs is their mean. Forward alone (no_grad):
 * 16.8 and 21.0 µs per kernel; the autograd engine's backward costs more per kernel. The sandbox may make
 * it slower than a bare host (one was not measured); Transformer Engine's modules run more Python per kernel than plain PyTorch (its quantisers and
 * autograd functions are Python), which goes the other way. Not chosen against any validation row.
 * The method, restated to be run again (the original script was not kept): tools/host-issue/measure.py.
 */
export const EAGER_SECONDS_PER_KERNEL = 35e-6;

/**
 * Host seconds per kernel issued by a C++ loop inside one Python call: Transformer Engine's GroupedLinear
 * runs one cuBLAS GEMM per local expert from `te_general_grouped_gemm` (and quantises per expert in FP8),
 * so a local expert costs a launch, not a Python operation. MEASURED as above, the floor of one eager
 * launch: `y.add_(1.0)` on 1,024 elements in a Python loop, 7.8 and 13.4 µs per kernel on the two
 * machines, mean 10.6 µs (an upper bound for a launch from C++, which skips the Python dispatch).
 */
export const LOOPED_SECONDS_PER_KERNEL = 10.6e-6;

/** What the host issues per forward pass of one micro-batch, precomputed per run (runContext). */
export interface HostIssue {
  /** Eager kernels per forward of a dense layer, of a MoE layer's static part (attention, router, shared expert), of its routed part outside the per-expert terms, of the output head. */
  denseKernels: number;
  moeStaticKernels: number;
  moeRoutedKernels: number;
  headKernels: number;
  /** Tensor-parallel collectives are issued by the host (false: inside captured graphs). */
  tpIssued: boolean;
  /** Core-attention kernels a selective recomputation runs again (0: captured). */
  coreKernels: number;
  /**
   * The kernels OLMo-core's attention module runs again (0: captured): the attention projections (and their FP8
   * quantisation), RoPE, the core, as layerCost.ts reruns their GPU work (its attnAgain and coreAgain).
   */
  attentionModuleKernels: number;
  /**
   * The kernels TorchTitan's op policy runs again (0: captured): each linear it does not keep (flops/opCheckpoint.ts, one
   * GEMM each in TorchTitan's block, and its FP8 quantisation; `lowPrecisionLinears`: the count's rule, selectiveModules.ts, which runContext passes; absent, `quantised`) and every element-wise kernel of the layer, as layerCost.ts
   * reruns their GPU work (its opAgain).
   */
  opKernels: number;
  /** Routed experts, and the looped kernels per local expert per forward (fc1 and fc2 GEMMs, their FP8 quantisation). */
  experts: number;
  loopedPerExpert: number;
  /** Megatron-Core's per-expert bias loop runs (expertBias.ts): eager kernels per local expert. */
  biased: boolean;
  /** Permutation kernels (moeCost.ts permutationBytes): one expert-parallel rank, or several with a flat all-to-all, sorted or not; hierarchical. */
  permFlat: number;
  permSorted: number;
  permHierarchical: number;
  /** The same permutations' backward kernels (one per fused operation). */
  permFlatBackward: number;
  permSortedBackward: number;
  permHierarchicalBackward: number;
  hierarchical: boolean;
  /** The flat dispatcher's all-to-all of the routing probabilities, one more expert-parallel collective (layerCost.ts moeProbsAllToAll). */
  probsAllToAll: boolean;
  /** A device-to-host synchronisation per MoE layer forward (dropless, or a capacity without padding). */
  synced: boolean;
}

/**
 * Kernels per forward pass, counted from Megatron-Core's Transformer Engine layer (not measured), in the
 * same units as the layer model's GPU-side count (passes.ts elementwiseKernels): per layer, the attention
 * block's weight GEMMs (attentionProjections.ts: 2, MLA 4–5), the core attention (one fused kernel, or
 * two batched GEMMs unfused), the element-wise kernels (one per norm, per bias-dropout-add, RoPE, the
 * activation and the softmax), the FFN's two GEMMs and a clamped SwiGLU's clamps (gluClamp.ts); a MoE
 * layer's router GEMM and its ROUTER_KERNELS (moeCost.ts), the shared expert's GEMMs and activation, the
 * permutation's kernels, and per local expert its two GEMMs; the output head's GEMM and its two
 * cross-entropy kernels per pass (layerCost.ts: 6 over 3 passes). FP8 GEMMs quantise each GEMM's input in
 * the forward and its output gradient in the backward (Transformer Engine Linear and GroupedLinear
 * quantizers): one more kernel per GEMM and pass. Tensor-parallel collectives (2 all-reduces, or with
 * sequence parallelism 2 all-gathers and 2 reduce-scatters) and expert-parallel ones (dispatch, combine,
 * the split-size exchange and its device-to-host copy, and with Megatron-Core's flat dispatcher the probabilities'
 * all-to-all) are host-issued kernels too.
 *
 * With CUDA graphs (`graphed`) every part of static shape is captured and replayed at no per-kernel host
 * cost; a dropless MoE layer's part after its sync (permutation, all-to-alls, experts, combine) has
 * shapes known only then and stays eager: Megatron-Bridge's CUDA-graph guide captures a MoE model's
 * `attn`, `moe_router` and `moe_preprocess` (docs training/cuda-graphs, "TE scoped graph (MoE model)"),
 * and a whole MoE layer or iteration only with fixed-size expert buffers (padding to capacity; see
 * runContext, where such a run has no host bound).
 */
export function hostIssueFor(arch: Architecture, o: { quantised: boolean; lowPrecisionLinears?: boolean; flashAttention: boolean; moeMaxNodes: number | undefined; moeProbsAllToAll: boolean; capacityPadded: boolean; moeLayers: number; graphed: boolean }): HostIssue {
  const q = o.quantised ? 2 : 1; // a GEMM, and its quantisation in FP8
  const core = o.flashAttention ? 1 : 2;
  const clamp = arch.swigluLimit === undefined ? 0 : CLAMP_KERNELS;
  // The attention block and the layer's element-wise kernels except the FFN activation (moeRoutedKernels for the routed experts).
  const attention = q * attentionProjectionShapes(arch, 1, 1, 1).length + core + elementwiseKernels(arch) - 1;
  const m = arch.moe;
  const shared = m && m.sharedExperts > 0 ? 2 * q + 1 + clamp : 0;
  const eager = o.graphed ? 0 : 1;
  return {
    denseKernels: eager * (attention + 1 + 2 * q + clamp),
    moeStaticKernels: eager * (attention + 1 + ROUTER_KERNELS + shared),
    moeRoutedKernels: 1 + clamp,
    headKernels: eager * 3,
    tpIssued: !o.graphed,
    coreKernels: eager * core,
    attentionModuleKernels: eager * (q * attentionProjectionShapes(arch, 1, 1, 1).length + (arch.position === 'rotary' ? 1 : 0) + core),
    // The element-wise kernels less the softmax's (passes.ts counts one): the attention kernel's output is kept.
    opKernels: eager * (q * opSacLinears(arch, o.lowPrecisionLinears ?? o.quantised).filter((l) => l.reruns).length + elementwiseKernels(arch) - 1 + clamp),
    experts: m ? m.experts : 0,
    loopedPerExpert: 2 * q,
    biased: m !== null && expertsBiased(arch),
    permFlat: permutationBytes(1, 1, 1, 1, false).kernels,
    permSorted: permutationBytes(1, 1, 1, 1, true).kernels,
    permHierarchical: permutationBytes(1, 1, 1, 1, false, true).kernels,
    permFlatBackward: permutationBytes(1, 1, 1, 1, false).backwardKernels,
    permSortedBackward: permutationBytes(1, 1, 1, 1, true).backwardKernels,
    permHierarchicalBackward: permutationBytes(1, 1, 1, 1, false, true).backwardKernels,
    hierarchical: o.moeMaxNodes !== undefined,
    probsAllToAll: o.moeProbsAllToAll && o.moeMaxNodes === undefined,
    synced: m !== null && o.moeLayers > 0 && !o.capacityPadded,
  };
}

/**
 * Kernels a layer's selective recomputation issues again per micro-batch, by its modules: TorchTitan's op policy its
 * rerun linears and element-wise kernels, OLMo-core's attention the whole attention module's, else the core's where it
 * reruns (recomputeModules.ts rerunsCoreAttention: core_attn). The other modules' kernels are not counted here.
 */
export function selectiveAgainKernels(h: HostIssue, modules: readonly RecomputeModule[]): number {
  if (modules.includes('op')) return h.opKernels;
  if (modules.includes('attention')) return h.attentionModuleKernels;
  return rerunsCoreAttention(modules) ? h.coreKernels : 0;
}

/**
 * Host seconds per forward pass of one micro-batch: a dense layer, a MoE layer, the head; and a MoE layer's backward
 * (twice its forward but for the permutation's, one kernel per fused operation). A class: one hidden class, filled
 * without allocation.
 */
export class HostForward {
  dense = 0;
  moe = 0;
  head = 0;
  moeBackward = 0;
}

/** Fills `out` for a layout's tp, sequence parallelism and ep (allocation-free). */
export function hostForward(h: HostIssue, l: Pick<Layout, 'tp' | 'ep' | 'sequenceParallel'>, out: HostForward): HostForward {
  const tpColl = h.tpIssued && l.tp > 1 ? (l.sequenceParallel ? 4 : 2) : 0;
  const local = h.experts / l.ep;
  const perm = l.ep > 1 ? (h.hierarchical ? h.permHierarchical : local > 1 ? h.permSorted : h.permFlat) : h.permFlat;
  const permBackward = l.ep > 1 ? (h.hierarchical ? h.permHierarchicalBackward : local > 1 ? h.permSortedBackward : h.permFlatBackward) : h.permFlatBackward;
  const epColl = l.ep > 1 ? 4 + (h.probsAllToAll ? 1 : 0) : 0;
  out.dense = (h.denseKernels + tpColl) * EAGER_SECONDS_PER_KERNEL;
  out.moe = (h.moeStaticKernels + h.moeRoutedKernels + tpColl + perm + epColl + expertBiasKernelsPerPass(local, h.biased)) * EAGER_SECONDS_PER_KERNEL + local * h.loopedPerExpert * LOOPED_SECONDS_PER_KERNEL;
  out.head = h.headKernels * EAGER_SECONDS_PER_KERNEL;
  out.moeBackward = 2 * out.moe - (2 * perm - permBackward) * EAGER_SECONDS_PER_KERNEL;
  return out;
}

/**
 * How long one micro-batch's GPU waits on the host's kernel issue: its `gpuForward` and `gpuBusy`
 * (forward + backward) seconds against the host's `hostForwardSeconds` + `hostBackwardSeconds`. Synced:
 * each phase takes the longer of the two; otherwise the host runs ahead across the micro-batch and only
 * the totals compare. The busy time is compared as given, not re-summed from its parts: a sum rounded
 * one ulp above it printed a wait of 8.9e-16 s where the host was never the bound.
 */
export function hostWaitSeconds(gpuForward: number, gpuBusy: number, hostForwardSeconds: number, hostBackwardSeconds: number, synced: boolean): number {
  if (synced) {
    const forward = hostForwardSeconds - gpuForward;
    const backward = hostBackwardSeconds - (gpuBusy - gpuForward);
    return (forward > 0 ? forward : 0) + (backward > 0 ? backward : 0);
  }
  const wait = hostForwardSeconds + hostBackwardSeconds - gpuBusy;
  return wait > 0 ? wait : 0;
}
