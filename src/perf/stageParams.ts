/**
 * Parameters per pipeline stage on one GPU: the layers a stage holds (⌈L/pp⌉), split by tp (dense) and
 * etp·ep (routed experts), with the embedding on the first stage and the output head (or its tied copy)
 * and the multi-token-prediction modules on the last (zb-v's V: all on rank 0, vParams). memory.ts sizes the model states from them,
 * step.ts and dataParallel.ts the optimizer step and the data-parallel traffic.
 */
import { layerCounts, moeLayersPerRank, type Architecture } from '../model/architecture.js';
import { attentionParams, countParams, ffnParams, mtpParams, routedExpertParams } from '../model/params.js';
import type { Layout } from './layout.js';
import { placementOf } from './pipelineLayout.js';
import { placesInV } from './schedules.js';

/** Parameters on the GPUs of the busiest stage, split into dense (÷tp) and expert (÷etp·ep) parts. */
export interface StageParams {
  dense: number;
  experts: number;
  /** Largest single layer, unsharded by ZeRO (the ZeRO-3 gather buffer). */
  layerMax: number;
  /** Of `dense`, the parameters outside the transformer layers: the embedding and output head (and their copies), 16-bit even with FP8 layer weights. */
  outside: number;
}

/**
 * The architecture's parameter counts {@link stageParams} splits over the stages: the same for every
 * layout, so the planner counts them once per search and passes them in.
 */
export interface ModelParamShares {
  moeLayers: number;
  /** One layer's parameters outside the routed experts (norms spread over the layers and the final norm). */
  layerNonExpert: number;
  /** Input embedding and learned positions. */
  emb: number;
  /** An untied output head; tied: 0 and `tiedHead`, the copy a last stage holds when pp > 1. */
  outputHead: number;
  tiedHead: number;
  expertPerLayer: number;
  attention: number;
  /** All routed experts of one MoE layer (0 without MoE layers), its shared experts, and one dense FFN. */
  expertFfn: number;
  sharedFfn: number;
  denseFfn: number;
  /** Layers with a dense FFN (all of them without MoE; DeepSeek-V3's first 3, Maverick's every other). */
  denseLayers: number;
  mtp: { total: number; experts: number };
}

export function modelParamShares(arch: Architecture): ModelParamShares {
  const pc = countParams(arch);
  const { moe: moeLayers, dense: denseLayers } = layerCounts(arch);
  const L = arch.layers;
  const expertTotal = pc.byComponent.experts;
  const mtp = mtpParams(arch);
  return {
    moeLayers,
    layerNonExpert: (pc.total - pc.embedding - expertTotal - pc.byComponent.norms - mtp.total) / L + (pc.byComponent.norms / (L + 1)),
    emb: pc.byComponent.embedding + pc.byComponent.position,
    outputHead: arch.tiedEmbeddings ? 0 : pc.byComponent.output_head,
    tiedHead: arch.tiedEmbeddings ? arch.vocab * arch.dModel : 0,
    expertPerLayer: moeLayers > 0 ? expertTotal / moeLayers : 0,
    attention: attentionParams(arch),
    expertFfn: arch.moe && moeLayers > 0 ? routedExpertParams(arch) * arch.moe.experts : 0,
    sharedFfn: arch.moe && moeLayers > 0 ? arch.moe.sharedExperts * ffnParams(arch, arch.moe.dFfShared) : 0,
    denseFfn: ffnParams(arch, arch.dFf),
    denseLayers,
    mtp: { total: mtp.total, experts: mtp.experts },
  };
}

/**
 * A GPU's share of the largest layer's parameters, ZeRO-3's gather buffer (memory.ts) and the gather a
 * micro-batch cannot hide (dataParallel.ts): attention ÷ tp and the layer's FFN, a MoE layer's routed experts
 * ÷ ep·etp and shared experts ÷ tp, a dense layer's FFN ÷ tp; the larger of the two where a model has both
 * (DeepSeek-V3's three dense first layers; Maverick's every other layer, whose dense FFN outweighs a rank's
 * experts and shared expert once ep·etp passes 128, where the two are equal). The router (d·E, not split) is left out, as the norms are.
 */
const largestLayerParams = (layout: Layout, shares: ModelParamShares): number => {
  const moeFfn = shares.moeLayers > 0 ? shares.expertFfn / (layout.ep * layout.etp) + shares.sharedFfn / layout.tp : 0;
  const denseFfn = shares.denseLayers > 0 ? shares.denseFfn / layout.tp : 0;
  return shares.attention / layout.tp + (moeFfn > denseFfn ? moeFfn : denseFfn);
};

/**
 * Parameter split by stage: first (embedding) and last (output head or its tied copy). With a pipeline
 * layout, `first` is rank 0's and `last` the rank holding the most parameters (the first of equals), which
 * the data-parallel traffic and the optimizer step wait for ({@link rankParams}). Without one under zb-v, `first`
 * is rank 0, which holds both ends of the V, and `last` a middle rank ({@link vParams}). `inV`: the V's placement
 * (default: the layout's schedule's; the planner asks for both, planScratch.ts stageSetOf).
 */
export function stageParams(arch: Architecture, layout: Layout, shares: ModelParamShares = modelParamShares(arch), inV = placesInV(layout.schedule)): { first: StageParams; last: StageParams } {
  if (layout.pipelineLayout !== undefined) {
    const ranks = rankParams(arch, layout, shares, inV);
    return { first: ranks[0]!, last: ranks.reduce((a, r) => (r.dense + r.experts > a.dense + a.experts ? r : a)) };
  }
  const { moeLayers, layerNonExpert, emb, expertPerLayer, mtp } = shares;
  const perStage = Math.ceil(arch.layers / layout.pp);
  const head = arch.tiedEmbeddings ? (layout.pp > 1 ? shares.tiedHead : 0) : shares.outputHead;
  const tp = layout.tp;
  // The busiest stage holds the most MoE layers a rank can (dense layers come first; with moe.every > 1 they alternate).
  const moeInStage = moeLayersPerRank(arch, layout.pp, layout.virtualStages, moeLayers, inV);
  // Experts: E/ep per rank, each split over etp ranks (MoE parallel folding, Liu et al. 2025 arXiv:2504.14960).
  const experts = (expertPerLayer * moeInStage) / (layout.etp * layout.ep);
  const body = (layerNonExpert * perStage) / tp;
  const layerMax = largestLayerParams(layout, shares);
  if (layout.pp > 1 && inV) return vParams(body, moeInStage, layerMax, tp, layout.etp * layout.ep, shares);
  const first = { dense: body + emb / tp, experts, layerMax, outside: emb / tp };
  // The MTP modules sit on the last stage, which then also needs the input embedding (Megatron-Core
  // GPTModel builds it where `pre_process or mtp_process`): a copy when pp > 1, as for tied weights.
  const mtpDense = (mtp.total - mtp.experts) / tp + (mtp.total > 0 && layout.pp > 1 ? emb / tp : 0);
  // Outside the layers on the last stage: the head, and the input embedding wherever the last stage holds one (pp = 1, or MTP).
  const embOnLast = layout.pp === 1 || mtp.total > 0 ? emb / tp : 0;
  const last = { dense: body + head / tp + (layout.pp === 1 ? emb / tp : 0) + mtpDense, experts: experts + mtp.experts / (layout.etp * layout.ep), layerMax, outside: head / tp + embOnLast };
  if (layout.pp === 1) return { first: last, last };
  return { first, last };
}

/**
 * zb-v's even split: rank k holds chunks k and 2pp − 1 − k (schedules.ts placesInV), so rank 0 (`first`)
 * holds ⌈L/pp⌉ layers' worth in its two half chunks, the embedding, the head (a tied one shares the embedding:
 * no copy) and the MTP modules (whose input embedding is the rank's own: no copy); every other rank (`last`, a
 * middle one) holds its layers only. The sums are {@link rankParams}' for the even layout written out.
 */
function vParams(body: number, moeLayers: number, layerMax: number, tp: number, ex: number, shares: ModelParamShares): { first: StageParams; last: StageParams } {
  const { emb, outputHead, mtp, expertPerLayer } = shares;
  const outside = emb / tp + outputHead / tp; // outputHead: 0 when tied
  return {
    first: { dense: body + outside + (mtp.total - mtp.experts) / tp, experts: (expertPerLayer * moeLayers + mtp.experts) / ex, layerMax, outside },
    last: { dense: body, experts: (expertPerLayer * moeLayers) / ex, layerMax, outside: 0 },
  };
}

/**
 * Per pipeline rank, the parameters a pipeline layout places there (pipelineLayout.ts): its decoder layers
 * (dense and MoE), the embedding where E is, the head where L is (a tied head's copy only on a rank without
 * the embedding), and the MTP modules where the m are, with the input embedding they need (Megatron-Core
 * GPTModel builds it where `pre_process or mtp_process`) unless the rank holds E. The same shares as
 * {@link stageParams}, so an even layout written out gives its first and last stage, except that a rank holds
 * the dense layers it really holds: without a layout the first stage is charged the most MoE layers ⌈L/pp⌉
 * layers can hold (moeLayersPerRank, the even rule's upper bound), so for a model whose first layers are dense
 * (DeepSeek-V3) the two differ.
 */
export function rankParams(arch: Architecture, layout: Layout, shares: ModelParamShares = modelParamShares(arch), inV = placesInV(layout.schedule)): StageParams[] {
  const { layerNonExpert, emb, expertPerLayer, mtp } = shares;
  const tp = layout.tp;
  const ex = layout.etp * layout.ep;
  const layerMax = largestLayerParams(layout, shares);
  const D = arch.mtpDepth;
  return placementOf(arch, layout.pipelineLayout!, layout.pp, inV).ranks.map((r) => {
    const head = r.loss ? (arch.tiedEmbeddings ? (r.embedding ? 0 : shares.tiedHead) : shares.outputHead) / tp : 0;
    const share = D > 0 ? r.mtp / D : 0;
    const embedding = r.embedding || r.mtp > 0 ? emb / tp : 0;
    const outside = embedding + head;
    const dense = (layerNonExpert * (r.dense + r.moe)) / tp + outside + (share * (mtp.total - mtp.experts)) / tp;
    return { dense, experts: (expertPerLayer * r.moe + share * mtp.experts) / ex, layerMax, outside };
  });
}

/**
 * DualPipe: rank i holds stages i and pp−1−i ("DualPipe requires keeping two copies of the model
 * parameters", DeepSeek-V3 arXiv:2412.19437 §3.2.1, Table 2 "Parameter 2×"; deepseek-ai/DualPipe
 * examples build each rank's modules from full_modules[rank] and full_modules[num_ranks − 1 − rank]).
 * The busiest ranks are the two ends, which hold the first stage (embedding) and the last (head).
 */
export function dualPipeParams(first: StageParams, last: StageParams): StageParams {
  return { dense: first.dense + last.dense, experts: first.experts + last.experts, layerMax: Math.max(first.layerMax, last.layerMax), outside: first.outside + last.outside };
}
