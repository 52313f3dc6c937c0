/** The `flopcast flops --json` document: stable keys in snake_case, numbers in FLOP and counts. */
import type { FlopAnalysis } from '../flops/analyse.js';

/** The document's type, for the library's users. */
export type FlopsJson = ReturnType<typeof flopsJson>;

export function flopsJson(a: FlopAnalysis) {
  const t = a.totals;
  const p = a.count.perToken;
  return {
    model: a.arch.name,
    seq_len: a.count.options.seqLen,
    // The document mask (flops/documents.ts), where the count has one: each length and its share of the tokens.
    ...(a.count.options.documents ? { documents: a.count.options.documents.map((d) => ({ tokens: d.tokens, share: d.share })) } : {}),
    ...(a.arch.hybrid ? { layer_pattern: { pattern: a.arch.hybrid.pattern, mamba: a.arch.hybrid.mamba, attention: a.arch.hybrid.attention, mlp: a.arch.hybrid.mlp, moe: a.arch.hybrid.moe } } : {}),
    ...(a.arch.slidingWindow ? { sliding_window: { window: a.arch.slidingWindow.window, layers: a.arch.slidingWindow.layers } } : {}),
    ...(a.arch.chunkedAttention ? { chunked_attention: { chunk: a.arch.chunkedAttention.chunk, layers: a.arch.chunkedAttention.layers } } : {}),
    tokens: t.tokens,
    convention: {
      attention: a.count.options.attention,
      recompute: a.count.options.recompute,
      flop: 'multiply-add = 2 FLOPs; matrix products only; embedding lookup = 0',
    },
    params: {
      total: a.params.total,
      active: a.params.active,
      embedding: a.params.embedding,
      non_embedding: a.params.nonEmbedding,
      by_component: byComponentOf(a),
      // Decimal strings: exact where the numbers above (doubles) are not, past 2^53.
      exact: { total: a.paramsExact.total.toString(), active: a.paramsExact.active.toString() },
    },
    flops: {
      forward: t.forward,
      backward: t.backward,
      recompute: t.recompute,
      total: t.total, // rounded once from the exact count; the sum of the three rounded parts can be an ulp off
      model: t.model,
      hardware: t.hardware,
      // Decimal strings, the figures `--explain` calls exact: the doubles above are rounded past 2^53 (null
      // where the token count is no exact integer, past 2^53 itself).
      exact: t.exact
        ? { forward: t.exact.forward.toString(), backward: t.exact.backward.toString(), recompute: t.exact.recompute.toString(), total: t.exact.hardware.toString(), model: t.exact.model.toString(), hardware: t.exact.hardware.toString() }
        : null,
    },
    flops_per_token: {
      forward: p.forward,
      backward: p.backward,
      recompute: p.recompute,
      total: p.forward + p.backward + p.recompute,
      model: p.model,
      hardware: p.hardware,
    },
    six_nd: t.sixNd,
    palm_6n_12lhqt: t.palm,
    breakdown: a.count.components.map((c) => ({
      component: c.id,
      label: c.label,
      repeats: c.repeats,
      formula_per_repeat: c.formula,
      forward_per_token: c.forward,
      backward_per_token: c.backward,
      recompute_per_token: c.recompute,
      forward: c.forward * t.tokens,
      backward: c.backward * t.tokens,
      recompute: c.recompute * t.tokens,
    })),
    warnings: a.warnings,
  };
}

/** Parameters by component; `mamba` only for a hybrid model, so every other model's document is as it was. */
function byComponentOf(a: FlopAnalysis) {
  const { mamba, ...rest } = a.params.byComponent;
  return a.arch.hybrid ? a.params.byComponent : rest;
}
