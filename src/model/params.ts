/**
 * Exact parameter counts by component. Weights are counted as a plain PyTorch implementation
 * holds them (nn.Linear weight d_in·d_out, bias d_out; LayerNorm weight + bias; RMSNorm weight);
 * this reproduces the published exact counts (gpt2 124,439,808; Llama-2-7b 6,738,415,616; ...),
 * see test/model/params.test.ts.
 */
import { FFN_MATRICES, layerCounts, mtpBlockIsMoe, normParams, type Architecture } from './architecture.js';

export type ParamComponent =
  | 'embedding'
  | 'position'
  | 'attention'
  | 'ffn'
  | 'router'
  | 'experts'
  | 'shared_experts'
  | 'norms'
  | 'output_head'
  | 'mtp';

export interface ParamCount {
  byComponent: Record<ParamComponent, number>;
  total: number;
  /** Parameters one token touches: total less the routed experts it is not sent to. */
  active: number;
  /** Input token embedding, learned positions and an untied output head (Kaplan's and Pythia's convention). */
  embedding: number;
  nonEmbedding: number;
}

/** Weights and biases of one attention block (projections plus q/k norms; not the block norm). */
export function attentionParams(a: Architecture): number {
  const d = a.dModel;
  const biasAll = a.bias === 'all';
  const biasQkv = a.bias !== 'none';
  if (a.mla) {
    const m = a.mla;
    const qk = m.qkNopeHeadDim + m.qkRopeHeadDim;
    const linear = (din: number, dout: number, hasBias: boolean) => din * dout + (hasBias ? dout : 0);
    const q = m.qLoraRank > 0
      ? linear(d, m.qLoraRank, biasQkv) + normParams(a.norm, m.qLoraRank) + linear(m.qLoraRank, a.heads * qk, biasQkv)
      : linear(d, a.heads * qk, biasQkv);
    const kv = linear(d, m.kvLoraRank + m.qkRopeHeadDim, biasQkv) + normParams(a.norm, m.kvLoraRank) +
      linear(m.kvLoraRank, a.heads * (m.qkNopeHeadDim + m.vHeadDim), biasQkv);
    const o = linear(a.heads * m.vHeadDim, d, biasAll);
    return q + kv + o;
  }
  const qWidth = a.heads * a.dHead;
  const kvWidth = a.kvHeads * a.dHead;
  let p = d * (qWidth + 2 * kvWidth) + qWidth * d;
  if (biasQkv) p += qWidth + 2 * kvWidth;
  if (biasAll) p += d;
  if (a.qkNorm === 'head') p += 2 * normParams(a.norm, a.dHead);
  if (a.qkNorm === 'full') p += normParams(a.norm, qWidth) + normParams(a.norm, kvWidth);
  // Transformer-XL relative positions (Dai et al. 2019; Gopher and Chinchilla, Rae et al. 2021 §3): a
  // projection W_R of the relative encodings, d × H·Q per layer. Its per-head biases u, v (2·H·Q, shared
  // across layers in Transformer-XL) are left out: Rae et al. do not say whether Gopher has them.
  if (a.position === 'relative') p += d * qWidth;
  return p;
}

/** One FFN (dense layer, routed expert or shared expert) of hidden width `dFf`. */
export function ffnParams(a: Architecture, dFf: number): number {
  const mats = FFN_MATRICES[a.ffn];
  const biases = a.bias === 'all' ? (mats - 1) * dFf + a.dModel : 0;
  return mats * a.dModel * dFf + biases;
}

/** One MoE layer's router, routed experts and shared experts. */
function moeFfnParams(a: Architecture): { router: number; experts: number; shared: number } {
  const m = a.moe!;
  return {
    router: a.dModel * m.experts + (m.routerBias ? m.experts : 0),
    experts: m.experts * ffnParams(a, m.dFfExpert),
    shared: m.sharedExperts * ffnParams(a, m.dFfShared),
  };
}

/**
 * The parameters of the multi-token-prediction modules, all of them: per module the projection M_k
 * (d×2d, as the main model's linear biases), its two input RMSNorms and the norm before the shared
 * head, and one transformer block built like the last layer (DeepSeek-V3 arXiv:2412.19437 §2.2; the
 * checkpoint's model.layers.61: eh_proj, enorm, hnorm, shared_head.norm and a MoE decoder layer). The
 * shared embedding and output head are the main model's and not counted again (the released checkpoint
 * stores copies of both: 671B main + 14B "MTP module weights" in the model card, 685B in all).
 * `experts`: the routed-expert share; `inactive`: the routed experts a token does not use.
 */
export function mtpParams(a: Architecture): { total: number; experts: number; inactive: number } {
  if (a.mtpDepth === 0) return { total: 0, experts: 0, inactive: 0 };
  const d = a.dModel;
  const norm = normParams(a.norm, d);
  const proj = 2 * d * d + (a.bias === 'all' ? d : 0);
  const moe = mtpBlockIsMoe(a);
  const f = moe ? moeFfnParams(a) : null;
  const ffn = f ? f.router + f.experts + f.shared : ffnParams(a, a.dFf);
  const block = attentionParams(a) + a.blockNorms * norm + ffn;
  const inactive = f ? (a.moe!.experts - a.moe!.topK) * ffnParams(a, a.moe!.dFfExpert) : 0;
  return { total: a.mtpDepth * (proj + 3 * norm + block), experts: a.mtpDepth * (f ? f.experts : 0), inactive: a.mtpDepth * inactive };
}

export function countParams(a: Architecture): ParamCount {
  const { dense, moe } = layerCounts(a);
  const d = a.dModel;
  const norm = normParams(a.norm, d);
  const f = a.moe ? moeFfnParams(a) : null;
  const mtp = mtpParams(a);
  const byComponent: Record<ParamComponent, number> = {
    embedding: a.vocab * d,
    position: a.positionEmbeddings * d,
    attention: a.layers * attentionParams(a),
    ffn: dense * ffnParams(a, a.dFf),
    router: f ? moe * f.router : 0,
    experts: f ? moe * f.experts : 0,
    shared_experts: f ? moe * f.shared : 0,
    norms: a.layers * a.blockNorms * norm + norm + (a.embeddingNorm ? norm : 0),
    output_head: a.tiedEmbeddings ? 0 : a.vocab * d,
    mtp: mtp.total,
  };
  const total = sum(Object.values(byComponent));
  const inactiveExperts = (a.moe ? moe * (a.moe.experts - a.moe.topK) * ffnParams(a, a.moe.dFfExpert) : 0) + mtp.inactive;
  const embedding = byComponent.embedding + byComponent.position + byComponent.output_head;
  return { byComponent, total, active: total - inactiveExperts, embedding, nonEmbedding: total - embedding };
}

function sum(xs: number[]): number {
  return xs.reduce((s, x) => s + x, 0);
}
