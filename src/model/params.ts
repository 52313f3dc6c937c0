/**
 * Exact parameter counts by component. Weights are counted as a plain PyTorch implementation
 * holds them (nn.Linear weight d_in·d_out, bias d_out; LayerNorm weight + bias; RMSNorm weight);
 * this reproduces the published exact counts (gpt2 124,439,808; Llama-2-7b 6,738,415,616; ...),
 * see test/model/params.test.ts.
 */
import { FFN_MATRICES, layerCounts, normParams, type Architecture } from './architecture.js';

export type ParamComponent =
  | 'embedding'
  | 'position'
  | 'attention'
  | 'ffn'
  | 'router'
  | 'experts'
  | 'shared_experts'
  | 'norms'
  | 'output_head';

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

export function countParams(a: Architecture): ParamCount {
  const { dense, moe } = layerCounts(a);
  const d = a.dModel;
  const norm = normParams(a.norm, d);
  const byComponent: Record<ParamComponent, number> = {
    embedding: a.vocab * d,
    position: a.positionEmbeddings * d,
    attention: a.layers * attentionParams(a),
    ffn: dense * ffnParams(a, a.dFf),
    router: a.moe ? moe * (d * a.moe.experts + (a.moe.routerBias ? a.moe.experts : 0)) : 0,
    experts: a.moe ? moe * a.moe.experts * ffnParams(a, a.moe.dFfExpert) : 0,
    shared_experts: a.moe ? moe * a.moe.sharedExperts * ffnParams(a, a.moe.dFfShared) : 0,
    norms: a.layers * a.blockNorms * norm + norm + (a.embeddingNorm ? norm : 0),
    output_head: a.tiedEmbeddings ? 0 : a.vocab * d,
  };
  const total = sum(Object.values(byComponent));
  const inactiveExperts = a.moe ? moe * (a.moe.experts - a.moe.topK) * ffnParams(a, a.moe.dFfExpert) : 0;
  const embedding = byComponent.embedding + byComponent.position + byComponent.output_head;
  return { byComponent, total, active: total - inactiveExperts, embedding, nonEmbedding: total - embedding };
}

function sum(xs: number[]): number {
  return xs.reduce((s, x) => s + x, 0);
}
