/**
 * Time of one transformer layer for one micro-batch on one GPU, forward + backward (+ recompute),
 * split into matrix products, memory-bound element-wise work and exposed communication. These
 * depend on (tp, cp, ep, micro-batch, sp, recompute) only, so the planner computes them once per
 * such tuple and reuses them across pp, dp, virtual stages and ZeRO stages.
 */
import type { Architecture } from '../model/architecture.js';
import type { AttentionConvention } from '../flops/conventions.js';
import type { Recompute } from './layout.js';
import { attentionWidths } from './activations.js';
import { gemmSeconds, streamSeconds, type Machine } from './machine.js';
import { allReduceSeconds, allToAllSeconds, allGatherSeconds, linkFor } from './network.js';

export interface LayerCostInputs {
  tp: number;
  cp: number;
  ep: number;
  /** Expert tensor-parallel degree (Layout.etp; default tp). Read by the MoE costs. */
  etp?: number | undefined;
  microBatch: number;
  sequenceParallel: boolean;
  recompute: Recompute;
  seqLen: number;
  flashAttention: boolean;
  attention: AttentionConvention;
  /**
   * Node-limited routing: each token goes to experts on at most this many nodes (DeepSeek-V3 M = 4,
   * arXiv:2412.19437 §2.1.2 / §3.2.2). Undefined: unlimited (every routed copy crosses the network).
   */
  moeMaxNodes?: number | undefined;
}

/** Seconds per micro-batch, forward + backward + recompute, for one layer (or the output layer). */
export interface PartCost {
  compute: number;
  memoryBound: number;
  /** Tensor-parallel all-reduces (or SP all-gather/reduce-scatter), on the critical path (Megatron §3.2). */
  tp: number;
  /** MoE dispatch/combine all-to-alls. */
  ep: number;
  /** Context-parallel K/V exchange left exposed after overlapping with the attention core. */
  cp: number;
  /** The forward pass alone (its compute, memory-bound work and communication): DualPipe's F. */
  forward: number;
  /** The weight-gradient GEMMs alone (one pass of the layer's GEMMs): DualPipe's W (Qi et al. 2023, zero-bubble "W"). */
  weightGrad: number;
}

export interface LayerCosts {
  dense: PartCost;
  moe: PartCost;
  logits: PartCost;
  /** Bytes of one pipeline send (activation or its gradient) per micro-batch (Narayanan §3.2: bsh, ÷t with scatter/gather). */
  p2pBytes: number;
}

const ACT = 2; // bytes per 16-bit activation element

export function layerCosts(arch: Architecture, mc: Machine, x: LayerCostInputs): LayerCosts {
  const t = x.tp;
  const T = (x.microBatch * x.seqLen) / x.cp; // tokens per GPU per micro-batch (all of them in each TP rank's GEMMs)
  const h = arch.dModel;
  const w = attentionWidths(arch);
  const rep = x.sequenceParallel ? 1 / t : 1; // replicated element-wise work is split by SP (Korthikanti §4.2.2)
  const full = x.recompute === 'full';
  // Passes over the forward: 1 forward + 2 backward (Kaplan §2.1), + 1 with full recomputation.
  const gemmPasses = full ? 4 : 3;
  const ewPasses = full ? 4 : 3; // element-wise backward ≈ 2× forward bytes (reads saved input and grad, writes grad)

  // Attention: QKV and output projections at their TP shard shapes.
  const dQk = w.q / arch.heads;
  const dV = arch.mla ? arch.mla.vHeadDim : arch.dHead;
  let attnGemm = gemmSeconds(mc, T, h, (w.q + w.k + w.v) / t) + gemmSeconds(mc, T, (arch.heads * dV) / t, h);
  if (arch.mla) attnGemm += gemmSeconds(mc, T, h, arch.mla.kvLoraRank + arch.mla.qLoraRank);
  // Core: each rank's s/cp queries against all s keys.
  const sq = x.seqLen / x.cp;
  const skv = x.seqLen;
  const headsLocal = arch.heads / t;
  const coreFlopsFwd = 2 * x.microBatch * sq * skv * headsLocal * (dQk + dV);
  let coreFwd: number;
  let softmaxBytes = 0;
  if (x.flashAttention) {
    // FlashAttention skips fully masked blocks, so a causal decoder does about half the s² work
    // whichever convention the MFU counts (Dao 2023 §3.1).
    coreFwd = (coreFlopsFwd * 0.5) / mc.attention + mc.kernelOverhead;
  } else {
    // Unfused: QKᵀ and A·V as batched GEMMs, plus scale-mask-softmax and dropout over the b·a·s² scores:
    // 9 bytes per score (softmax read 2 + write 2, dropout read 2 + write 2, mask 1; Korthikanti §4.1 sizes).
    const batch = x.microBatch * headsLocal;
    coreFwd = gemmSeconds(mc, sq, dQk, skv, batch) / batch + gemmSeconds(mc, sq, skv, dV, batch) / batch;
    coreFwd = batch * (coreFwd - 2 * mc.kernelOverhead) + 2 * mc.kernelOverhead; // one batched kernel each
    softmaxBytes = 9 * batch * sq * skv;
  }
  const corePasses = x.recompute === 'none' ? 3 : 4; // selective and full both recompute the core

  // Element-wise bytes per layer forward, per token: norms read+write 4h each; bias-dropout-add 7h each
  // (read x and residual, write, 1-byte mask); RoPE rewrites q and k.
  const blocks = arch.parallelBlock ? 1 : 2;
  const normBytes = 4 * h * arch.blockNorms * rep;
  const bdaBytes = 7 * h * blocks * rep;
  const ropeBytes = arch.position === 'rotary' ? (ACT * 2 * (w.q + w.k)) / t : 0;
  const ewLayerFwd = T * (normBytes + bdaBytes + ropeBytes);
  // Launches per layer forward: one per norm, per bias-dropout-add and for RoPE, plus 2 for the kernels
  // whose bytes part() adds: the FFN activation (mlp) and the attention softmax/dropout.
  const ewKernels = arch.blockNorms + blocks + (ropeBytes ? 1 : 0) + 2;

  // TP: 2 all-reduces of b·s·h forward, 2 backward, 2 more with full recompute (ZeRO §8; Megatron §3.2).
  // With sequence parallelism each all-reduce becomes an all-gather + reduce-scatter, and the backward
  // pass all-gathers the sequence-sharded inputs of the two column-parallel GEMMs again for their
  // weight gradients (Korthikanti §4.2.2; Megatron `gather_from_sequence_parallel_region` redone in
  // backward, Calculon `seq_par_ag_redo`): two more all-gathers = one all-reduce's worth per layer.
  const tpLink = linkFor(mc.network, 1, t);
  const arBytes = ACT * T * h;
  const tpComm = t > 1 ? ((full ? 6 : 4) + (x.sequenceParallel ? 1 : 0)) * allReduceSeconds(arBytes, t, tpLink) : 0;

  // CP: ring exchange of K and V (forward) and of K, V, dK, dV (backward), hidden behind the core.
  let cpExposed = 0;
  if (x.cp > 1) {
    const kvBytes = ACT * x.microBatch * x.seqLen * (w.k + w.v) / t;
    const link = linkFor(mc.network, t, x.cp);
    const comm = allGatherSeconds(kvBytes, x.cp, link) * (full ? 4 : 3);
    cpExposed = Math.max(0, comm - coreFwd * corePasses);
  }

  const mlp = (F: number, tokens: number, nExperts: number, split = t): { gemm: number; ewBytes: number } => {
    const up = arch.ffn === 'swiglu' ? 2 * F : F;
    const gemm = gemmSeconds(mc, tokens, h, up / split, nExperts) + gemmSeconds(mc, tokens, F / split, h, nExperts);
    const actBytes = (arch.ffn === 'swiglu' ? 6 : 4) * F / split; // GeLU read+write F; SwiGLU read 2F write F
    return { gemm, ewBytes: tokens * nExperts * actBytes };
  };
  const dense = mlp(arch.dFf, T, 1);
  // Forward shares of the communication: 2 of the TP all-reduces (Megatron §3.2), 1 of the CP passes.
  const tpFwd = t > 1 ? 2 * allReduceSeconds(arBytes, t, tpLink) : 0;
  const part = (ffnGemm: number, ffnEw: number, epComm: number, epFwd: number): PartCost => ({
    compute: gemmPasses * (attnGemm + ffnGemm) + corePasses * coreFwd,
    memoryBound: streamSeconds(mc, ewPasses * (ewLayerFwd + ffnEw) + (x.recompute === 'none' ? 3 : 4) * softmaxBytes, ewPasses * ewKernels),
    tp: tpComm,
    ep: epComm,
    cp: cpExposed,
    forward: attnGemm + ffnGemm + coreFwd + streamSeconds(mc, ewLayerFwd + ffnEw + softmaxBytes, ewKernels) + tpFwd + epFwd + cpExposed / corePasses,
    weightGrad: attnGemm + ffnGemm,
  });
  const denseCost = part(dense.gemm, dense.ewBytes, 0, 0);

  let moeCost = denseCost;
  if (arch.moe) {
    const m = arch.moe;
    const localExperts = m.experts / x.ep;
    // Balanced routing: each local expert receives T·k·ep/E tokens from the EP group, gathered over its
    // etp ranks (T/tp distinct tokens per rank): T·k·ep·etp/(tp·E), each rank computing 1/etp of the width
    // (MoE parallel folding, Liu et al. 2025 arXiv:2504.14960 §3; etp = tp is the unfolded case).
    const et = x.etp ?? t;
    const perExpert = (T * m.topK * x.ep * et) / (t * m.experts);
    const routed = mlp(m.dFfExpert, perExpert, localExperts, et);
    const shared = m.sharedExperts > 0 ? mlp(m.dFfShared * m.sharedExperts, T, 1) : { gemm: 0, ewBytes: 0 };
    const router = gemmSeconds(mc, T, h, m.experts, 1, true); // gating stays BF16 in FP8 recipes (DeepSeek-V3 §3.3.1)
    const permuteBytes = 2 * ACT * T * m.topK * h * 2; // permute and unpermute (read + write) of the routed copies
    // Dispatch + combine forward, twice backward, again with full recompute (DeepSeek-V3 §3.2.2; GShard).
    const one = x.ep > 1 ? expertAllToAllSeconds(mc, T / (x.sequenceParallel ? t : 1), h, m.topK, et, x.ep, x.moeMaxNodes) : 0;
    moeCost = part(routed.gemm + shared.gemm + router, routed.ewBytes + shared.ewBytes + permuteBytes, (full ? 6 : 4) * one, 2 * one);
  }

  // Output layer on the last stage: logits GEMM (3 passes) and fp32 cross-entropy over T·V/t: the logits
  // are read and written 3 times (max, exp-sum, gradient; Megatron's vocab-parallel cross-entropy), the
  // hidden input read 3 times (fp32), in 6 kernels (3 passes × forward/backward). Counted, not measured.
  // The output head stays BF16 in FP8 recipes (DeepSeek-V3 §3.3.1).
  const logitsGemm = gemmSeconds(mc, T, h, arch.vocab / t, 1, true);
  const logitsMem = streamSeconds(mc, 3 * 2 * 4 * T * (arch.vocab / t) + 3 * 4 * h * T * rep, 6);
  const logitsTp = t > 1 ? 2 * allReduceSeconds(4 * T, t, tpLink) : 0; // vocab-parallel CE: max and sum-exp per token (fp32)
  const logits: PartCost = {
    compute: 3 * logitsGemm,
    memoryBound: logitsMem,
    tp: logitsTp,
    ep: 0,
    cp: 0,
    forward: logitsGemm + logitsMem / 3 + logitsTp,
    weightGrad: logitsGemm,
  };
  return { dense: denseCost, moe: moeCost, logits, p2pBytes: (ACT * T * h) / (t > 1 ? t : 1) };
}

/**
 * One MoE dispatch (or combine) all-to-all for `tokens` tokens per GPU of width h, top-k routing, over
 * an expert-parallel group of `ep` ranks spaced `stride` (= etp, layout.ts expertParallelStride) apart.
 *
 * Unlimited routing: every routed copy is sent, S = k·h·2 bytes per token, over the group's link:
 * (n−1)/n·S/B + (n−1)α (nccl-tests AlltoAll; formulas.md §10).
 *
 * Node-limited routing (DeepSeek-V3 arXiv:2412.19437 §2.1.2, §3.2.2): "each token will be sent to at
 * most M nodes"; tokens are "first transmitted via IB to the GPUs with the same in-node index on
 * its target nodes" and then "forwarded via NVLink to specific GPUs that host their target experts",
 * the two overlapped ("IB and NVLink communications are also fully overlapped"). So the scale-out
 * all-to-all over the group's `nodes` nodes carries min(k, M, nodes)·h per token, the scale-up
 * all-to-all among the group's ep/nodes ranks on a node carries the k copies, and the dispatch takes
 * the slower of the two. (With IB 50 and NVLink 160 GB/s per GPU this is their "3.2 experts per node
 * without incurring additional overhead from NVLink".) A group inside one scale-up domain is unchanged.
 */
export function expertAllToAllSeconds(mc: Machine, tokens: number, h: number, topK: number, stride: number, ep: number, maxNodes?: number): number {
  if (ep <= 1) return 0;
  const D = mc.network.domainSize;
  const span = stride * ep;
  const nodes = span > D ? Math.ceil(span / D) : 1;
  if (maxNodes === undefined || nodes <= 1) return allToAllSeconds(ACT * tokens * topK * h, ep, linkFor(mc.network, stride, ep));
  const copies = Math.min(topK, maxNodes, nodes);
  const perNode = Math.max(1, Math.round(ep / nodes));
  const ib = allToAllSeconds(ACT * tokens * copies * h, nodes, mc.network.scaleOut);
  const nvlink = allToAllSeconds(ACT * tokens * topK * h, perNode, mc.network.scaleUp);
  return ib > nvlink ? ib : nvlink;
}
