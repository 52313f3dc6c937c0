/**
 * The components of a FLOP count (count.ts counts them): their ids, what each carries (its formula and the
 * numbers put in, for `--explain`), and which are which: inside the layers (what full recomputation reruns),
 * the attention core (what selective recomputation reruns), without parameters.
 */
import { isScan, type MambaComponentId } from './mamba.js';

export type FlopComponentId =
  | 'attn_qkv'
  | 'attn_scores'
  | 'attn_values'
  | 'attn_scores_window'
  | 'attn_values_window'
  | 'attn_scores_chunked'
  | 'attn_values_chunked'
  | 'attn_out'
  | 'attn_position'
  | 'attn_position_scores'
  | 'ffn'
  | 'router'
  | 'experts'
  | 'shared_experts'
  | 'logits'
  | 'mtp_proj'
  | 'mtp_logits'
  | MambaComponentId;

export interface FlopComponent {
  id: FlopComponentId;
  label: string;
  /** Times the component runs per token (its number of layers, MTP blocks included; 1 for the logits). */
  repeats: number;
  /** Forward FLOPs per token for one repeat. */
  forwardPerRepeat: number;
  forward: number;
  backward: number;
  recompute: number;
  /** Per token, per repeat, in symbols. */
  formula: string;
  /** The same with the numbers substituted. */
  substituted: string;
}

/**
 * Products inside the layers (MTP blocks and projections included): what full recomputation reruns. The output
 * head's logits are not rerun (Narayanan et al. 2021 Appendix: 4× the layers, 6BshV for the logit layer).
 */
function isLayerComponent(id: FlopComponentId): boolean {
  return id !== 'logits' && id !== 'mtp_logits';
}

/**
 * What full recomputation reruns of a component, per token: its forward if it is inside the layers ({@link
 * isLayerComponent}; the logits are not rerun), times the share of the layers recomputed, to a whole FLOP. The one rule
 * of the count and of `--explain`'s figure.
 */
export function fullRecomputeOf(c: { id: FlopComponentId; forward: number }, share = 1): number {
  return isLayerComponent(c.id) ? Math.round(c.forward * share) : 0;
}

/** QKᵀ and A·V (global, windowed or chunked): the products without parameters, rerun by selective recomputation. */
export function isAttentionCore(id: FlopComponentId): boolean {
  return id === 'attn_scores' || id === 'attn_values' || id === 'attn_scores_window' || id === 'attn_values_window'
    || id === 'attn_scores_chunked' || id === 'attn_values_chunked' || id === 'attn_position_scores';
}

/** Products without parameters: attention's QKᵀ and A·V, and the Mamba-2 SSD scan (src/flops/mamba.ts). */
export function isParameterFree(id: FlopComponentId): boolean {
  return isAttentionCore(id) || isScan(id);
}
