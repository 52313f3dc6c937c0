/**
 * A decoder-only transformer, fully resolved: every default filled in, every size an integer.
 * This is the one input of the parameter and FLOP counters. Field names follow the YAML
 * (`d_model` -> `dModel`); sizes are element counts, never bytes.
 */
import type { HybridLayers } from './hybrid.js';

export type FfnKind = 'gelu' | 'swiglu';
export type NormKind = 'layernorm' | 'rmsnorm' | 'none';
/** `all`: every attention and FFN projection has a bias; `qkv`: only q, k and v (Qwen2). */
export type BiasKind = 'all' | 'qkv' | 'none';
export type PositionKind = 'learned' | 'rotary' | 'alibi' | 'relative' | 'none';
/** `head`: a norm over each head's q and k (Qwen3); `full`: over the whole q and k projections (OLMo 2). */
export type QkNormKind = 'none' | 'head' | 'full';

export interface MoeConfig {
  experts: number;
  topK: number;
  dFfExpert: number;
  sharedExperts: number;
  dFfShared: number;
  /** The first `denseLayers` layers use a dense FFN of width `dFf`; the rest are MoE. */
  denseLayers: number;
  /** A per-expert bias added to the routing scores (DeepSeek-V3 §2.1.2, auxiliary-loss-free balancing). */
  routerBias: boolean;
  /**
   * Biases on the routed experts' two linears (GPT-OSS: `gate_up_proj_bias`, `down_proj_bias`), counted
   * in the parameters; the performance model counts Megatron-Core's per-expert add of the second
   * one (src/perf/expertBias.ts).
   */
  expertBias: boolean;
}

/** DeepSeek-V2/V3 multi-head latent attention (arXiv:2405.04434 §2.1). */
export interface MlaConfig {
  /** 0 means queries are projected directly from the hidden state (no low-rank step). */
  qLoraRank: number;
  kvLoraRank: number;
  qkRopeHeadDim: number;
  qkNopeHeadDim: number;
  vHeadDim: number;
}

export interface Architecture {
  name: string;
  layers: number;
  dModel: number;
  heads: number;
  kvHeads: number;
  dHead: number;
  dFf: number;
  ffn: FfnKind;
  vocab: number;
  seqLen: number;
  tiedEmbeddings: boolean;
  norm: NormKind;
  bias: BiasKind;
  position: PositionKind;
  /** Rows of the learned position table, all counted in the parameters; 0 unless `position` is learned. */
  positionEmbeddings: number;
  /**
   * Rows of that table that are not positions (OPT's 2: modeling_opt.py OPTLearnedPositionalEmbedding's
   * offset); a sequence may use `positionEmbeddings - positionOffset` positions. 0 unless `position` is learned.
   */
  positionOffset: number;
  parallelBlock: boolean;
  /** Norms inside each block: 2 for a sequential block, 1 for PaLM/GPT-J parallel blocks, 2 for GPT-NeoX's. */
  blockNorms: number;
  qkNorm: QkNormKind;
  /** BLOOM normalises the embedding output. */
  embeddingNorm: boolean;
  moe: MoeConfig | null;
  mla: MlaConfig | null;
  /**
   * Multi-token-prediction modules (DeepSeek-V3 arXiv:2412.19437 §2.2; 0 = none). Module k projects
   * [RMSNorm(h_k−1); RMSNorm(Emb(t_i+k))] (2d) to d with M_k, runs one transformer block TRM_k and the
   * shared output head; the embedding and the head are the main model's.
   */
  mtpDepth: number;
  source?: string;
  /**
   * Sliding-window (local) attention: on `layers` of the blocks each query attends to at most
   * `window` keys, its own position included (Mistral 7B; Gemma 2, arXiv:2408.00118 §2; Gemma 3;
   * GPT-OSS). Absent or null: every layer attends over the whole sequence.
   */
  slidingWindow?: SlidingWindow | null;
  /**
   * A clamped SwiGLU (transformers' `swiglu_limit`; GPT-OSS 7.0): the gate clamped from above and the
   * linear half on both sides before the activation. No FLOPs or parameters; the performance model
   * counts its element-wise passes (src/perf/gluClamp.ts). Absent: an unclamped gated unit.
   */
  swigluLimit?: number;
  /**
   * A hybrid Mamba-2 / Transformer (Nemotron-H): which layers are Mamba-2, attention, MLP and MoE
   * (src/model/hybrid.ts). Absent: every layer is attention + FFN (or MoE).
   */
  hybrid?: HybridLayers;
  /** What an importer assumed or could not represent (src/model/hf.ts); shown with every result. */
  assumptions?: readonly string[];
  /**
   * The config field `seqLen` was read from when the file records no training length of its own
   * (`max_position_embeddings` is the longest context a model accepts); see src/model/assumptions.ts.
   */
  seqLenFrom?: string;
}

export interface SlidingWindow {
  /** Keys each query on a sliding-window layer may attend to, its own position included. */
  window: number;
  /** How many of the `layers` blocks use the window; the rest attend globally. */
  layers: number;
  /** The per-layer pattern as written (`sliding_attention, full_attention`), for explanations. */
  pattern: readonly LayerType[];
}

/** transformers' `layer_types` values (configuration_gemma2.py, configuration_gpt_oss.py). */
export type LayerType = 'sliding_attention' | 'full_attention';

/** Blocks that use the sliding window: `pattern` cycled over the layers from layer 0. */
export function slidingLayerCount(layers: number, pattern: readonly LayerType[]): number {
  // Whole repeats of the pattern, then its first (layers mod length) entries: O(pattern), whatever the depth.
  const slidingIn = (n: number) => pattern.slice(0, n).filter((t) => t === 'sliding_attention').length;
  return Math.floor(layers / pattern.length) * slidingIn(pattern.length) + slidingIn(layers % pattern.length);
}

export const FFN_MATRICES: Record<FfnKind, number> = { gelu: 2, swiglu: 3 };

export function normParams(kind: NormKind, width: number): number {
  return kind === 'layernorm' ? 2 * width : kind === 'rmsnorm' ? width : 0;
}

/** Whether the routed experts' linears carry biases: every linear does under `bias: true`, or `moe.expert_bias` (GPT-OSS). */
export function expertsBiased(arch: Architecture): boolean {
  return arch.moe !== null && (arch.bias === 'all' || arch.moe.expertBias);
}

/** Whether an MTP module's block is a MoE block: it is built like the last layer (Megatron-LM's FLOP formula: `last_layer_is_moe`; DeepSeek-V3's MTP block is a MoE layer). */
export function mtpBlockIsMoe(arch: Architecture): boolean {
  return arch.moe !== null && arch.layers > arch.moe.denseLayers;
}

/** Layers whose FFN is dense, and layers whose FFN is a mixture of experts. */
export function layerCounts(arch: Architecture): { dense: number; moe: number } {
  if (arch.hybrid) return { dense: arch.hybrid.mlp, moe: arch.hybrid.moe };
  if (!arch.moe) return { dense: arch.layers, moe: 0 };
  return { dense: arch.moe.denseLayers, moe: arch.layers - arch.moe.denseLayers };
}

/** Layers with an attention block: every layer, or the `*` layers of a hybrid pattern. */
export function attentionLayerCount(arch: Architecture): number {
  return arch.hybrid ? arch.hybrid.attention : arch.layers;
}
