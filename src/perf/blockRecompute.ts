/**
 * Block recomputation in the planner (Megatron-Core --recompute-method block --recompute-num-layers):
 * the planner's fastest full-recomputation layouts, each turned into the fewest recomputed layers per
 * chunk that still fit in memory. A separate pass over a short list, so the search loops stay as they are.
 */
import { activationShape, evaluateLayout, type Evaluation, type RunContext } from './evaluate.js';
import { chunkLayers, type Layout } from './layout.js';
import { activationBytesPerLayer } from './activations.js';
import { stageParams } from './memory.js';
import { memoryTotalBytes } from './memoryTotal.js';
import { layoutMemoryTotalBytes } from './layoutMemory.js';
import { copyLayout } from './planScratch.js';

/**
 * `l` with `n` layers a chunk recomputed, a copy with the search's hidden class (planScratch.ts copyLayout): a spread
 * gave it a class of its own, and the memory and step code compiled for the search was thrown away on the first one.
 */
function recomputing(l: Layout, n: number): Layout {
  const at = copyLayout(l);
  at.recomputeLayers = n;
  return at;
}

/** Full-recomputation layouts refined into block recomputation (chosen: enough to hold the top of any search). */
export const REFINED = 16;

/**
 * Block recomputation for the fastest full-recomputation layouts: the fewest layers per chunk
 * (recomputeLayers) that still fit in memory, found by bisection (memory falls as more layers are
 * recomputed; the step time rises), then evaluated. A layout that fits only with every layer
 * recomputed stays as it was.
 */
export function refineBlockRecompute(ctx: RunContext, full: Layout[]): { best: Evaluation[]; fit: number; tooBig: number } {
  const best: Evaluation[] = [];
  let fit = 0;
  let tooBig = 0;
  for (const l of full) {
    // What does not change with the recomputed layers, once per layout: the stages' parameters (the even
    // split's; a pipeline layout's ranks are sized by layoutMemory.ts) and a layer's activations.
    const params = l.pipelineLayout === undefined ? stageParams(ctx.arch, l) : null;
    const act = activationBytesPerLayer(ctx.arch, l, activationShape(ctx, l.microBatch, l.ep));
    const microBatches = ctx.globalBatchSequences / (l.microBatch * l.dp);
    const fits = (n: number) => {
      const at = recomputing(l, n);
      const bytes = params
        ? memoryTotalBytes(ctx.arch, at, ctx.seqLen, microBatches, act, params.first, params.last, ctx.stateBytes, ctx.shardingPerStepUnderPp, ctx.epCommOverlap, ctx.zeroPlusPlus)
        : layoutMemoryTotalBytes(ctx.arch, at, ctx.seqLen, microBatches, act, ctx.stateBytes, ctx.shardingPerStepUnderPp, ctx.epCommOverlap, ctx.zeroPlusPlus);
      const ok = bytes <= ctx.hw.memoryBytes;
      if (ok) fit++;
      else tooBig++;
      return ok;
    };
    const all = chunkLayers(ctx.arch, l);
    let lo = 0; // recomputing lo layers per chunk does not fit (0: none recomputed, known not to fit or not faster)
    let hi = all; // every layer: fits (the layout was found fitting)
    if (hi <= 1) continue;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (fits(mid)) hi = mid;
      else lo = mid;
    }
    if (hi < all) best.push(evaluateLayout(ctx, recomputing(l, hi)));
  }
  return { best, fit, tooBig };
}
