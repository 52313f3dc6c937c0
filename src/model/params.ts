/**
 * Exact parameter counts by component. Weights are counted as a plain PyTorch implementation
 * holds them (nn.Linear weight d_in·d_out, bias d_out; LayerNorm weight + bias; RMSNorm weight);
 * this reproduces the published exact counts (gpt2 124,439,808; Llama-2-7b 6,738,415,616; ...),
 * see test/model/params.test.ts.
 */
import { attentionLayerCount, expertsBiased, FFN_MATRICES, layerCounts, mtpBlockIsMoe, normParams, type Architecture } from './architecture.js';
import type { MambaMixer } from './hybrid.js';

export type ParamComponent =
  | 'embedding'
  | 'position'
  | 'attention'
  | 'mamba'
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
    // Latent attention's biases are where DeepseekV3Attention and DeepseekV2Attention put them with attention_bias
    // (transformers modular_deepseek_v3.py, modular_deepseek_v2.py @ 000c33f): q_a_proj, kv_a_proj_with_mqa and o_proj;
    // never q_b_proj, kv_b_proj or a plain q_proj (no q_lora_rank). Any `bias` but none places them so (`all` adds the FFNs').
    const m = a.mla;
    const H = n(a.heads);
    const qk = add(n(m.qkNopeHeadDim), n(m.qkRopeHeadDim));
    const q = m.qLoraRank > 0
      ? add(add(linear(d, n(m.qLoraRank), biasQkv), n(normParams(a.norm, m.qLoraRank))), linear(n(m.qLoraRank), mul(H, qk), false))
      : linear(d, mul(H, qk), false);
    const kv = add(add(linear(d, add(n(m.kvLoraRank), n(m.qkRopeHeadDim)), biasQkv), n(normParams(a.norm, m.kvLoraRank))),
      linear(n(m.kvLoraRank), mul(H, add(n(m.qkNopeHeadDim), n(m.vHeadDim))), false));
    const o = linear(mul(H, n(m.vHeadDim)), d, biasQkv);
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
  // GPT-OSS's sinks (modeling_gpt_oss.py GptOssAttention: self.sinks = nn.Parameter(torch.empty(num_attention_heads))).
  if (a.attentionSinks) p = add(p, n(a.heads));
  // Transformer-XL relative positions (Dai et al. 2019; Gopher and Chinchilla, Rae et al. 2021 §3): a
  // projection W_R of the relative encodings, d × H·Q per layer. Its per-head biases u, v (2·H·Q, shared
  // across layers in Transformer-XL) are left out: Rae et al. do not say whether Gopher has them.
  if (a.position === 'relative') p = add(p, mul(d, qWidth));
  return p;
}

/**
 * One Mamba-2 mixer, as state-spaces/mamba mamba_ssm/modules/mamba2.py Mamba2.__init__ and transformers
 * modeling_nemotron_h.py NemotronHMamba2Mixer hold it (d_inner = heads·head_dim, conv_dim = d_inner +
 * 2·groups·d_state): in_proj d → 2·d_inner + 2·groups·d_state + heads ([z, x, B, C, dt]); conv1d, depthwise
 * over conv_dim channels, weight conv_dim × 1 × d_conv and a bias (conv_bias); dt_bias, A_log and D, one
 * each per head (D_has_hdim false); the gated RMSNorm's weight over d_inner; out_proj d_inner → d. in_proj
 * and out_proj carry biases only with `mamba.proj_bias` (Mamba2 `bias`; NemotronHConfig use_bias /
 * mamba_proj_bias, false in every published Nemotron-H).
 */
function mambaIn<T>(dModel: number, m: MambaMixer, A: Arith<T>): T {
  const { n, add, mul } = A;
  const d = n(dModel);
  const inner = m.heads * m.headDim;
  const convDim = inner + 2 * m.groups * m.stateSize;
  const inWidth = n(2 * inner + 2 * m.groups * m.stateSize + m.heads);
  const linear = (din: T, dout: T) => (m.projBias ? add(mul(din, dout), dout) : mul(din, dout));
  const conv = add(n(convDim * m.convKernel), n(m.convBias ? convDim : 0));
  return add(add(add(linear(d, inWidth), conv), n(3 * m.heads + inner)), linear(n(inner), d));
}

/** One FFN (dense layer, routed expert or shared expert) of hidden width `dFf`. */
export function ffnParams(a: Architecture, dFf: number): number {
  return ffnIn(a, dFf, NUM);
}

/** One routed expert: an FFN of width `dFfExpert`, with its biases where `bias: true` or `moe.expert_bias` gives them. */
export function routedExpertParams(a: Architecture): number {
  return expertIn(a, NUM);
}

function ffnIn<T>(a: Architecture, dFf: number, A: Arith<T>, biased = a.bias === 'all'): T {
  const { n, add, mul } = A;
  const mats = FFN_MATRICES[a.ffn];
  const weights = mul(mul(n(mats), n(a.dModel)), n(dFf));
  return biased ? add(weights, add(mul(n(mats - 1), n(dFf)), n(a.dModel))) : weights;
}

/**
 * A routed expert. GPT-OSS's experts carry biases while its attention output does not follow `bias:
 * true` (openai/gpt-oss-120b model.safetensors: `mlp.experts.gate_up_proj_bias` [E, 2F] and
 * `down_proj_bias` [E, d]; transformers GptOssExperts), so `moe.expert_bias` gives them on their own.
 */
function expertIn<T>(a: Architecture, A: Arith<T>): T {
  return ffnIn(a, a.moe!.dFfExpert, A, expertsBiased(a));
}

/** One MoE layer's router, routed experts and shared experts. */
function moeFfnIn<T>(a: Architecture, A: Arith<T>): { router: T; experts: T; shared: T } {
  const { n, add, mul } = A;
  const m = a.moe!;
  return {
    router: add(mul(n(a.dModel), n(m.experts)), n(m.routerBias ? m.experts : 0)),
    experts: mul(n(m.experts), expertIn(a, A)),
    shared: mul(n(m.sharedExperts), ffnIn(a, m.dFfShared, A)),
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
  return mtpIn(a, NUM);
}

function mtpIn<T>(a: Architecture, A: Arith<T>): { total: T; experts: T; inactive: T } {
  const { n, add, mul } = A;
  const zero = n(0);
  if (a.mtpDepth === 0) return { total: zero, experts: zero, inactive: zero };
  const d = n(a.dModel);
  const D = n(a.mtpDepth);
  const norm = n(normParams(a.norm, a.dModel));
  const proj = add(mul(mul(n(2), d), d), a.bias === 'all' ? d : zero);
  const f = mtpBlockIsMoe(a) ? moeFfnIn(a, A) : null;
  const ffn = f ? add(add(f.router, f.experts), f.shared) : ffnIn(a, a.dFf, A);
  const block = add(add(attentionIn(a, A), mul(n(a.blockNorms), norm)), ffn);
  const inactive = f ? mul(n(a.moe!.experts - a.moe!.topK), expertIn(a, A)) : zero;
  return { total: mul(D, add(add(proj, mul(n(3), norm)), block)), experts: f ? mul(D, f.experts) : zero, inactive: mul(D, inactive) };
}

export function countParams(a: Architecture): ParamCount {
  const num = countIn(a, NUM);
  // Below 2^53 every term (each at most the total) is an exact double. Past it each sum and
  // difference rounds again: active = total − inactive experts was off by 94 in 139,794,678,690,338
  // (a MoE of 14.7M experts, 8.6e17 in all). There every figure is the exact count rounded once.
  if (Number.isSafeInteger(num.total)) {
    const embedding = num.byComponent.embedding + num.byComponent.position + num.byComponent.output_head;
    return { ...num, embedding, nonEmbedding: num.total - embedding };
  }
  const x = exactParamCount(a);
  const embedding = x.byComponent.embedding + x.byComponent.position + x.byComponent.output_head;
  const byComponent = Object.fromEntries(Object.entries(x.byComponent).map(([k, v]) => [k, Number(v)])) as Record<ParamComponent, number>;
  return { byComponent, total: Number(x.total), active: Number(x.active), embedding: Number(embedding), nonEmbedding: Number(x.total - embedding) };
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
  const f = a.moe ? moeFfnIn(a, A) : null;
  const mtp = mtpIn(a, A);
  const byComponent: Record<ParamComponent, T> = {
    embedding: mul(n(a.vocab), d),
    position: mul(n(a.positionEmbeddings), d),
    attention: mul(n(attentionLayerCount(a)), attentionIn(a, A)),
    mamba: a.hybrid?.mixer ? mul(n(a.hybrid.mamba), mambaIn(a.dModel, a.hybrid.mixer, A)) : zero,
    ffn: mul(n(dense), ffnIn(a, a.dFf, A)),
    router: f ? mul(M, f.router) : zero,
    experts: f ? mul(M, f.experts) : zero,
    shared_experts: f ? mul(M, f.shared) : zero,
    norms: add(add(mul(mul(L, n(a.blockNorms)), norm), norm), a.embeddingNorm ? norm : zero),
    // An output-head bias (headBias) adds vocab parameters, on an untied head only (schema.ts).
    output_head: a.tiedEmbeddings ? zero : add(mul(n(a.vocab), d), a.headBias ? n(a.vocab) : zero),
    mtp: mtp.total,
  };
  const total = Object.values(byComponent).reduce((s, x) => add(s, x), zero);
  const inactiveExperts = add(a.moe ? mul(mul(M, n(a.moe.experts - a.moe.topK)), expertIn(a, A)) : zero, mtp.inactive);
  return { byComponent, total, active: sub(total, inactiveExperts) };
}
