/**
 * Keys per query on a sliding-window attention layer, under each attention convention.
 *
 * Semantics of the window (transformers `masking_utils.sliding_window_overlay`, used by Mistral,
 * Gemma 2/3, GPT-OSS and Qwen2: `kv_idx > q_idx - sliding_window` on top of the causal mask): a
 * query sees at most W keys, itself and the W − 1 before it. Gemma 2 (arXiv:2408.00118 §2,
 * Table 1) alternates such layers (W = 4096) with global ones; Mistral 7B (arXiv:2310.06825 §1)
 * windows every layer.
 *
 * With W' = min(W, s), the count per query is, for each convention of ./conventions.ts:
 *   full    W' keys: the convention counts every key a query's row of QKᵀ spans, masked or not; a
 *           windowed row spans W' keys (an s×W' band instead of the s×s square). W ≥ s gives s.
 *   causal  (s² − (s − W')²) / (2s) = W'·(2s − W') / (2s) keys on average: the causal convention
 *           counts the lower triangle of the s×s scores as s²/2 (Megatron-LM's causal count);
 *           the window removes the triangle of keys more than W' positions back, (s − W')²/2 in
 *           the same convention. W ≥ s gives s/2, the causal count without a window.
 * The golden test (test/golden/torch-flops.json) checks the full convention against a PyTorch
 * implementation that multiplies each query by exactly its window of W keys (tools/torch-count).
 */
import { InputError } from '../input/errors.js';
import type { Architecture } from '../model/architecture.js';
import { decimals, int } from '../report/format.js';
import type { AttentionConvention } from './conventions.js';
import { documentsText, packings, type Documents, type Packing } from './documents.js';

export interface WindowedKeys {
  /** The per-query symbol in formulas: `W` or `W·(2s−W)/2s`. */
  symbol: string;
  /** FLOPs per token for a product whose cost per key is `perKey` (2·H·Q for QKᵀ). */
  perQuery(perKey: number): number;
  /** The formula with numbers put in, for `--explain`. */
  substituted(two: number, heads: number, width: number): string;
}

/** What a layer attends to within a stretch of tokens: all of it (global), a sliding window of W keys, or chunks of C. */
export type Span = { kind: 'global' } | { kind: 'sliding'; window: number } | { kind: 'chunked'; chunk: number };

/** Keys summed over a stretch's queries (`sum`), times `divisor` (1 full, 2 causal). */
interface KeyRule {
  divisor: 1 | 2;
  sum(n: number): bigint;
}

/**
 * The one keys rule: the keys summed over the n queries of a stretch of n tokens that attends only within itself (a
 * sequence, or one document of it: ./documents.ts), times `divisor`, exactly (a BigInt: n² passes 2^53 at 95M tokens).
 *   global   full n², causal n²/2 (the causal convention's lower triangle, Megatron-LM's count)
 *   sliding  W' = min(W, n): full n·W', causal (n² − (n − W')²)/2 = W'·(2n − W')/2
 *   chunked  q = ⌊n/C⌋, r = n mod C: full q·C² + r², causal half that
 */
function spanKeySum(span: Span, attention: AttentionConvention): KeyRule {
  const divisor = attention === 'causal' ? 2 : 1;
  if (span.kind === 'global') return { divisor, sum: (n) => BigInt(n) ** 2n };
  if (span.kind === 'sliding') {
    return {
      divisor,
      sum: (n) => {
        const w = BigInt(Math.min(span.window, n));
        return attention === 'causal' ? w * (2n * BigInt(n) - w) : BigInt(n) * w;
      },
    };
  }
  const C = span.chunk;
  return {
    divisor,
    sum: (n) => {
      const { q, r } = chunkSplit(C, n);
      return BigInt(q) * BigInt(C) ** 2n + BigInt(r) ** 2n;
    },
  };
}

/**
 * Keys per query times `perKey` over the sequences of `packs` (documents.ts packings), each stretch by spanKeySum: a
 * whole number exactly for one packing (a sequence, or one document length), or the quotient as text where it is not
 * whole; for a mix of lengths the share-weighted mean, rounded to a whole FLOP per token (a mean of exact counts).
 */
function perQueryOver(packs: Packing[], seqLen: number, perKey: number, rule: KeyRule): number | string {
  if (packs.length === 1) {
    const n = packingKeys(packs[0]!, rule);
    return wholeQuotient(perKey * Number(n), () => BigInt(perKey) * n, rule.divisor * seqLen);
  }
  return Math.round(weightedPerQuery(packs, seqLen, perKey, rule));
}

/**
 * Keys per query times `perKey`, the share-weighted mean over `packs`, as a float: perQueryOver's for a mix of lengths
 * (rounded there), meanKeys' at perKey 1 (share × 1 is share exactly, so each is the sum it was).
 */
function weightedPerQuery(packs: Packing[], seqLen: number, perKey: number, rule: KeyRule): number {
  return packs.reduce((t, p) => t + (p.share * perKey * Number(packingKeys(p, rule))) / (rule.divisor * seqLen), 0);
}

/** The keys of one sequence of `p` (times the rule's divisor): its stretches' by spanKeySum. */
function packingKeys(p: Packing, rule: KeyRule): bigint {
  return p.stretches.reduce((t, { length, count }) => t + BigInt(count) * rule.sum(length), 0n);
}

/** Mean keys per query under `attention` over `packs`, as a float: weightedPerQuery at one FLOP a key. */
function meanKeys(span: Span, seqLen: number, attention: AttentionConvention, packs: Packing[]): number {
  return weightedPerQuery(packs, seqLen, 1, spanKeySum(span, attention));
}

/** Keys per query as the text shows them: whole, or to two decimals. */
export const keysText = (keys: number): string => (Number.isInteger(keys) ? String(keys) : decimals(keys, 2));

/** Mean keys per query of a layer of `span` over sequences of `seqLen` tokens, under a document mask where `docs` gives one (a float, for the text). */
export function meanKeysPerQuery(span: Span, seqLen: number, attention: AttentionConvention, docs?: Documents): number {
  return meanKeys(span, seqLen, attention, packings(docs, seqLen));
}

/**
 * Keys per query of a layer of `span` under a document mask (./documents.ts): each document a stretch that attends only
 * within itself (torchtitan block_causal composes its document mask with the causal and sliding-window ones by
 * and_masks). Chunks are counted from the sequence's start (torchtitan get_fixed_block_mask_mod: q_idx // C), so a
 * document's chunks are its own only where the chunk and the document length divide one another; others are refused.
 */
export function documentKeys(span: Span, docs: Documents, seqLen: number, attention: AttentionConvention): WindowedKeys {
  if (span.kind === 'chunked') {
    const odd = docs.find((d) => d.tokens % span.chunk !== 0 && span.chunk % d.tokens !== 0);
    if (odd) {
      throw new InputError(`documents of ${int(odd.tokens)} tokens and attention chunks of ${int(span.chunk)} do not divide one another, so a document's chunks depend on where it starts`, {
        keyPath: 'documents',
        hint: `give document lengths that divide ${int(span.chunk)} or are multiples of it`,
      });
    }
  }
  const packs = packings(docs, seqLen);
  const rule = spanKeySum(span, attention);
  const over = attention === 'causal' ? '2s' : 's';
  const inner = span.kind === 'global' ? 'n²' : span.kind === 'sliding' ? (attention === 'causal' ? 'W·(2n−W)' : 'n·W') : '(q·C²+r²)';
  const keys = meanKeys(span, seqLen, attention, packs);
  return {
    symbol: `Σ${inner}/${over}`,
    perQuery: (perKey) => {
      const flops = perQueryOver(packs, seqLen, perKey, rule);
      if (typeof flops === 'string') {
        throw new InputError(`attention ${attention} over ${documentsText(docs)} at seq_len ${int(seqLen)} gives ${flops} FLOPs per token, not a whole number`, {
          keyPath: 'documents',
          hint: 'the count per token is the keys summed over each document, over seq_len; use document lengths and a seq_len that are powers of two',
        });
      }
      return flops;
    },
    substituted: (two, h, q) => `${two}×${keysText(keys)}×${h}×${q}`,
  };
}

export function windowedKeys(window: number, seqLen: number, attention: AttentionConvention): WindowedKeys {
  const w = Math.min(window, seqLen);
  const s = seqLen;
  if (attention === 'full') {
    return { symbol: 'W', perQuery: (perKey) => perKey * w, substituted: (two, h, q) => `${two}×${w}×${h}×${q}` };
  }
  return {
    symbol: 'W·(2s−W)/2s',
    perQuery: (perKey) => {
      const flops = perQueryOver(packings(undefined, s), s, perKey, spanKeySum({ kind: 'sliding', window }, attention));
      if (typeof flops === 'string') {
        throw new InputError(`attention causal with a sliding window of ${window} keys at seq_len ${s} gives ${flops} FLOPs per token, not a whole number`, {
          keyPath: 'seq_len',
          hint: 'the causal count per token is W·(2s−W)/2s keys per query; use a power-of-two seq_len, or attention full',
        });
      }
      return flops;
    },
    substituted: (two, h, q) => `${two}×${w}×(2×${s}−${w})/(2×${s})×${h}×${q}`,
  };
}

/**
 * `numerator` / `divisor` when that is a whole number, else the quotient as text (to six decimals). `numerator` is the
 * double product; past 2^53 it is taken again exactly (`exact`, in BigInt), since a double there rounds a fraction to a
 * whole number (a sliding window of 517,125,790 keys at 2,324,452,996 tokens, 64 heads of 128, counted
 * 7,530,131,888,255 FLOPs per token, an exact integer by every check, where the count is 7,530,131,888,255.0007…). Below
 * it the double is exact: every partial product of positive integers is at most the whole. A whole quotient past 2^53
 * comes back as the nearest double: the per-token count's own check (count.ts) refuses such a total.
 */
function wholeQuotient(numerator: number, exact: () => bigint, divisor: number): number | string {
  if (numerator <= Number.MAX_SAFE_INTEGER) {
    const x = numerator / divisor;
    return Number.isInteger(x) ? x : String(x);
  }
  const n = exact();
  const d = BigInt(divisor);
  if (n % d === 0n) return Number(n / d);
  return `${n / d}.${String(((n % d) * 1_000_000n) / d).padStart(6, '0')}`;
}

/**
 * Keys per query on a chunked-attention layer (Llama 4; transformers masking_utils `chunked_overlay`: a
 * query at position i sees the keys of its own chunk of C tokens, ⌊i/C⌋·C to i). A sequence of s tokens is
 * q = ⌊s/C⌋ whole chunks and a last one of r = s mod C tokens, each attending only within itself: the
 * scores are block-diagonal, q blocks of C×C and one of r×r. Summed exactly over the s queries, for each
 * convention of ./conventions.ts:
 *   full    (q·C² + r²)/s keys: every key a query's row of QKᵀ spans, its chunk's C (or r) columns.
 *   causal  (q·C² + r²)/(2s): each block's lower triangle in the causal convention's n²/2 for n tokens
 *           (Megatron-LM's causal count), half the full count.
 * With s ≤ C (q = 0, r = s) both are the unchunked counts, s and s/2, exactly.
 */
export function chunkedKeys(chunk: number, seqLen: number, attention: AttentionConvention): WindowedKeys {
  const s = seqLen;
  const { q, r } = chunkSplit(chunk, s);
  const half = attention === 'causal' ? 2 : 1;
  const symbol = attention === 'causal' ? '(q·C²+r²)/2s' : '(q·C²+r²)/s';
  return {
    symbol,
    perQuery: (perKey) => {
      const flops = perQueryOver(packings(undefined, s), s, perKey, spanKeySum({ kind: 'chunked', chunk }, attention));
      if (typeof flops === 'string') {
        throw new InputError(`attention ${attention} with chunks of ${chunk} tokens at seq_len ${s} gives ${flops} FLOPs per token, not a whole number`, {
          keyPath: 'seq_len',
          hint: `the count per token is ${symbol} keys per query (q = ⌊s/C⌋ whole chunks, r = s mod C); use a seq_len that is a multiple of the chunk, or one at most the chunk`,
        });
      }
      return flops;
    },
    substituted: (two, h, w) => `${two}×(${q}×${chunk}²+${r}²)/(${half === 2 ? '2×' : ''}${s})×${h}×${w}`,
  };
}

/** A sequence of `seqLen` tokens in chunks of `chunk`: q = ⌊s/C⌋ whole chunks and a last one of r = s mod C tokens. */
function chunkSplit(chunk: number, seqLen: number): { q: number; r: number } {
  const q = Math.floor(seqLen / chunk);
  return { q, r: seqLen - q * chunk };
}

/**
 * One kind of attention layer for the performance model: its layers, its mean causal keys per query, and `parts`, the
 * stretches its queries sit in (a document each under a mask, else the whole sequence): each part's share of the
 * queries (`weight`) and causal keys per query there, whose weighted sum is `keys`. A fused kernel runs each document
 * at the rate of its own keys per query (attentionKeys.ts).
 */
export interface KeyKind {
  kind: 'global' | 'sliding' | 'chunked';
  layers: number;
  keys: number;
  parts: { weight: number; keys: number }[];
}

/** The spans of `arch`'s layers at `seqLen`: global, and sliding and chunked where their span is shorter than the sequence. */
function layerSpans(arch: Pick<Architecture, 'layers' | 'slidingWindow' | 'chunkedAttention'>, seqLen: number): { span: Span; layers: number }[] {
  const sw = arch.slidingWindow && arch.slidingWindow.window < seqLen ? arch.slidingWindow : null;
  const ch = arch.chunkedAttention && arch.chunkedAttention.chunk < seqLen ? arch.chunkedAttention : null;
  return [
    { span: { kind: 'global' }, layers: arch.layers - (sw ? sw.layers : 0) - (ch ? ch.layers : 0) },
    ...(sw ? [{ span: { kind: 'sliding', window: sw.window } as Span, layers: sw.layers }] : []),
    ...(ch ? [{ span: { kind: 'chunked', chunk: ch.chunk } as Span, layers: ch.layers }] : []),
  ];
}

/**
 * The layers of each attention kind with their causal keys per query (spanKeySum's causal count over `seqLen`, as a
 * float): global s/2, sliding W'·(2s − W')/(2s), chunked (q·C² + r²)/(2s); under a document mask (`docs`) each
 * document's, weighted by its tokens.
 */
export function causalKeyKinds(arch: Pick<Architecture, 'layers' | 'slidingWindow' | 'chunkedAttention'>, seqLen: number, docs?: Documents): KeyKind[] {
  const packs = packings(docs, seqLen);
  return layerSpans(arch, seqLen).map(({ span, layers }) => {
    const rule = spanKeySum(span, 'causal');
    const keys = meanKeys(span, seqLen, 'causal', packs);
    const parts = docs === undefined ? [{ weight: 1, keys }]
      : packs.flatMap((p) => p.stretches.map(({ length, count }) => ({ weight: (p.share * count * length) / seqLen, keys: Number(rule.sum(length)) / (2 * length) })));
    return { kind: span.kind, layers, keys, parts };
  });
}

/**
 * The attention work of all layers relative to the same model without windows, chunks or documents, under
 * `attention` (1 when no layer's span is shorter than the sequence and no document mask): the mean over layers of a
 * layer's keys per query divided by the unmasked count (s, or s/2 causal). For the performance model, which costs
 * one average layer (src/perf/layerCost.ts).
 */
export function windowedWorkFraction(arch: Pick<Architecture, 'layers' | 'slidingWindow' | 'chunkedAttention'>, seqLen: number, attention: AttentionConvention, docs?: Documents): number {
  const spans = layerSpans(arch, seqLen);
  if (spans.length === 1 && docs === undefined) return 1;
  const packs = packings(docs, seqLen);
  const unmasked = attention === 'causal' ? seqLen / 2 : seqLen;
  let work = 0;
  for (const { span, layers } of spans) work += span.kind === 'global' && docs === undefined ? layers : layers * (meanKeys(span, seqLen, attention, packs) / unmasked);
  return work / arch.layers;
}
