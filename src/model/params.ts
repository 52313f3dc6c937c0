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

/**
 * The arithmetic the counts are written in: plain numbers for speed (the planner counts per layout),
 * or BigInt for the exact integers the output calls "exactly" (a count above 2^53 is not exact in a
 * double). One set of formulas serves both.
 */
interface Arith<T> {
  n(x: number): T;
  add(a: T, b: T): T;
  mul(a: T, b: T): T;
  sub(a: T, b: T): T;
}
const NUM: Arith<number> = { n: (x) => x, add: (a, b) => a + b, mul: (a, b) => a * b, sub: (a, b) => a - b };
const BIG: Arith<bigint> = { n: (x) => BigInt(x), add: (a, b) => a + b, mul: (a, b) => a * b, sub: (a, b) => a - b };

/** Weights and biases of one attention block (projections plus q/k norms; not the block norm). */
export function attentionParams(a: Architecture): number {
  return attentionIn(a, NUM);
}

function attentionIn<T>(a: Architecture, A: Arith<T>): T {
  const { n, add, mul } = A;
  const d = n(a.dModel);
  const biasAll = a.bias === 'all';
  const biasQkv = a.bias !== 'none';
  const linear = (din: T, dout: T, hasBias: boolean) => (hasBias ? add(mul(din, dout), dout) : mul(din, dout));
  if (a.mla) {
    const m = a.mla;
    const H = n(a.heads);
    const qk = add(n(m.qkNopeHeadDim), n(m.qkRopeHeadDim));
    const q = m.qLoraRank > 0
      ? add(add(linear(d, n(m.qLoraRank), biasQkv), n(normParams(a.norm, m.qLoraRank))), linear(n(m.qLoraRank), mul(H, qk), biasQkv))
      : linear(d, mul(H, qk), biasQkv);
    const kv = add(add(linear(d, add(n(m.kvLoraRank), n(m.qkRopeHeadDim)), biasQkv), n(normParams(a.norm, m.kvLoraRank))),
      linear(n(m.kvLoraRank), mul(H, add(n(m.qkNopeHeadDim), n(m.vHeadDim))), biasQkv));
    const o = linear(mul(H, n(m.vHeadDim)), d, biasAll);
    return add(add(q, kv), o);
  }
  const qWidth = mul(n(a.heads), n(a.dHead));
  const kvWidth = mul(n(a.kvHeads), n(a.dHead));
  const qkvWidth = add(qWidth, add(kvWidth, kvWidth));
  let p = add(mul(d, qkvWidth), mul(qWidth, d));
  if (biasQkv) p = add(p, qkvWidth);
  if (biasAll) p = add(p, d);
  // normParams: 2·width (LayerNorm), width (RMSNorm) or 0.
  const norm = (width: T) => mul(n(normParams(a.norm, 1)), width);
  if (a.qkNorm === 'head') p = add(p, mul(n(2), norm(n(a.dHead))));
  if (a.qkNorm === 'full') p = add(p, add(norm(qWidth), norm(kvWidth)));
  return p;
}

/** One FFN (dense layer, routed expert or shared expert) of hidden width `dFf`. */
export function ffnParams(a: Architecture, dFf: number): number {
  return ffnIn(a, dFf, NUM);
}

function ffnIn<T>(a: Architecture, dFf: number, A: Arith<T>): T {
  const { n, add, mul } = A;
  const mats = FFN_MATRICES[a.ffn];
  const weights = mul(mul(n(mats), n(a.dModel)), n(dFf));
  return a.bias === 'all' ? add(weights, add(mul(n(mats - 1), n(dFf)), n(a.dModel))) : weights;
}

export function countParams(a: Architecture): ParamCount {
  const { byComponent, total, active } = countIn(a, NUM);
  const embedding = byComponent.embedding + byComponent.position + byComponent.output_head;
  return { byComponent, total, active, embedding, nonEmbedding: total - embedding };
}

/** Parameters by component, total and active, as exact integers whatever their size. */
export interface ExactParamCount {
  byComponent: Record<ParamComponent, bigint>;
  total: bigint;
  active: bigint;
}

export function exactParamCount(a: Architecture): ExactParamCount {
  return countIn(a, BIG);
}

function countIn<T>(a: Architecture, A: Arith<T>): { byComponent: Record<ParamComponent, T>; total: T; active: T } {
  const { n, add, mul, sub } = A;
  const { dense, moe } = layerCounts(a);
  const d = n(a.dModel);
  const L = n(a.layers);
  const M = n(moe);
  const norm = n(normParams(a.norm, a.dModel));
  const zero = n(0);
  const byComponent: Record<ParamComponent, T> = {
    embedding: mul(n(a.vocab), d),
    position: mul(n(a.positionEmbeddings), d),
    attention: mul(L, attentionIn(a, A)),
    ffn: mul(n(dense), ffnIn(a, a.dFf, A)),
    router: a.moe ? mul(M, add(mul(d, n(a.moe.experts)), a.moe.routerBias ? n(a.moe.experts) : zero)) : zero,
    experts: a.moe ? mul(mul(M, n(a.moe.experts)), ffnIn(a, a.moe.dFfExpert, A)) : zero,
    shared_experts: a.moe ? mul(mul(M, n(a.moe.sharedExperts)), ffnIn(a, a.moe.dFfShared, A)) : zero,
    norms: add(add(mul(mul(L, n(a.blockNorms)), norm), norm), a.embeddingNorm ? norm : zero),
    output_head: a.tiedEmbeddings ? zero : mul(n(a.vocab), d),
  };
  const total = Object.values(byComponent).reduce((s, x) => add(s, x), zero);
  const inactiveExperts = a.moe ? mul(mul(M, n(a.moe.experts - a.moe.topK)), ffnIn(a, a.moe.dFfExpert, A)) : zero;
  return { byComponent, total, active: sub(total, inactiveExperts) };
}
