/**
 * Layer costs under Megatron-Core block recomputation (--recompute-method block --recompute-num-layers): the
 * costs of no and of full recomputation (layerCost.ts), blended by the share of a chunk's layers that runs each.
 */
import type { LayerCosts, PartCost } from './partCost.js';

/**
 * Per-layer costs when a share φ of a chunk's layers is fully recomputed and the rest is not
 * (Megatron-Core block recomputation, layout.ts recomputeLayers): the costs of the two policies,
 * weighted by the layers that run each. The pipeline sends do not depend on recomputation.
 */
export function blendLayerCosts(none: LayerCosts, full: LayerCosts, phi: number): LayerCosts {
  const mix = (a: PartCost, b: PartCost): PartCost => ({
    compute: a.compute + phi * (b.compute - a.compute),
    memoryBound: a.memoryBound + phi * (b.memoryBound - a.memoryBound),
    tp: a.tp + phi * (b.tp - a.tp),
    ep: a.ep + phi * (b.ep - a.ep),
    cp: a.cp + phi * (b.cp - a.cp),
    forward: a.forward + phi * (b.forward - a.forward),
    weightGrad: a.weightGrad + phi * (b.weightGrad - a.weightGrad),
  });
  return { dense: mix(none.dense, full.dense), moe: mix(none.moe, full.moe), logits: mix(none.logits, full.logits), head: mix(none.head, full.head), p2pBytes: none.p2pBytes };
}
