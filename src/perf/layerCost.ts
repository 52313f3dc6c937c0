/**
 * Time of one transformer layer for one micro-batch on one GPU, forward + backward (+ recompute),
 * split into matrix products, memory-bound element-wise work and exposed communication. These
 * depend on (tp, cp, ep, micro-batch, sp, recompute) only, so the planner computes them once per
 * such tuple and reuses them across pp, dp, virtual stages and ZeRO stages. The last stage's
 * output layer and MTP modules are costed in lastStageCost.ts; the shapes returned are partCost.ts's,
 * and the exposed share of overlapped tensor-parallel communication is tpOverlap.ts's.
 */
import { expertsBiased, mtpBlockIsMoe, type Architecture } from '../model/architecture.js';
import type { AttentionConvention } from '../flops/conventions.js';
import type { Documents } from '../flops/documents.js';
import type { Recompute } from './layout.js';
import { DEFAULT_RECOMPUTE_MODULES, rerunsCoreAttention, separateNorms, type RecomputeModule } from '../flops/recomputeModules.js';
import { policyLinears } from '../flops/rematPolicy.js';
import { attentionWidths } from './activations.js';
import { attentionProjectionShapes, mlaUpProjectionShapes } from './attentionProjections.js';
import { attentionCoreRates, type AttentionCoreRates } from './attentionCore.js';
import { gemmSeconds, streamSeconds, type Machine } from './machine.js';
import { allReduceSeconds, linkFor } from './network.js';
import { cpExposedSeconds, P2P, type CpComm } from './cpComm.js';
import { clampBytesPerPass, CLAMP_KERNELS } from './gluClamp.js';
import { ACT_BYTES as ACT, elementwiseKernels, indexPassesOverForward, passesOverForward } from './passes.js';
import { NO_AGAIN, sumAgain, type Again } from './recomputeAgain.js';
import { expertBiasBytesPerPass, expertBiasKernelsPerPass } from './expertBias.js';
import { outputLayerCost, withMtpModules } from './lastStageCost.js';
import type { LayerCosts, PartCost } from './partCost.js';
import { tpExposed } from './tpOverlap.js';
import { einsumDispatchSeconds, expertAllToAllSeconds, groupedGemmSeconds, permutationBytes, ROUTER_BYTES_PER_EXPERT, ROUTER_KERNELS, type PaddedMoeDispatch } from './moeCost.js';

export interface LayerCostInputs {
  tp: number;
  cp: number;
  ep: number;
  microBatch: number;
  sequenceParallel: boolean;
  recompute: Recompute;
  seqLen: number;
  flashAttention: boolean;
  attention: AttentionConvention;
  /**
   * Node-limited routing: each token goes to experts on at most this many nodes (DeepSeek-V3 M = 4,
   * arXiv:2412.19437 §2.1.2 / §3.2.2), sent once per node; Infinity: a hierarchical dispatcher without
   * a limit (moeCost.ts MOE_DISPATCHERS `deepep`). Undefined: a flat all-to-all (every routed copy
   * crosses the network).
   */
  moeMaxNodes?: number | undefined;
  /**
   * The flat all-to-all dispatcher sends the routed probabilities (T·k 16-bit values) in an all-to-all of their own
   * after the tokens', and their gradient back in the backward (Megatron-Core MoEAlltoAllTokenDispatcher
   * dispatch_all_to_all; the stack's moeProbsAllToAll). Not with a hierarchical dispatcher (moeMaxNodes set), whose
   * fused dispatch carries them. Default false.
   */
  moeProbsAllToAll?: boolean | undefined;
  /** Expert tensor-parallel size (Megatron-Core `--expert-tensor-parallel-size`); default tp. */
  etp?: number | undefined;
  /** Slowest expert-parallel rank's routed tokens over the balanced count (moeCost.ts moeLoadFactor); default 1. */
  moeLoadFactor?: number | undefined;
  /** Tensor-parallel collectives run under the GEMMs they feed (with sequence parallelism; see tpExposed). */
  tpCommOverlap?: boolean | undefined;
  /** Experts padded to this capacity factor and fed by one-hot contractions (moeCost.ts einsumDispatchSeconds); undefined: by index. */
  moeEinsum?: { dispatch: Exclude<PaddedMoeDispatch, 'permute'>; capacityFactor: number } | undefined;
  /** With recompute 'selective': Megatron-Core's recompute_modules (flops/recomputeModules.ts); default core_attn. */
  recomputeModules?: readonly RecomputeModule[] | undefined;
  /**
   * attentionCoreRates(arch, mc, seqLen, cp, documents, cpComm), where the caller has them; default: computed here. The planner
   * computes them once per cp for its hundreds of layer-cost calls (plan.ts), which its first search spent 6% of its time recomputing.
   */
  coreRates?: AttentionCoreRates | undefined;
  /** How the context-parallel ranks exchange the attention's inputs (cpComm.ts; Megatron-Core cp_comm_type); default p2p. */
  cpComm?: CpComm | undefined;
  /** A document mask (flops/documents.ts): the fused core attends inside each document (attentionCore.ts); the unfused one computes the whole masked s². */
  documents?: Documents | undefined;
}

const NO_OTHER = { total: 0, forward: 0 } as const;
const NO_INDEXED = { bytes: 0, kernels: 0, backwardKernels: 0 } as const;

export function layerCosts(arch: Architecture, mc: Machine, x: LayerCostInputs): LayerCosts {
  const t = x.tp;
  const T = (x.microBatch * x.seqLen) / x.cp; // tokens per GPU per micro-batch (all of them in each TP rank's GEMMs)
  const h = arch.dModel;
  const w = attentionWidths(arch);
  const rep = x.sequenceParallel ? 1 / t : 1; // replicated element-wise work is split by SP (Korthikanti §4.2.2)
  const full = x.recompute === 'full';
  // Passes over the forward, GEMMs and element-wise work alike (passes.ts).
  const gemmPasses = passesOverForward(full);
  const ewPasses = gemmPasses;
  // Selective recomputation reruns the forward of the modules it names (recomputeModules.ts), once each.
  const modules = x.recompute === 'selective' ? x.recomputeModules ?? DEFAULT_RECOMPUTE_MODULES : [];

  // Attention: QKV and output projections at their TP shard shapes (MLA's through its low ranks).
  const dQk = w.q / arch.heads;
  const dV = arch.mla ? arch.mla.vHeadDim : arch.dHead;
  let attnGemm = 0;
  for (const g of attentionProjectionShapes(arch, T, t, rep)) attnGemm += gemmSeconds(mc, g.M, g.K, g.N);
  // Core: each rank's s/cp queries against all s keys.
  const sq = x.seqLen / x.cp;
  const skv = x.seqLen;
  const headsLocal = arch.heads / t;
  const coreFlopsFwd = 2 * x.microBatch * sq * skv * headsLocal * (dQk + dV);
  let coreFwd: number;
  let coreBwd: number;
  let softmaxBytes = 0;
  if (x.flashAttention) {
    // FlashAttention skips fully masked blocks, so a causal decoder does about half the s² work
    // whichever convention the MFU counts (Dao 2023 §3.1).
    // With a sliding window shorter than the sequence it also skips the blocks beyond the window:
    // the causal band, averaged over the layers (src/flops/window.ts); under a document mask, each document's own
    // causal triangle (flops/documents.ts: a varlen kernel or a block mask skips the blocks between documents).
    // Its backward pass does 2.5× the forward's FLOPs (it recomputes QKᵀ: 5 matrix products against 2;
    // Dao-AILab/flash-attention benchmarks/benchmark_flash_attention.py `flops(..., mode="bwd")` = 2.5·f),
    // at the kernel's measured backward rate (machine.ts attentionBackward).
    // The rates are the head-dim-128 ones, scaled to the model's query/key head dim (attentionHeadDim.ts)
    // and to the keys each query attends to per kernel call (attentionKeys.ts).
    const { workFraction, headDim: dim, keys } = x.coreRates ?? attentionCoreRates(arch, mc, x.seqLen, x.cp, x.documents, x.cpComm);
    const flops = coreFlopsFwd * 0.5 * workFraction;
    coreFwd = (flops * keys.forward) / (mc.attentionForward * dim.forward) + mc.kernelOverheadSeconds;
    coreBwd = (2.5 * flops * keys.backward) / (mc.attentionBackward * dim.backward) + mc.kernelOverheadSeconds;
  } else {
    // Unfused: QKᵀ and A·V as batched GEMMs, plus scale-mask-softmax and dropout over the b·a·s² scores:
    // 9 bytes per score (softmax read 2 + write 2, dropout read 2 + write 2, mask 1; Korthikanti §4.1 sizes).
    const batch = x.microBatch * headsLocal;
    coreFwd = gemmSeconds(mc, sq, dQk, skv, batch) / batch + gemmSeconds(mc, sq, skv, dV, batch) / batch;
    coreFwd = batch * (coreFwd - 2 * mc.kernelOverheadSeconds) + 2 * mc.kernelOverheadSeconds; // one batched kernel each
    coreBwd = 2 * coreFwd; // two GEMMs per forward GEMM (Kaplan §2.1)
    softmaxBytes = 9 * batch * sq * skv;
  }
  // Full recomputation runs the core's forward again, and selective recomputation with core_attn or OLMo-core's attention.
  const coreAgain = full || rerunsCoreAttention(modules);
  const coreTotal = (coreAgain ? 2 : 1) * coreFwd + coreBwd;

  // Element-wise bytes per layer forward, per token: norms read+write 4h each; bias-dropout-add 7h each
  // (read x and residual, write, 1-byte mask); RoPE rewrites q and k.
  const blocks = arch.parallelBlock ? 1 : 2;
  const normBytes = 4 * h * arch.blockNorms * rep;
  const bdaBytes = 7 * h * blocks * rep;
  const ropeBytes = arch.position === 'rotary' ? (ACT * 2 * (w.q + w.k)) / t : 0;
  // FP8 attention linears: the projection's input (heads·dV) quantised in the forward pass (the QKV
  // input is written by the norm, fused), the gradients of the QKV and projection outputs in the backward.
  // Per element quantised, per element-wise pass: the layer model multiplies its per-forward bytes by 3
  // passes (4 with full recomputation), and each forward input and backward gradient is quantised once.
  const q = mc.quantisation.unfused / 3;
  const qNorm = mc.quantisation.normWritten / 3;
  const attnQuant = q * ((arch.heads * dV) / t + (w.q + w.k + w.v) / t + h) + qNorm * h * rep;
  const ewLayerFwd = T * (normBytes + bdaBytes + ropeBytes + attnQuant);
  // Launches per layer forward (passes.ts elementwiseKernels): the kernels whose bytes are above, and the
  // FFN activation (mlp) and attention softmax/dropout whose bytes part() adds.
  const ewKernels = elementwiseKernels(arch);

  // TP: 2 all-reduces of b·s·h forward, 2 backward, 2 more with full recompute (ZeRO §8; Megatron §3.2).
  // With sequence parallelism each all-reduce becomes an all-gather + reduce-scatter, and the backward
  // pass all-gathers the sequence-sharded inputs of the two column-parallel GEMMs again for their
  // weight gradients (Korthikanti §4.2.2; Megatron `gather_from_sequence_parallel_region` redone in
  // backward, Calculon `seq_par_ag_redo`): two more all-gathers = one all-reduce's worth per layer.
  const tpLink = linkFor(mc.network, 1, t);
  const arBytes = ACT * T * h;
  const tpComm = t > 1 ? ((full ? 6 : 4) + (x.sequenceParallel ? 1 : 0)) * allReduceSeconds(arBytes, t, tpLink) : 0;

  // CP: the run's cp_comm_type (cpComm.ts): the ring's K/V exchange (forward) and K, V, dK, dV (backward) hidden
  // behind the core; all-gathers and all-to-alls on the critical path.
  const cpExposed = cpExposedSeconds(arch, w, mc.network, { tp: t, cp: x.cp, microBatch: x.microBatch, seqLen: x.seqLen }, x.cpComm ?? P2P, full, coreTotal);

  const upWidth = (F: number): number => (arch.ffn === 'swiglu' ? 2 * F : F); // the first linear's output: SwiGLU's gate and up
  // An FFN's element-wise bytes per token, its width F sharded `shard` ways: the activation (GeLU
  // read+write F; SwiGLU read 2F write F; a clamped SwiGLU's clamp passes, gluClamp.ts) and, in FP8,
  // the second linear's input (and the first's unless the norm writes it) in the forward pass, the
  // gradients of both outputs (up and h) in the backward pass. Dense, shared and routed experts alike.
  const activationBytesPerToken = (F: number, shard: number): number => (arch.ffn === 'swiglu' ? 6 : 4) * F / shard + clampBytesPerPass(F / shard, arch.swigluLimit);
  const ffnEwBytesPerToken = (F: number, shard: number, inputFusedWithNorm: boolean): number => {
    const up = upWidth(F);
    const actBytes = activationBytesPerToken(F, shard);
    const quant = q * (F / shard + up / shard + h) + (inputFusedWithNorm ? qNorm * h * rep : q * h);
    return actBytes + quant;
  };
  const clampKernels = arch.swigluLimit === undefined ? 0 : CLAMP_KERNELS; // per FFN and element-wise pass
  const mlp = (F: number, tokens: number, nExperts: number, inputFusedWithNorm: boolean): { gemmSeconds: number; ewBytes: number } => {
    const up = upWidth(F);
    const gemm = gemmSeconds(mc, tokens, h, up / t, nExperts) + gemmSeconds(mc, tokens, F / t, h, nExperts);
    return { gemmSeconds: gemm, ewBytes: tokens * nExperts * ffnEwBytesPerToken(F, t, inputFusedWithNorm) };
  };
  const dense = mlp(arch.dFf, T, 1, true);
  // Selective recomputation's second forward of the modules other than core_attn (recomputeAgain.ts): layernorm
  // the separate norms (4h bytes per token each, as normBytes); mla_up_proj MLA's up-projections and RoPE; mlp
  // the dense MLP (its GEMMs, element-wise pass, fused norm, and TP collective: one all-reduce's worth).
  const norms = modules.includes('layernorm') ? separateNorms(arch) : { dense: 0, moe: 0 };
  const normAgain = (n: number): Again => ({ gemmSeconds: 0, ewBytes: n * T * 4 * h * rep, kernels: n, tpAllReduces: 0 });
  let upGemm = 0;
  if (modules.includes('mla_up_proj')) for (const g of mlaUpProjectionShapes(arch, T, t)) upGemm += gemmSeconds(mc, g.M, g.K, g.N);
  // RoPE again: the forward's own RoPE bytes and its one kernel (passes.ts elementwiseKernels counts one for RoPE).
  // OLMo-core's attention (recomputeModules.ts): its projections and RoPE again (the core's second forward is coreAgain's),
  // and its column- and row-parallel linears' TP collectives, one all-reduce's worth as mlp's.
  const attnAgain: Again = modules.includes('attention') ? { gemmSeconds: attnGemm, ewBytes: T * ropeBytes, kernels: 1, tpAllReduces: t > 1 ? 1 : 0 }
    : upGemm > 0 ? { gemmSeconds: upGemm, ewBytes: T * ropeBytes, kernels: 1, tpAllReduces: 0 } : NO_AGAIN;
  // OLMo-core's feed_forward: mlp's second forward less the norm, which is outside the module.
  const ffnAgain: Again = modules.includes('mlp') ? { gemmSeconds: dense.gemmSeconds, ewBytes: dense.ewBytes + T * 4 * h * rep, kernels: 2 + clampKernels, tpAllReduces: t > 1 ? 1 : 0 }
    : modules.includes('feed_forward') ? { gemmSeconds: dense.gemmSeconds, ewBytes: dense.ewBytes, kernels: 1 + clampKernels, tpAllReduces: t > 1 ? 1 : 0 }
      : NO_AGAIN;
  // A saved-tensor policy (TorchTitan's op, flops/opCheckpoint.ts; a MaxText remat policy, flops/rematPolicy.ts): the
  // linears it reruns, at their tensor-parallel shard shapes, and every element-wise operator of the block again (norms,
  // residual adds, RoPE, the activation); the attention kernel's second forward is coreAgain's where the policy does not
  // keep its output. Under the op policy the sequence-parallel all-gathers before the column-parallel linears are outside
  // the save list and run again: two all-gathers, one all-reduce's worth; under a MaxText policy that reruns a linear
  // with tp > 1, its gather or reduction, the same worth.
  const policy = x.recompute === 'selective' ? policyLinears(arch, modules, mc.gemmOperandBytes < 2) : undefined;
  const op = modules.includes('op');
  const opAgain: Again = policy !== undefined ? {
    gemmSeconds: policy.reduce((sec, l) => (l.reruns ? sec + gemmSeconds(mc, T, l.rowParallel ? l.inWidth / t : l.inWidth, l.rowParallel ? l.outWidth : l.outWidth / t) : sec), 0),
    ewBytes: ewLayerFwd + dense.ewBytes,
    kernels: ewKernels - (coreAgain ? 0 : 1) + clampKernels, // a kept attention output: less the softmax's launch (passes.ts elementwiseKernels counts one)
    tpAllReduces: t > 1 && (op ? x.sequenceParallel : policy.some((l) => l.reruns)) ? 1 : 0,
  } : NO_AGAIN;
  const denseAgain = sumAgain(attnAgain, normAgain(norms.dense), ffnAgain, opAgain);
  // Forward shares of the communication: 2 of the TP all-reduces (Megatron §3.2), 1 of the CP passes.
  const tpFwd = t > 1 ? 2 * allReduceSeconds(arBytes, t, tpLink) : 0;
  const overlapTp = x.tpCommOverlap === true && x.sequenceParallel && t > 1;
  // `other`: matrix work outside the layer's weight GEMMs, all passes and the forward's share (the padded MoE's one-hot contractions).
  // `indexed`: the MoE token permutation's forward bytes and kernels, whose backward is one pass (passes.ts indexPassesOverForward).
  const indexPasses = indexPassesOverForward(full);
  const part = (ffnGemm: number, ffnEw: number, epComm: number, epFwd: number, extraKernels = 0, other: { total: number; forward: number } = NO_OTHER, again: Again = NO_AGAIN, indexed: { bytes: number; kernels: number; backwardKernels: number } = NO_INDEXED): PartCost => {
    const gemms = gemmPasses * (attnGemm + ffnGemm) + again.gemmSeconds;
    const tpAll = again.tpAllReduces > 0 ? tpComm + again.tpAllReduces * allReduceSeconds(arBytes, t, tpLink) : tpComm;
    const tp = overlapTp ? tpExposed(tpAll, gemms, t) : tpAll;
    return {
      // Hidden TP traffic still occupies SMs (Calibration.overlapSmFraction).
      compute: gemms + other.total + coreTotal + (tpAll - tp) * mc.calibration.overlapSmFraction,
      memoryBound: streamSeconds(mc, ewPasses * (ewLayerFwd + ffnEw) + (coreAgain ? 4 : 3) * softmaxBytes + again.ewBytes + indexPasses * indexed.bytes,
        ewPasses * (ewKernels + extraKernels) + again.kernels + (indexPasses - 1) * indexed.kernels + indexed.backwardKernels),
      tp,
      ep: epComm,
      cp: cpExposed,
      forward: attnGemm + ffnGemm + other.forward + coreFwd + streamSeconds(mc, ewLayerFwd + ffnEw + softmaxBytes + indexed.bytes, ewKernels + extraKernels + indexed.kernels) + (tpAll > 0 ? (tpFwd * tp) / tpAll : 0) + epFwd + (cpExposed * coreFwd) / coreTotal,
      weightGrad: attnGemm + ffnGemm,
    };
  };
  const denseCost = part(dense.gemmSeconds, dense.ewBytes, 0, 0, clampKernels, NO_OTHER, denseAgain);

  let moeCost = denseCost;
  if (arch.moe) {
    const m = arch.moe;
    const et = x.etp ?? t;
    const load = x.moeLoadFactor ?? 1;
    const localExperts = m.experts / x.ep;
    // Routing: each local expert receives T·k·ep/E tokens from the EP group on average, `load` times that
    // on the slowest rank, whose grouped GEMMs (sharded by etp) every rank then waits for at the combine.
    // With MoE parallel folding the etp ranks of an expert gather their tokens: T·k·ep·etp/(tp·E) (T/tp
    // distinct tokens per rank; Liu et al. 2025 arXiv:2504.14960 §3), T·k·ep/E when etp = tp.
    const perExpert = ((T * m.topK * x.ep * et) / (t * m.experts)) * load;
    const up = upWidth(m.dFfExpert);
    const routedGemm = groupedGemmSeconds(mc, perExpert, h, up / et, localExperts) + groupedGemmSeconds(mc, perExpert, m.dFfExpert / et, h, localExperts);
    // Biased experts: Megatron-Core adds fc2's probability-scaled bias per local expert outside the GEMM (expertBias.ts).
    const biased = expertsBiased(arch);
    const routedEw = perExpert * localExperts * (ffnEwBytesPerToken(m.dFfExpert, et, false) + expertBiasBytesPerPass(h, biased));
    const shared = m.sharedExperts > 0 ? mlp(m.dFfShared * m.sharedExperts, T, 1, true) : { gemmSeconds: 0, ewBytes: 0 };
    // The router and the permutation see the rank's own tokens: T, or T/t when sequence parallelism shards them.
    const Tr = T * rep;
    const router = gemmSeconds(mc, Tr, h, m.experts, 1, true); // gating stays BF16 in FP8 recipes (DeepSeek-V3 §3.3.1)
    const perm = permutationBytes(Tr, h, m.topK, load, x.ep > 1 && localExperts > 1, x.ep > 1 && x.moeMaxNodes !== undefined);
    const routerBytes = Tr * m.experts * ROUTER_BYTES_PER_EXPERT;
    // Dispatch + combine forward, twice backward, again with full recompute (DeepSeek-V3 §3.2.2; GShard),
    // at the slowest receiver's load.
    const one = x.ep > 1 ? load * expertAllToAllSeconds(mc, Tr, h, m.topK, m.experts, et, x.ep, x.moeMaxNodes) : 0;
    // The probabilities' own all-to-all beside the dispatch's (moeProbsAllToAll): T·k values of 2 bytes, at the same load.
    const probs = x.ep > 1 && x.moeProbsAllToAll === true && x.moeMaxNodes === undefined ? load * expertAllToAllSeconds(mc, Tr, 1, m.topK, m.experts, et, x.ep) : 0;
    const dispatchCombine = 2 * one + probs; // one pass: dispatch (tokens, probabilities) and combine
    // One-hot dispatch and combine: over each (sub-)sequence on the GPU, or over its whole micro-batch.
    const ein = x.moeEinsum;
    const contractions = ein === undefined ? NO_OTHER
      : ein.dispatch === 'sequence-einsum'
        ? einsumDispatchSeconds(mc, x.seqLen / x.cp, x.microBatch, h / t, m.topK, m.experts, ein.capacityFactor, full)
        : einsumDispatchSeconds(mc, T, 1, h / t, m.topK, m.experts, ein.capacityFactor, full);
    const moeClampKernels = clampKernels * (m.sharedExperts > 0 ? 2 : 1); // the routed experts' grouped FFN, and the shared one
    // moe_act: the routed experts' activation again (experts.py CheckpointWithoutOutput); layernorm: both separate norms.
    const actAgain: Again = modules.includes('moe_act') ? { gemmSeconds: 0, ewBytes: perExpert * localExperts * activationBytesPerToken(m.dFfExpert, et), kernels: 1 + clampKernels, tpAllReduces: 0 } : NO_AGAIN;
    const moeGemm = routedGemm + shared.gemmSeconds + router;
    // The permutation goes to part() apart (`indexed`): its backward is one pass, not two.
    const moeEw = routedEw + shared.ewBytes + routerBytes;
    const moeKernels = ROUTER_KERNELS + moeClampKernels + expertBiasKernelsPerPass(localExperts, biased);
    const activations = m.sharedExperts > 0 ? 2 : 1; // the routed and the shared FFN's activation kernels (as elementwiseKernels counts the FFN's)
    // moe (moe_layer.py MoELayer, recomputeModules.ts): the whole MoE forward again (GEMMs, element-wise work,
    // kernels, the one-hot contractions' forward share, one TP all-reduce's worth as mlp) and its dispatch and
    // combine all-to-alls, inside the checkpoint; it subsumes moe_act. shared_experts: the shared FFN again
    // (GEMMs, element-wise pass; its column- and row-parallel linears' TP collectives, one all-reduce's worth
    // as mlp's), twice with moe (the nested checkpoints).
    const wholeAgain: Again = modules.includes('moe')
      ? { gemmSeconds: moeGemm + contractions.forward, ewBytes: moeEw + perm.bytes, kernels: moeKernels + perm.kernels + activations, tpAllReduces: t > 1 ? 1 : 0 }
      : actAgain;
    const sharedAgain: Again = modules.includes('shared_experts') && m.sharedExperts > 0
      ? { gemmSeconds: shared.gemmSeconds, ewBytes: shared.ewBytes, kernels: 1 + clampKernels, tpAllReduces: t > 1 ? 1 : 0 }
      : NO_AGAIN;
    const moeAgain = sumAgain(attnAgain, normAgain(norms.moe), wholeAgain, sharedAgain);
    const epAgain = modules.includes('moe') ? dispatchCombine : 0;
    moeCost = part(moeGemm, moeEw, (full ? 3 : 2) * dispatchCombine + epAgain, dispatchCombine, moeKernels, contractions, moeAgain, perm);
  }

  // The last stage's output layer and MTP modules (lastStageCost.ts); an MTP block is built like the last layer.
  const head = outputLayerCost(arch, mc, T, t, rep, tpLink);
  const logits = withMtpModules(arch, mc, head, mtpBlockIsMoe(arch) ? moeCost : denseCost, T, t, rep, gemmPasses);
  return { dense: denseCost, moe: moeCost, logits, head, p2pBytes: (ACT * T * h) / (t > 1 ? t : 1) };
}
