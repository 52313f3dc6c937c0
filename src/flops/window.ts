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
import type { AttentionConvention } from './conventions.js';

export interface WindowedKeys {
  /** The per-query symbol in formulas: `W` or `W·(2s−W)/2s`. */
  symbol: string;
  /** FLOPs per token for a product whose cost per key is `perKey` (2·H·Q for QKᵀ). */
  perQuery(perKey: number): number;
  /** The formula with numbers put in, for `--explain`. */
  substituted(two: number, heads: number, width: number): string;
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
      const flops = wholeQuotient(perKey * w * (2 * s - w), () => BigInt(perKey) * BigInt(w) * BigInt(2 * s - w), 2 * s);
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
      const flops = wholeQuotient(perKey * (q * chunk * chunk + r * r), () => BigInt(perKey) * (BigInt(q) * BigInt(chunk) ** 2n + BigInt(r) ** 2n), half * s);
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

/** Mean keys per query of a causal chunked layer of `seqLen` tokens: (q·C² + r²)/(2s), as {@link chunkedKeys} (a float). */
export function causalChunkedKeysPerQuery(chunk: number, seqLen: number): number {
  const { q, r } = chunkSplit(chunk, seqLen);
  return (q * chunk * chunk + r * r) / (2 * seqLen);
}

/**
 * Mean keys per query of a causal layer of `seqLen` tokens whose queries see at most `window` keys:
 * W'·(2s − W')/(2s) with W' = min(W, s), s/2 without a window (the causal count above, as a float).
 */
export function causalKeysPerQuery(window: number, seqLen: number): number {
  const w = Math.min(window, seqLen);
  return (w * (2 * seqLen - w)) / (2 * seqLen);
}

/** The layers of each attention kind with their causal keys per query: global (s/2), sliding and chunked where their span is shorter than the sequence. */
export function causalKeyKinds(arch: Pick<Architecture, 'layers' | 'slidingWindow' | 'chunkedAttention'>, seqLen: number): { kind: 'global' | 'sliding' | 'chunked'; layers: number; keys: number }[] {
  const sw = arch.slidingWindow && arch.slidingWindow.window < seqLen ? arch.slidingWindow : null;
  const ch = arch.chunkedAttention && arch.chunkedAttention.chunk < seqLen ? arch.chunkedAttention : null;
  const kinds: { kind: 'global' | 'sliding' | 'chunked'; layers: number; keys: number }[] = [
    { kind: 'global', layers: arch.layers - (sw ? sw.layers : 0) - (ch ? ch.layers : 0), keys: seqLen / 2 },
  ];
  if (sw) kinds.push({ kind: 'sliding', layers: sw.layers, keys: causalKeysPerQuery(sw.window, seqLen) });
  if (ch) kinds.push({ kind: 'chunked', layers: ch.layers, keys: causalChunkedKeysPerQuery(ch.chunk, seqLen) });
  return kinds;
}

/**
 * The attention work of all layers relative to the same model without windows or chunks, under
 * `attention` (1 when no layer's span is shorter than the sequence): the mean over layers of a
 * layer's keys per query divided by the unwindowed count (a chunked layer's ratio is the same under
 * both conventions, causal being half of full). For the performance model, which costs one average
 * layer (src/perf/layerCost.ts).
 */
export function windowedWorkFraction(arch: Pick<Architecture, 'layers' | 'slidingWindow' | 'chunkedAttention'>, seqLen: number, attention: AttentionConvention): number {
  const kinds = causalKeyKinds(arch, seqLen);
  if (kinds.length === 1) return 1;
  let work = 0;
  for (const k of kinds) {
    work += k.kind === 'global' ? k.layers : k.layers * (attention === 'full' && k.kind === 'sliding' ? arch.slidingWindow!.window / seqLen : k.keys / (seqLen / 2));
  }
  return work / arch.layers;
}
