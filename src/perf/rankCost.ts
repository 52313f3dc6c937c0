/**
 * The step model with a pipeline layout (pipelineLayout.ts): the ranks hold different layers, so the
 * pipeline's time per micro-batch is the busiest rank's, its decoder layers (dense and MoE counted
 * apart) plus the loss head where L is and the MTP modules where the m are. Without a layout step.ts
 * charges ⌈L/pp⌉ layers and the whole head and MTP work (layerCost.ts `logits`) to one stage.
 */
import type { Architecture } from '../model/architecture.js';
import type { LayerCosts, PartCost } from './partCost.js';
import type { Layout } from './layout.js';
import { placementOf, type RankPlacement } from './pipelineLayout.js';
import { placesInV } from './schedules.js';

/** A part's time per micro-batch, as step.ts adds it into `busy` (before any all-to-all overlap). */
const seconds = (c: PartCost): number => c.compute + c.memoryBound + c.tp + c.ep + c.cp;

/**
 * Fills `out` with the head and MTP work on rank `r`: the plain head (layerCost.ts `head`) where L is, and
 * each of its m MTP modules a D-th of logits − head (layerCost.ts adds the D modules to the head in `logits`).
 */
function rankExtra(costs: LayerCosts, r: RankPlacement, mtpDepth: number, out: PartCost): PartCost {
  const l = r.loss ? 1 : 0;
  const k = mtpDepth > 0 ? r.mtp / mtpDepth : 0;
  const h = costs.head;
  const o = costs.logits;
  out.compute = l * h.compute + k * (o.compute - h.compute);
  out.memoryBound = l * h.memoryBound + k * (o.memoryBound - h.memoryBound);
  out.tp = l * h.tp + k * (o.tp - h.tp);
  out.ep = l * h.ep + k * (o.ep - h.ep);
  out.cp = l * h.cp + k * (o.cp - h.cp);
  out.forward = l * h.forward + k * (o.forward - h.forward);
  out.weightGrad = l * h.weightGrad + k * (o.weightGrad - h.weightGrad);
  return out;
}

/**
 * A PartCost to fill. Its fields start as NaN, a fraction: this literal shares its hidden class with
 * layerCost.ts's, and integer zeros would make V8 store that class's fields as small integers until the
 * first layer cost rewrote them, throwing away code compiled for them (as step.ts PipelineTimes).
 */
export const emptyPart = (): PartCost => ({ compute: NaN, memoryBound: NaN, tp: NaN, ep: NaN, cp: NaN, forward: NaN, weightGrad: NaN });
const SCRATCH = emptyPart();

/**
 * The rank of the layout's placement whose micro-batch takes longest (the first of equals), with its head
 * and MTP work in `out`. The layout must have passed the layout rules (pipelineLayoutRules.ts pipeline-layout*).
 */
export function busiestRank(arch: Architecture, layout: Layout, costs: LayerCosts, out: PartCost): RankPlacement {
  const ranks = placementOf(arch, layout.pipelineLayout!, layout.pp, placesInV(layout.schedule)).ranks;
  const dense = seconds(costs.dense);
  const moe = seconds(costs.moe);
  let best = ranks[0]!;
  let most = -Infinity;
  for (const r of ranks) {
    const t = r.dense * dense + r.moe * moe + seconds(rankExtra(costs, r, arch.mtpDepth, SCRATCH));
    if (t > most) { most = t; best = r; }
  }
  rankExtra(costs, best, arch.mtpDepth, out);
  return best;
}
