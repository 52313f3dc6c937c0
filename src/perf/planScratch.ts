/**
 * The per-search objects the planner's loops read (plan.ts): rule verdicts, stage splits, a tuple's
 * activations and layer costs, memory scratch, and the fastest layouts kept.
 *
 * They have classes of their own. V8 gives object literals with the same keys in the same order one
 * hidden class wherever they are written, and retypes a field for all of them when one stores a new
 * kind of value (a fraction where an integer was, an object where a number was); the machine code
 * compiled for the old type is then thrown away. The planner's first search in a process, most of it
 * run before its hot functions are compiled, paid for each such change.
 */
import { activationBytesPerLayer, type LayerActivations } from './activations.js';
import { activationShape, type RunContext } from './evaluate.js';
import { blendLayerCosts } from './blendLayerCosts.js';
import { layerCosts, type LayerCostInputs } from './layerCost.js';
import type { LayerCosts } from './partCost.js';
import { recomputedShare, type Layout } from './layout.js';
import { DataParallelTraffic, dataParallelTraffic } from './dataParallel.js';
import { modelStateTerms, StateTerms } from './memoryTotal.js';
import { dualPipeParams, stageParams, type ModelParamShares, type StageParams } from './stageParams.js';
import type { Architecture } from '../model/architecture.js';
import { placesInV } from './schedules.js';

/** Per-candidate verdicts of the schedule or ZeRO rules, built level by level (planLevels.ts STAGE_AT). */
export class Verdicts {
  /** The levels with rules, ascending, and the verdicts up to each; `final`: the whole table's. */
  readonly levels: number[];
  readonly upTo: Int32Array[];
  readonly final: Int32Array;
  constructor(stages: number[][], candidates: number) {
    this.levels = stages.flatMap((rs, k) => (rs.length > 0 ? [k - 1] : []));
    this.upTo = this.levels.map(() => new Int32Array(candidates).fill(-1));
    this.final = this.upTo[this.upTo.length - 1] ?? new Int32Array(candidates).fill(-1);
  }
}

const busier = (a: StageParams, b: StageParams): StageParams => (a.dense + a.experts >= b.dense + b.experts ? a : b);

/**
 * One stage split's parameters (stageParams), with the busiest stage and DualPipe's pair of stages; and zb-v's
 * split (stageParams under zb-v: rank 0 holding both ends of the V, a middle rank), `vFirst` and `vLast`, and its busiest.
 */
export class StageSet {
  readonly worst: StageParams;
  readonly dual: StageParams;
  readonly vWorst: StageParams;
  constructor(readonly first: StageParams, readonly last: StageParams, readonly vFirst: StageParams, readonly vLast: StageParams) {
    this.worst = busier(first, last);
    this.dual = dualPipeParams(first, last);
    this.vWorst = busier(vFirst, vLast);
  }
}

/**
 * The stage parameters of the (tp, pp, ep, etp, virtual stages) set in `l`, with Megatron's placement and, `withV` (the
 * search has zb-v), the V's (zb-v's V holds both ends on rank 0; the same objects otherwise), whatever schedule `l` holds.
 */
export function stageSetOf(arch: Architecture, l: Layout, shares: ModelParamShares, withV: boolean): StageSet {
  const even = stageParams(arch, l, shares, false);
  const v = withV ? stageParams(arch, l, shares, true) : even;
  return new StageSet(even.first, even.last, v.first, v.last);
}

/** The stage parameters a schedule reads (0: first and last, 1: DualPipe's pair, 2: zb-v's V), an index into ShapeCosts' caches. */
const PLACEMENTS = 3;
const placementIndex = (l: Layout): number => (l.schedule === 'dualpipe' ? 1 : placesInV(l.schedule) ? 2 : 0);

/**
 * One (tp, cp, ep, etp, micro-batch, sp, recompute) tuple's activations, shared by every pp, schedule and
 * ZeRO stage, and its layer costs, computed when a layout of the tuple first fits in memory (a quarter of
 * the tuples of a large search have none).
 */
export class TupleCosts {
  readonly act: LayerActivations;
  private costs: LayerCosts | null = null;
  /** With a fixed recompute_layers: the costs of the layers not recomputed. */
  private none: LayerCosts | null = null;
  private readonly blend: boolean;
  /**
   * `l`: the search's layout, holding the tuple. The activations read it, not a literal of its fields: evaluateLayout and
   * refineBlockRecompute pass layouts of its hidden class, and a literal's threw away the code compiled for the search.
   */
  constructor(private readonly ctx: RunContext, private readonly x: LayerCostInputs, l: Layout) {
    this.blend = l.recomputeLayers !== undefined;
    this.act = activationBytesPerLayer(ctx.arch, l, activationShape(ctx, x.microBatch, x.ep));
  }

  /** The layer costs of the layout in `l`; a fixed recompute_layers (with full recomputation) blends in the layers not recomputed, by the share pp and v leave. */
  costsFor(l: Layout): LayerCosts {
    if (!this.costs) {
      this.costs = layerCosts(this.ctx.arch, this.ctx.mc, this.x);
      if (this.blend && this.x.recompute === 'full') this.none = layerCosts(this.ctx.arch, this.ctx.mc, { ...this.x, recompute: 'none' });
    }
    return this.none ? blendLayerCosts(this.none, this.costs, recomputedShare(this.ctx.arch, l)) : this.costs;
  }
}

/**
 * One (tp, cp, pp, ep, etp) set's model-state terms (memoryTotal.ts modelStateTerms) and data-parallel
 * traffic (dataParallel.ts) per (ZeRO stage, shard group, placement: DualPipe, zb-v's V or neither): the same for every
 * micro-batch, recomputation and schedule below the set, so each is computed when a layout first needs
 * it and kept until the planner enters the next set (stamped with the set it belongs to).
 */
export class ShapeCosts {
  /** Per (ZeRO stage, placement: placementIndex): the terms of each shard group. */
  private readonly states: StateTerms[][];
  private readonly traffic: DataParallelTraffic[];
  /** The set each entry was computed for (0: never). */
  private readonly statesAt: Int32Array;
  private readonly trafficAt: Int32Array;
  private shape = 0;
  private pr: StageSet | null = null;
  /** `groups`: the most shard groups a ZeRO stage has in the search. */
  constructor(private readonly ctx: RunContext, zeroStages: number, private readonly groups: number) {
    this.states = Array.from({ length: PLACEMENTS * zeroStages }, () => Array.from({ length: groups }, () => new StateTerms()));
    this.traffic = Array.from({ length: PLACEMENTS * zeroStages * groups }, () => new DataParallelTraffic());
    this.statesAt = new Int32Array(PLACEMENTS * zeroStages);
    this.trafficAt = new Int32Array(PLACEMENTS * zeroStages * groups);
  }

  /** The planner enters a new (tp, cp, pp, ep, etp) set, whose stage parameters are `pr`. */
  enter(pr: StageSet): void {
    this.shape++;
    this.pr = pr;
  }

  /**
   * The model-state terms of the layout in `l` under each of the shard groups `groups` (by position), its
   * ZeRO stage the zi-th of the search's. Filling them sets l.shardGroup: the caller sets it next.
   */
  statesOf(l: Layout, zi: number, groups: number[]): StateTerms[] {
    const at = placementIndex(l);
    const v = at === 2;
    const k = PLACEMENTS * zi + at;
    const out = this.states[k]!;
    if (this.statesAt[k] !== this.shape) {
      const pr = this.pr!;
      for (let gi = 0; gi < groups.length; gi++) {
        l.shardGroup = groups[gi]!;
        modelStateTerms(l, v ? pr.vFirst : pr.first, v ? pr.vLast : pr.last, this.ctx.stateBytes, this.ctx.shardingPerStepUnderPp, this.ctx.arch.moe !== null, out[gi]!, this.ctx.zeroPlusPlus);
      }
      this.statesAt[k] = this.shape;
    }
    return out;
  }

  /** The data-parallel traffic of the layout in `l`, its ZeRO stage and shard group the zi-th and gi-th of the search's, on the busiest stage's parameters (DualPipe: both end stages'; zb-v: the V's busiest rank's). */
  trafficFor(l: Layout, zi: number, gi: number): DataParallelTraffic {
    const at = placementIndex(l);
    const k = PLACEMENTS * (zi * this.groups + gi) + at;
    const out = this.traffic[k]!;
    if (this.trafficAt[k] !== this.shape) {
      const pr = this.pr!;
      dataParallelTraffic(this.ctx, l, at === 1 ? pr.dual : at === 2 ? pr.vWorst : pr.worst, out);
      this.trafficAt[k] = this.shape;
    }
    return out;
  }
}

/** Keeps `times`/`layouts` the fastest seen so far, ascending (a copy of `l` is stored). */
export function insertFastest(times: Float64Array, layouts: (Layout | null)[], t: number, l: Layout): void {
  const n = times.length;
  if (!(t < times[n - 1]!)) return;
  let i = n - 1;
  while (i > 0 && times[i - 1]! > t) { times[i] = times[i - 1]!; layouts[i] = layouts[i - 1]!; i--; }
  times[i] = t;
  layouts[i] = copyLayout(l);
}

/**
 * A copy of the search's layout `l` with `l`'s hidden class: a literal with the keys of `l`'s, in the same
 * order (V8 gives `{ ...l }` a class of its own, and evaluating the best layouts then threw away the step
 * model's code compiled for the search, which the next search in the process compiled again).
 */
export function copyLayout(l: Layout): Layout {
  return {
    tp: l.tp, pp: l.pp, dp: l.dp, cp: l.cp, ep: l.ep, etp: l.etp, microBatch: l.microBatch, schedule: l.schedule, virtualStages: l.virtualStages,
    zeroStage: l.zeroStage, shardGroup: l.shardGroup, sequenceParallel: l.sequenceParallel, recompute: l.recompute, recomputeLayers: l.recomputeLayers,
    pipelineLayout: l.pipelineLayout,
  };
}
