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
      const flops = (perKey * w * (2 * s - w)) / (2 * s);
      if (!Number.isInteger(flops)) {
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
 * Mean keys per query of a causal layer of `seqLen` tokens whose queries see at most `window` keys:
 * W'·(2s − W')/(2s) with W' = min(W, s), s/2 without a window (the causal count above, as a float).
 */
export function causalKeysPerQuery(window: number, seqLen: number): number {
  const w = Math.min(window, seqLen);
  return (w * (2 * seqLen - w)) / (2 * seqLen);
}

/**
 * The attention work of all layers relative to the same model without a window, under
 * `attention` (1 when no layer's window is shorter than the sequence): the mean over layers of a
 * layer's keys per query divided by the unwindowed count. For the performance model, which costs
 * one average layer (src/perf/layerCost.ts).
 */
export function windowedWorkFraction(arch: Pick<Architecture, 'layers' | 'slidingWindow'>, seqLen: number, attention: AttentionConvention): number {
  const sw = arch.slidingWindow;
  if (!sw || sw.window >= seqLen) return 1;
  const w = sw.window;
  const perLayer = attention === 'full' ? w / seqLen : causalKeysPerQuery(w, seqLen) / (seqLen / 2);
  return (arch.layers - sw.layers + sw.layers * perLayer) / arch.layers;
}
