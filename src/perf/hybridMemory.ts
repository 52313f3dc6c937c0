/**
 * Parameters and stored activations of a hybrid Mamba-2 / Transformer's pipeline stages: each stage holds
 * the pattern's layers Megatron-Core gives it (hybridCost.ts hybridStageCounts), each layer one mixer and
 * one pre-norm. The parameters per layer kind are the exact counts src/model/params.ts sums for the model,
 * so the stages add up to its total (test/perf/hybridMemory.test.ts).
 */
import { normParams, type Architecture } from '../model/architecture.js';
import { attentionParams, countParams, ffnParams, mambaMixerParams, moeLayerParams } from '../model/params.js';
import { HYBRID_KINDS, hybridStageCounts, type HybridKind } from './hybridCost.js';
import type { LayerActivations } from './activations.js';
import type { Layout } from './layout.js';
import type { StageParams } from './stageParams.js';

/** One layer of a kind: parameters split over TP, replicated across it, and routed-expert parameters (split over etp·ep). */
export interface KindParams {
  split: number;
  replicated: number;
  experts: number;
}

export interface HybridParamShares {
  kinds: Record<HybridKind, KindParams>;
  /** The final norm before the output head, on the last stage (MambaStack `final_norm` where post_process). */
  finalNorm: number;
  /** A norm after the embedding, on the first stage (`embedding_norm`), else 0. */
  embNorm: number;
}

/**
 * Per layer kind. Megatron-Core splits every parameter of the Mamba mixer over TP (mamba_mixer.py:
 * in_proj column-, out_proj row-parallel; conv1d weight and bias, dt_bias, A_log, D and the grouped norm's
 * weight marked `tensor_model_parallel`, one slice per rank), the attention and MLP linears as a
 * transformer layer's; the layer's pre-norm is replicated on every TP rank, as is the MoE router
 * (TopKRouter's weight is not TP-split); routed experts are split over etp·ep.
 */
export function hybridParamShares(arch: Architecture): HybridParamShares {
  const norm = normParams(arch.norm, arch.dModel);
  const mixer = arch.hybrid?.mixer;
  const moe = arch.moe ? moeLayerParams(arch) : { router: 0, experts: 0, shared: 0 };
  return {
    kinds: {
      mamba: { split: mixer ? mambaMixerParams(arch, mixer) : 0, replicated: norm, experts: 0 },
      attention: { split: attentionParams(arch), replicated: norm, experts: 0 },
      mlp: { split: ffnParams(arch, arch.dFf), replicated: norm, experts: 0 },
      moe: { split: moe.shared, replicated: norm + moe.router, experts: moe.experts },
    },
    finalNorm: norm,
    embNorm: arch.embeddingNorm ? norm : 0,
  };
}

/**
 * Unsharded parameters of each stage (embedding on the first, final norm and output head on the last; a
 * tied head's copy on the last when pp > 1). With an untied head their sum is the model's total.
 */
export function hybridStageParamCounts(arch: Architecture, pp: number, shares = hybridParamShares(arch)): number[] {
  const pc = countParams(arch);
  const counts = hybridStageCounts(arch.hybrid!.pattern, pp);
  const out: number[] = [];
  for (let r = 0; r < pp; r++) {
    let p = 0;
    HYBRID_KINDS.forEach((k, i) => { const s = shares.kinds[k]; p += counts[4 * r + i]! * (s.split + s.replicated + s.experts); });
    if (r === 0) p += pc.byComponent.embedding + pc.byComponent.position + shares.embNorm;
    if (r === pp - 1) p += shares.finalNorm + (arch.tiedEmbeddings ? (pp > 1 ? arch.vocab * arch.dModel : 0) : pc.byComponent.output_head);
    out.push(p);
  }
  return out;
}

/** The first and last stages' parameters on one GPU (stageParams.ts StageParams), from the stage's own layers. */
export function hybridStageParams(arch: Architecture, layout: Layout, emb: number, head: number, shares: HybridParamShares): { first: StageParams; last: StageParams } {
  const counts = hybridStageCounts(arch.hybrid!.pattern, layout.pp);
  const fold = layout.etp * layout.ep;
  const stage = (r: number) => {
    let dense = 0;
    let experts = 0;
    let layerMax = 0;
    HYBRID_KINDS.forEach((k, i) => {
      const n = counts[4 * r + i]!;
      const s = shares.kinds[k];
      const one = s.split / layout.tp + s.replicated + s.experts / fold;
      if (n > 0 && one > layerMax) layerMax = one;
      dense += n * (s.split / layout.tp + s.replicated);
      experts += (n * s.experts) / fold;
    });
    return { dense, experts, layerMax };
  };
  const a = stage(0);
  const z = stage(layout.pp - 1);
  const last: StageParams = { dense: z.dense + shares.finalNorm + head / layout.tp + (layout.pp === 1 ? emb / layout.tp + shares.embNorm : 0), experts: z.experts, layerMax: z.layerMax, outside: head / layout.tp + (layout.pp === 1 ? emb / layout.tp : 0) };
  if (layout.pp === 1) return { first: last, last };
  return { first: { dense: a.dense + emb / layout.tp + shares.embNorm, experts: a.experts, layerMax: a.layerMax, outside: emb / layout.tp }, last };
}

/**
 * Activation bytes per micro-batch of the first and last stages' layers, and the working set of full
 * recomputation (the largest layer kind the model has). A layer keeps its input (`checkpoint`) when fully
 * recomputed (a share φ of the layers, layout.ts recomputedShare), else its kind's stored bytes.
 */
export function hybridStageActivations(arch: Architecture, layout: Layout, act: LayerActivations, phi: number): { first: number; last: number; working: number } {
  const kinds = act.hybrid!;
  const counts = hybridStageCounts(arch.hybrid!.pattern, layout.pp);
  const full = layout.recompute === 'full';
  const stage = (r: number) => HYBRID_KINDS.reduce((sum, k, i) => sum + counts[4 * r + i]! * (full ? phi * act.checkpoint + (1 - phi) * kinds[k].full : kinds[k].stored), 0);
  let working = 0;
  if (full) for (const k of HYBRID_KINDS) if (arch.hybrid![k] > 0 && kinds[k].full > working) working = kinds[k].full;
  return { first: stage(0), last: stage(layout.pp - 1), working };
}
