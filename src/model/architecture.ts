/**
 * A decoder-only transformer, fully resolved: every default filled in, every size an integer.
 * This is the one input of the parameter and FLOP counters. Field names follow the YAML
 * (`d_model` -> `dModel`); sizes are element counts, never bytes.
 */
import type { HybridLayers } from './hybrid.js';

// Each kind's values, listed once: the model file schema (model/schema.ts) and the check of a library loader's
// Architecture (library/loaded.ts) both read these lists.
export const FFN_KINDS = ['gelu', 'swiglu'] as const;
export type FfnKind = (typeof FFN_KINDS)[number];
export const NORM_KINDS = ['layernorm', 'rmsnorm', 'none'] as const;
export type NormKind = (typeof NORM_KINDS)[number];
/**
 * `all`: every attention and FFN projection has a bias; `qkv`: only q, k and v (Qwen2). On latent attention (MLA) either
 * puts the attention's biases where DeepseekV3Attention does (q_a_proj, kv_a_proj_with_mqa, o_proj: src/model/params.ts).
 */
export const BIAS_KINDS = ['all', 'qkv', 'none'] as const;
export type BiasKind = (typeof BIAS_KINDS)[number];
export const POSITION_KINDS = ['learned', 'rotary', 'alibi', 'relative', 'none'] as const;
export type PositionKind = (typeof POSITION_KINDS)[number];
/** `head`: a norm over each head's q and k (Qwen3); `full`: over the whole q and k projections (OLMo 2). */
export const QK_NORM_KINDS = ['none', 'head', 'full'] as const;
export type QkNormKind = (typeof QK_NORM_KINDS)[number];

export interface MoeConfig {
  experts: number;
  topK: number;
  dFfExpert: number;
  sharedExperts: number;
  dFfShared: number;
  /** The first `denseLayers` layers use a dense FFN of width `dFf`; after them, the MoE layers are set by `every`. */
  denseLayers: number;
  /**
   * From layer `denseLayers` on, layer i is MoE when (i + 1) is a multiple of `every`, else dense (width `dFf`):
   * 1, every layer (Mixtral, DeepSeek after its dense layers); 2, every other layer from layer 1 (Llama 4
   * Maverick: transformers configuration_llama4.py Llama4TextConfig `moe_layers = list(range(interleave_moe_layer_step
   * - 1, num_hidden_layers, interleave_moe_layer_step))`). {@link isMoeLayer} is the one rule.
   */
  every: number;
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
  /** A bias on the untied output head, `vocab` parameters (GPT-J, phi-2: transformers' lm_head with bias=True). Absent: none. */
  headBias?: boolean;
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
  /** One learned sink logit per head and layer (GPT-OSS): parameters, no matrix product. */
  attentionSinks?: boolean;
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
  /** Chunked local attention on some layers (Llama 4). Absent or null: no layer is chunked. */
  chunkedAttention?: ChunkedAttention | null;
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
   * The one of {@link assumptions} that says the imported config's multi-token-prediction layers are not counted
   * (src/model/hf/read.ts HfConfig.noteUncountedMtp): a run that counts them drops it (scenario/model.ts mtpTrained).
   */
  uncountedMtpNote?: string;
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

/**
 * Chunked local attention (Llama 4's RoPE layers: transformers masking_utils `chunked_overlay`, a query
 * at position i attends to the keys from ⌊i/C⌋·C to i, its own chunk of `chunk` tokens up to itself).
 */
export interface ChunkedAttention {
  /** Tokens per chunk, C (transformers' `attention_chunk_size`; Llama 4: 8192). */
  chunk: number;
  /** How many of the `layers` blocks attend within their chunk; the rest attend globally (or slide). */
  layers: number;
  /** The per-layer pattern as written (`chunked_attention, …, full_attention`), for explanations. */
  pattern: readonly LayerType[];
}

/** transformers' `layer_types` values (configuration_gemma2.py, configuration_gpt_oss.py, configuration_llama4.py). */
export type LayerType = 'sliding_attention' | 'chunked_attention' | 'full_attention';
export const LAYER_TYPES: readonly LayerType[] = ['sliding_attention', 'chunked_attention', 'full_attention'];

/** Blocks of type `kind` (default: sliding) when `pattern` is cycled over the layers from layer 0. */
export function layerTypeCount(layers: number, pattern: readonly LayerType[], kind: LayerType = 'sliding_attention'): number {
  // Whole repeats of the pattern, then its first (layers mod length) entries: O(pattern), whatever the depth.
  const kindIn = (n: number) => pattern.slice(0, n).filter((t) => t === kind).length;
  return Math.floor(layers / pattern.length) * kindIn(pattern.length) + kindIn(layers % pattern.length);
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
  return arch.moe !== null && isMoeLayer(arch.moe, arch.layers - 1);
}

/** The MoE-layer rule, once: layer i (from 0) is MoE when i ≥ denseLayers and (i + 1) is a multiple of `every` ({@link MoeConfig.every}). */
export function isMoeLayer(moe: Pick<MoeConfig, 'denseLayers' | 'every'>, i: number): boolean {
  return i >= moe.denseLayers && (i + 1) % moe.every === 0;
}

/** MoE layers among layers 0 … n − 1 under {@link isMoeLayer}, in closed form: the multiples of `every` in [denseLayers + 1, n]. */
export function moeLayersBelow(moe: Pick<MoeConfig, 'denseLayers' | 'every'>, n: number): number {
  return n <= moe.denseLayers ? 0 : Math.floor(n / moe.every) - Math.floor(moe.denseLayers / moe.every);
}

/** Layers whose FFN is dense, and layers whose FFN is a mixture of experts. */
export function layerCounts(arch: Architecture): { dense: number; moe: number } {
  if (arch.hybrid) return { dense: arch.hybrid.mlp, moe: arch.hybrid.moe };
  if (!arch.moe) return { dense: arch.layers, moe: 0 };
  const moe = moeLayersBelow(arch.moe, arch.layers);
  return { dense: arch.layers - moe, moe };
}

/**
 * The MoE layers the busiest pipeline rank is charged under the even split (no written pipeline layout): of its
 * ⌈L/pp⌉ layers, min(⌈L/pp⌉, MoE layers) when every layer after the dense ones is MoE (an upper bound: the
 * stages after the dense layers hold only MoE layers). With moe.every > 1 the ranks are counted one by one:
 * each holds `virtualStages` chunks of ⌈L/(pp·v)⌉ consecutive layers, chunk k on rank k mod pp (Megatron-Core
 * get_transformer_layer_offset for an even split, as pipelineLayout.ts places a written layout; an uneven split
 * without a written layout is approximated by ceiling-sized chunks), and with an odd chunk on an
 * even pp a rank's chunks all start on layers of one parity: Maverick (MoE on odd layers) at pp 4 × vp 4
 * puts 8 MoE layers of 12 on ranks 1 and 3, where consecutive stages would hold 6. `inV`: the chunks are placed in
 * zb-v's V (perf/schedules.ts placesInV): of two chunks a rank, rank r holds chunks r and 2pp − 1 − r, so
 * Maverick at pp 8 holds 3 MoE layers on every rank, where chunks r and r + pp would put 4 on some.
 */
/** zb-v's V pairs rank r with chunk 2pp − 1 − r (its second), and chunk k ≥ pp with rank 2pp − 1 − k (perf/schedules.ts placesInV). */
export const vSecondChunk = (rank: number, pp: number): number => 2 * pp - 1 - rank;

export function moeLayersPerRank(arch: Architecture, pp: number, virtualStages: number, moeLayers = layerCounts(arch).moe, inV = false): number {
  const L = arch.layers;
  const perStage = Math.ceil(L / pp);
  if (!arch.moe || arch.hybrid || arch.moe.every === 1) return moeLayers < perStage ? moeLayers : perStage;
  const moe = arch.moe;
  const chunk = Math.ceil(L / (pp * virtualStages));
  let most = 0;
  const v = inV && virtualStages === 2;
  for (let r = 0; r < pp; r++) {
    let n = 0;
    if (v) {
      // The V's second chunk starts at (2pp − 1 − r)·chunk, not (pp + r)·chunk.
      const second = Math.min(L, vSecondChunk(r, pp) * chunk);
      n = moeLayersBelow(moe, Math.min(L, r * chunk + chunk)) - moeLayersBelow(moe, Math.min(L, r * chunk)) + moeLayersBelow(moe, Math.min(L, second + chunk)) - moeLayersBelow(moe, second);
    } else {
      for (let start = r * chunk; start < L; start += pp * chunk) n += moeLayersBelow(moe, Math.min(L, start + chunk)) - moeLayersBelow(moe, start);
    }
    if (n > most) most = n;
  }
  return most < perStage ? most : perStage;
}

/** Layers with an attention block: every layer, or the `*` layers of a hybrid pattern. */
export function attentionLayerCount(arch: Architecture): number {
  return arch.hybrid ? arch.hybrid.attention : arch.layers;
}

/** Attention blocks a token passes through in training: the attention layers and the MTP modules' blocks (count.ts L). */
export function attentionBlockCount(arch: Architecture): number {
  return attentionLayerCount(arch) + arch.mtpDepth;
}
