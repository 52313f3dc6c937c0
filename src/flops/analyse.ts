/**
 * One call for "what does training this model on D tokens cost in FLOPs": parameters, the
 * per-token count by component, and totals for the budget. Pure.
 */
import type { Architecture } from '../model/architecture.js';
import { modelWarnings } from '../model/assumptions.js';
import { countParams, exactParamCount, type ExactParamCount, type ParamCount } from '../model/params.js';
import type { AttentionConvention, RecomputeMode } from './conventions.js';
import type { RecomputeModule } from './recomputeModules.js';
import type { Documents } from './documents.js';
import { countFlops, type FlopCount } from './count.js';
import { isParameterFree } from './components.js';
import { flopsForTokens, type FlopTotals } from './budget.js';

export interface AnalyseOptions {
  /** Training tokens; default one sequence of seqLen tokens. */
  tokens?: number;
  /** The run's own sequence length; absent: the model's (and a warning when the model only guessed it). */
  seqLen?: number;
  attention?: AttentionConvention;
  recompute?: RecomputeMode;
  /** With recompute 'full': the share of the layers recomputed (block recomputation, count.ts FlopOptions); absent: all. */
  recomputedShare?: number | undefined;
  /** With recompute 'selective': Megatron-Core's recompute_modules (recomputeModules.ts); absent: core_attn. */
  recomputeModules?: readonly RecomputeModule[] | undefined;
  /** FP8 / FP4 linears under TorchTitan's op policy (count.ts FlopOptions). */
  lowPrecisionLinears?: boolean | undefined;
  /** A document mask (documents.ts): attention inside each document only; absent: the whole sequence. */
  documents?: Documents | undefined;
}

export interface FlopAnalysis {
  arch: Architecture;
  params: ParamCount;
  /** The same counts as exact integers (above 2^53 a double is not exact): what output calls "exactly". */
  paramsExact: ExactParamCount;
  count: FlopCount;
  totals: FlopTotals;
  /** What the model's importer assumed, and where seq_len came from when the run did not say (src/model/assumptions.ts). */
  warnings: string[];
}

export function analyse(arch: Architecture, o: AnalyseOptions = {}): FlopAnalysis {
  const params = countParams(arch);
  const count = countFlops(arch, { seqLen: o.seqLen, attention: o.attention, recompute: o.recompute, recomputedShare: o.recomputedShare, ...(o.recomputeModules !== undefined ? { recomputeModules: o.recomputeModules } : {}), ...(o.lowPrecisionLinears === true ? { lowPrecisionLinears: true } : {}), ...(o.documents !== undefined ? { documents: o.documents } : {}) });
  const tokens = o.tokens ?? count.options.seqLen;
  return { arch, params, paramsExact: exactParamCount(arch), count, totals: flopsForTokens(arch, params, count, tokens), warnings: modelWarnings(arch, o.seqLen !== undefined) };
}

/**
 * Weights that take part in a matrix product per token (so forward FLOPs less the parameter-free
 * products are exactly twice this; a Mamba-2 conv1d weight is used once per token, like a linear's):
 * the active parameters less biases, norms, position tables, Mamba-2's dt_bias, A_log and D and a
 * lookup-only input embedding. This is why 6·N·D and the exact count differ.
 */
export function matmulWeights(a: FlopAnalysis): number {
  const core = a.count.components.filter((c) => isParameterFree(c.id)).reduce((s, c) => s + c.forward, 0);
  return (a.count.perToken.forward - core) / 2;
}
