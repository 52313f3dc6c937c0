/**
 * Exact matrix-product FLOPs per token, by component, for forward, backward and recomputation.
 * Each component carries its formula and the numbers put in, so `--explain` can show the working.
 * The totals equal, to the FLOP, an aten mm/addmm/bmm count of a plain PyTorch implementation
 * (test/golden/torch-flops.json, produced by tools/torch-count/count.py). The components' ids, shape and
 * classes (inside the layers, attention core, parameter-free) are components.ts's.
 */
import { barred, describeNumber, InputError } from '../input/errors.js';
import { attentionBlockCount, FFN_MATRICES, layerCounts, mtpBlockIsMoe, type Architecture } from '../model/architecture.js';
import type { AttentionConvention, RecomputeMode } from './conventions.js';
import { mambaParts } from './mamba.js';
import { fullRecomputeOf, isAttentionCore, type FlopComponent, type FlopComponentId } from './components.js';
import { DEFAULT_RECOMPUTE_MODULES, componentReruns, type RecomputeModule } from './recomputeModules.js';
import { rerunLinearFlops } from './opCheckpoint.js';
import { policyLinears } from './rematPolicy.js';
import { chunkedKeys, documentKeys, windowedKeys, type WindowedKeys } from './window.js';
import { documentsProblem, documentsText, type Documents } from './documents.js';
import { int, plural } from '../report/format.js';

export interface FlopOptions {
  seqLen: number;
  attention: AttentionConvention;
  recompute: RecomputeMode;
  /**
   * With recompute 'full': the share of the layers recomputed (block recomputation, src/perf/layout.ts recomputedShare:
   * recomputeLayers of each pipeline chunk's layers), 0 to 1; absent: all. Each layer component's recomputation is its
   * forward × this, rounded to a whole FLOP per token. The exact share, as the planner's HFU takes it
   * (layoutHardwareFlopsPerToken): as whole layers of the model (round(share × layers)) a run's HFU differed from it.
   */
  recomputedShare?: number | undefined;
  /**
   * With recompute 'selective': Megatron-Core's recompute_modules (recomputeModules.ts); absent: its
   * default, the core attention alone.
   */
  recomputeModules?: readonly RecomputeModule[] | undefined;
  /** The linears run in FP8 or FP4 (training.gemm_precision): TorchTitan's op policy keeps none of their outputs (opCheckpoint.ts). */
  lowPrecisionLinears?: boolean | undefined;
  /**
   * A document mask (documents.ts): attention runs inside each document only, and QKᵀ and A·V count the keys there
   * (window.ts documentKeys); absent: the whole sequence attends.
   */
  documents?: Documents | undefined;
}

export interface FlopsPerToken {
  forward: number;
  backward: number;
  recompute: number;
  /** forward + backward: the work the model requires (PaLM's "model FLOPs"). */
  model: number;
  /** model + recompute: the work the hardware does. */
  hardware: number;
}

export interface FlopCount {
  options: FlopOptions;
  components: FlopComponent[];
  perToken: FlopsPerToken;
}

function defaultFlopOptions(a: Architecture, o: Partial<FlopOptions> = {}): FlopOptions {
  return { seqLen: o.seqLen ?? a.seqLen, attention: o.attention ?? 'full', recompute: o.recompute ?? 'none', ...(o.recomputedShare !== undefined ? { recomputedShare: o.recomputedShare } : {}), ...(o.recomputeModules !== undefined ? { recomputeModules: o.recomputeModules } : {}), ...(o.lowPrecisionLinears === true ? { lowPrecisionLinears: true } : {}), ...(o.documents !== undefined ? { documents: o.documents } : {}) };
}

/**
 * A learned position table holds one row per position: a sequence longer than its positions cannot run
 * without new rows, which are parameters the model does not have (`flops gpt2 --seq-len 4096` counted
 * GPT-2's 1,024-row table, 124.4M parameters, as if it ran 4,096 positions). `offset` of the rows are not
 * positions (OPT's 2: transformers modeling_opt.py OPTLearnedPositionalEmbedding adds 2 to every position
 * id, so opt-125m's 2,050 rows serve 2,048 positions). Rotary, ALiBi and relative positions have no
 * table (0 rows).
 */
export function positionTableProblem(rows: number, offset: number, seqLen: number): string | undefined {
  const positions = rows - offset;
  if (rows === 0 || seqLen <= positions) return undefined;
  if (offset === 0) {
    return `a learned position table of ${int(rows)} rows has no position past ${int(rows)}, found seq_len ${int(seqLen)} | give seq_len ${rows} or less, or a model file with position_embeddings: ${seqLen} (the table's parameters grow with it)`;
  }
  return `a learned position table of ${int(rows)} rows, ${int(offset)} of them an offset (position_offset) and not positions, has no position past ${int(positions)}, found seq_len ${int(seqLen)} | give seq_len ${positions} or less, or a model file with position_embeddings: ${seqLen + offset} (seq_len ${seqLen} + position_offset ${offset}; the table's parameters grow with it)`;
}

export function countFlops(a: Architecture, options: Partial<FlopOptions> = {}): FlopCount {
  const opts = defaultFlopOptions(a, options);
  const positions = positionTableProblem(a.positionEmbeddings, a.positionOffset, opts.seqLen);
  if (positions) {
    const { message, hint } = barred(positions);
    throw new InputError(message, { keyPath: 'seq_len', hint });
  }
  const docs = opts.documents;
  const docProblem = docs && documentsProblem(docs, opts.seqLen);
  if (docProblem) throw new InputError(docProblem.message, { keyPath: 'documents', hint: docProblem.hint });
  // Multi-token prediction (DeepSeek-V3 arXiv:2412.19437 §2.2): each of the D modules adds one block
  // built like the last layer (counted in the layer components' repeats, as Megatron-LM's
  // num_floating_point_operations adds mtp_num_layers to the last layer's kind), its 2d→d projection
  // M_k and one more pass through the shared output head.
  const D = a.mtpDepth;
  const moeBlock = mtpBlockIsMoe(a);
  const counts = layerCounts(a);
  const dense = counts.dense + (D > 0 && !moeBlock ? D : 0);
  const moe = counts.moe + (moeBlock ? D : 0);
  // Attention components run on every layer, or on the `*` layers of a hybrid pattern (MTP is not hybrid).
  const L = attentionBlockCount(a);
  const d = a.dModel;
  const s = opts.seqLen;
  const H = a.heads;
  const parts: Omit<FlopComponent, 'forward' | 'backward' | 'recompute'>[] = [];
  const add = (id: FlopComponentId, label: string, repeats: number, forwardPerRepeat: number, formula: string, substituted: string) => {
    if (repeats > 0 && forwardPerRepeat > 0) parts.push({ id, label, repeats, forwardPerRepeat, formula, substituted });
  };

  // Attention projections. Scores and values run over all s keys per query ('full') or half ('causal').
  const causal = opts.attention === 'causal';
  const window = causal ? 's/2' : 's';
  const sEff = causal ? s / 2 : s;
  let dQk: number;
  let dV: number;
  let mlaUpPerRepeat = 0;
  if (a.mla) {
    const m = a.mla;
    dQk = m.qkNopeHeadDim + m.qkRopeHeadDim;
    dV = m.vHeadDim;
    const r = m.qLoraRank;
    // The up-projections (q's from its low rank, or from d without one; kv's from r_kv): what mla_up_proj reruns.
    const qUp = r > 0 ? 2 * r * H * dQk : 2 * d * H * dQk;
    const kvUp = 2 * m.kvLoraRank * H * (m.qkNopeHeadDim + dV);
    mlaUpPerRepeat = qUp + kvUp;
    const q = r > 0 ? 2 * d * r + qUp : qUp;
    const kv = 2 * d * (m.kvLoraRank + m.qkRopeHeadDim) + kvUp;
    add('attn_qkv', 'attention projections (MLA q, kv low-rank)', L, q + kv,
      (r > 0 ? '2·d·r_q + 2·r_q·H·(Q_nope+Q_rope)' : '2·d·H·(Q_nope+Q_rope)') + ' + 2·d·(r_kv+Q_rope) + 2·r_kv·H·(Q_nope+V_h)',
      (r > 0 ? `2×${d}×${r} + 2×${r}×${H}×${dQk}` : `2×${d}×${H}×${dQk}`) + ` + 2×${d}×${m.kvLoraRank + m.qkRopeHeadDim} + 2×${m.kvLoraRank}×${H}×${m.qkNopeHeadDim + dV}`);
  } else {
    dQk = dV = a.dHead;
    const G = a.kvHeads;
    const Q = a.dHead;
    add('attn_qkv', 'attention projections q, k, v', L, 2 * d * (H + 2 * G) * Q, '2·d·(H + 2·G)·Q', `2×${d}×(${H} + 2×${G})×${Q}`);
  }
  // Sliding-window layers (a window shorter than the sequence) count their own keys per query.
  const sw = a.slidingWindow && a.slidingWindow.window < s
    ? (docs ? documentKeys({ kind: 'sliding', window: a.slidingWindow.window }, docs, s, opts.attention) : windowedKeys(a.slidingWindow.window, s, opts.attention)) : null;
  // Chunked layers (a chunk shorter than the sequence) likewise (window.ts chunkedKeys); at s ≤ C they are global.
  const ch = a.chunkedAttention && a.chunkedAttention.chunk < s
    ? (docs ? documentKeys({ kind: 'chunked', chunk: a.chunkedAttention.chunk }, docs, s, opts.attention) : chunkedKeys(a.chunkedAttention.chunk, s, opts.attention)) : null;
  const globalLayers = L - (sw ? a.slidingWindow!.layers : 0) - (ch ? a.chunkedAttention!.layers : 0);
  // Under a document mask the global layers attend inside each document (window.ts documentKeys), as the windowed ones.
  const dk: WindowedKeys | null = docs ? documentKeys({ kind: 'global' }, docs, s, opts.attention) : null;
  const inDocs = docs ? `, inside ${documentsText(docs)}` : '';
  const scored = (id: FlopComponentId, label: string, n: number, width: number, sym: string): void => {
    if (dk) add(id, label + inDocs, n, dk.perQuery(2 * H * width), `2·${dk.symbol}·H·${sym}`, dk.substituted(2, H, width));
    else add(id, label, n, exactHalf(2 * s * H * width, causal), `2·${window}·H·${sym}`, `2×${sEff}×${H}×${width}`);
  };
  scored('attn_scores', 'attention scores QKᵀ', globalLayers, dQk, 'Q_k');
  scored('attn_values', 'attention over values A·V', globalLayers, dV, 'Q_v');
  if (sw) {
    const n = a.slidingWindow!.layers;
    add('attn_scores_window', `attention scores QKᵀ, sliding window ${a.slidingWindow!.window}${inDocs}`, n, sw.perQuery(2 * H * dQk), `2·${sw.symbol}·H·Q_k`, sw.substituted(2, H, dQk));
    add('attn_values_window', `attention over values A·V, sliding window ${a.slidingWindow!.window}${inDocs}`, n, sw.perQuery(2 * H * dV), `2·${sw.symbol}·H·Q_v`, sw.substituted(2, H, dV));
  }
  if (ch) {
    const { layers: n, chunk } = a.chunkedAttention!;
    add('attn_scores_chunked', `attention scores QKᵀ, chunks of ${chunk}${inDocs}`, n, ch.perQuery(2 * H * dQk), `2·${ch.symbol}·H·Q_k`, ch.substituted(2, H, dQk));
    add('attn_values_chunked', `attention over values A·V, chunks of ${chunk}${inDocs}`, n, ch.perQuery(2 * H * dV), `2·${ch.symbol}·H·Q_v`, ch.substituted(2, H, dV));
  }
  if (a.position === 'relative' && !a.mla) {
    // Transformer-XL relative attention (Dai et al. 2019 §3.3, as used by Gopher and Chinchilla, Rae et al.
    // 2021 §3): the s sinusoidal relative encodings R are projected by W_R (d × H·Q) once per sequence,
    // 2·s·d·H·Q, i.e. 2·d·H·Q per token; each query then scores them, (q + v)·(W_R R)ᵀ, a second
    // QKᵀ-sized product. The per-head biases u and v are vectors (no products).
    const Q = a.dHead;
    add('attn_position', 'relative-position projection W_R', L, 2 * d * H * Q, '2·d·H·Q', `2×${d}×${H}×${Q}`);
    scored('attn_position_scores', 'relative-position scores (q+v)·(W_R·R)ᵀ', L, Q, 'Q');
  }
  add('attn_out', 'attention output projection', L, 2 * H * dV * d, '2·H·Q_v·d', `2×${H}×${dV}×${d}`);

  const mats = FFN_MATRICES[a.ffn];
  const ffnName = a.ffn === 'swiglu' ? 'gated FFN (3 matrices)' : 'FFN (2 matrices)';
  add('ffn', ffnName, dense, 2 * mats * d * a.dFf, `2·${mats}·d·F`, `2×${mats}×${d}×${a.dFf}`);
  if (a.moe) {
    const m = a.moe;
    add('router', 'MoE router', moe, 2 * d * m.experts, '2·d·E', `2×${d}×${m.experts}`);
    add('experts', `routed experts (top-${m.topK} of ${m.experts})`, moe, 2 * mats * d * m.dFfExpert * m.topK, `2·${mats}·d·F_e·k`, `2×${mats}×${d}×${m.dFfExpert}×${m.topK}`);
    add('shared_experts', 'shared experts', moe, 2 * mats * d * m.dFfShared * m.sharedExperts, `2·${mats}·d·F_s·n_s`, `2×${mats}×${d}×${m.dFfShared}×${m.sharedExperts}`);
  }
  if (a.hybrid?.mixer) for (const m of mambaParts(a, a.hybrid.mixer, s)) add(m.id, m.label, a.hybrid.mamba, m.forwardPerRepeat, m.formula, m.substituted);
  add('logits', 'output logits', 1, 2 * d * a.vocab, '2·d·V', `2×${d}×${a.vocab}`);
  add('mtp_proj', 'MTP projection M_k (2d → d)', D, 2 * 2 * d * d, '2·2d·d', `2×${2 * d}×${d}`);
  add('mtp_logits', 'MTP logits (shared output head)', D, 2 * d * a.vocab, '2·d·V', `2×${d}×${a.vocab}`);
  const inMtpBlock = (id: FlopComponentId) => id.startsWith('attn_') || (moeBlock ? id === 'router' || id === 'experts' || id === 'shared_experts' : id === 'ffn');
  if (D > 0) for (const p of parts) if (inMtpBlock(p.id)) p.label += ` (+ ${plural(D, 'MTP block')})`;

  const share = opts.recomputedShare === undefined ? 1 : Math.min(1, opts.recomputedShare);
  const modules = opts.recomputeModules ?? DEFAULT_RECOMPUTE_MODULES;
  // Selective recomputation: the whole forwards a module reruns (recomputeModules.ts componentReruns), or, for
  // mla_up_proj, the up-projections' part of attn_qkv; a saved-tensor policy (TorchTitan's op, opCheckpoint.ts; a MaxText
  // remat policy, rematPolicy.ts) the linears it reruns, and the attention core where the policy does not keep its output.
  const linears = policyLinears(a, modules, opts.lowPrecisionLinears === true);
  const selective = (p: (typeof parts)[number], forward: number): number => {
    if (linears !== undefined && !isAttentionCore(p.id)) return exact(rerunLinearFlops(linears, p.id) * p.repeats, p.id);
    const reruns = componentReruns(modules, isAttentionCore(p.id), p.id);
    if (reruns > 0) return exact(forward * reruns, p.id);
    return p.id === 'attn_qkv' && modules.includes('mla_up_proj') ? exact(mlaUpPerRepeat * p.repeats, p.id) : 0;
  };
  const components: FlopComponent[] = parts.map((p) => {
    const forward = exact(p.forwardPerRepeat * p.repeats, p.id);
    const recompute = opts.recompute === 'full' ? fullRecomputeOf({ id: p.id, forward }, share)
      : opts.recompute === 'selective' ? selective(p, forward) : 0;
    return { ...p, forward, backward: 2 * forward, recompute };
  });
  const forward = exact(components.reduce((t, c) => t + c.forward, 0), 'forward');
  const recompute = components.reduce((t, c) => t + c.recompute, 0);
  const backward = 2 * forward;
  const perToken = { forward, backward, recompute, model: exact(forward + backward, 'model'), hardware: exact(forward + backward + recompute, 'hardware') };
  return { options: opts, components, perToken };
}

/** Whether the model's FLOPs per token at `seqLen` count exactly; a length the count refuses otherwise does not. */
function countsAt(a: Architecture, seqLen: number): boolean {
  try {
    countFlops(a, { seqLen });
    return true;
  } catch (err) {
    if (err instanceof RangeError || err instanceof InputError) return false;
    throw err;
  }
}

/**
 * Whether a count that left the exact integers did so through its sequence length, `seqLen` given or, given
 * none, the model's own: a given one when the model counts at its own, and either when the model FLOPs fail
 * there and count at one token. Errors blame that sequence length then, and the model otherwise (hardware
 * FLOPs past 2^53 with recomputation). The model schema refuses a model that does not count at one token
 * (src/model/countable.ts). A model's own length failing was blamed on its sizes: `flops m.yaml --seq-len 1e15`
 * of a model file with seq_len: 1e15 printed 'check the sizes of m', with the file alone.
 */
export function overflowsBySeqLen(a: Architecture, seqLen: number | undefined): boolean {
  if (seqLen !== undefined && countsAt(a, a.seqLen)) return true;
  return !countsAt(a, seqLen ?? a.seqLen) && countsAt(a, 1);
}

/** Halving for the causal convention; odd products stay exact as x.5 and are rejected by exact(). */
function exactHalf(x: number, causal: boolean): number {
  return causal ? x / 2 : x;
}

/** A per-token count that is not an exact integer below 2^53: which component (or total), and its value. */
export class CountOverflow extends RangeError {
  constructor(readonly what: string, readonly value: number) {
    super(`FLOPs per token for ${what} (${describeNumber(value)}) is not an exact integer below 2^53`);
  }
}

function exact(x: number, what: string): number {
  if (!Number.isSafeInteger(x)) throw new CountOverflow(what, x);
  return x;
}
