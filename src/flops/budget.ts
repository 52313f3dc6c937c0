/**
 * FLOPs for a token budget, and the two published shortcuts to compare against.
 * Totals exceed 2^53, so they are doubles (estimates); the exact integer totals are kept as
 * bigint for the explanation and for tests that compare to the FLOP.
 */
import { attentionBlockCount, type Architecture } from '../model/architecture.js';
import type { ParamCount } from '../model/params.js';
import type { FlopCount } from './count.js';

export interface FlopTotals {
  tokens: number;
  forward: number;
  backward: number;
  recompute: number;
  /** forward + backward + recompute */
  total: number;
  model: number;
  hardware: number;
  exact: { forward: bigint; backward: bigint; recompute: bigint; model: bigint; hardware: bigint } | null;
  /** 6·N·D with N the active parameters (Kaplan et al. 2020 §2.1; Brown et al. 2020 Table D.1). */
  sixNd: number;
  /**
   * 6·N + 6·L·H·(Q_k + Q_v)·T per token, times D: PaLM Appendix B's "6N + 12LHQT" (full attention),
   * written for unequal key and value head widths (MLA); L counts the MTP modules' blocks too.
   */
  palm: number;
}

export function flopsForTokens(a: Architecture, params: ParamCount, count: FlopCount, tokens: number): FlopTotals {
  const t = count.perToken;
  const exact = Number.isSafeInteger(tokens)
    ? {
        forward: BigInt(t.forward) * BigInt(tokens),
        backward: BigInt(t.backward) * BigInt(tokens),
        recompute: BigInt(t.recompute) * BigInt(tokens),
        model: BigInt(t.model) * BigInt(tokens),
        hardware: BigInt(t.hardware) * BigInt(tokens),
      }
    : null;
  const dQk = a.mla ? a.mla.qkNopeHeadDim + a.mla.qkRopeHeadDim : a.dHead;
  const dV = a.mla ? a.mla.vHeadDim : a.dHead;
  // The attention term runs on the layers with attention (a hybrid's `*` layers) and on each MTP module's block
  // (DeepSeek-V3 arXiv:2412.19437 §2.2), as count.ts counts them: N (active) includes those blocks' weights.
  const palmPerToken = 6 * params.active + 6 * attentionBlockCount(a) * a.heads * (dQk + dV) * count.options.seqLen;
  return {
    tokens,
    forward: t.forward * tokens,
    backward: t.backward * tokens,
    recompute: t.recompute * tokens,
    total: t.hardware * tokens,
    model: t.model * tokens,
    hardware: t.hardware * tokens,
    exact,
    sixNd: 6 * params.active * tokens,
    palm: palmPerToken * tokens,
  };
}
