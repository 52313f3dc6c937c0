/**
 * The planner's innermost loops (plan.ts): over schedules, ZeRO stages and shard groups, adding up per
 * layout the parts computed once for many, and keeping the fastest layouts that fit.
 */
import type { RunContext } from './evaluate.js';
import type { LayerCosts } from './partCost.js';
import { shardsNothing, type Layout, type PipelineSchedule, type ZeroStage } from './layout.js';
import type { RuleContext } from './layoutRuleTypes.js';
import { dataParallelExposed } from './dataParallel.js';
import { memoryBase, memoryWithStates, type MemoryBase } from './memoryTotal.js';
import { layoutMemoryTotalBytes } from './layoutMemory.js';
import { brokenAt, GROUP_PER_LAYOUT } from './planLevels.js';
import { pipelineTimes, type PipelineTimes } from './pipelineTimes.js';
import { stepSeconds } from './step.js';
import { copyLayout, insertFastest, type ShapeCosts, type StageSet, type TupleCosts } from './planScratch.js';

/** What {@link scan} accumulates over the whole search (one object, so the hot function stays small and monomorphic). */
export interface Scan {
  evaluated: number;
  fitting: number;
  /** Layouts over the memory capacity. */
  tooBig: number;
  dualPipeSkipped: number;
  /** DualPipeV's layouts at ep 1 the search passes over (planSpace.ts), as DualPipe's. */
  dualPipeVSkipped: number;
  /** Layouts skipped per rule (index in LAYOUT_RULES). */
  ruleSkips: Float64Array;
  /** The `top` fastest step times so far, ascending, and their layouts. */
  bestT: Float64Array;
  bestL: (Layout | null)[];
  /** While nothing fits: the layout needing the least memory. */
  leastMem: number;
  leastMemLayout: Layout | null;
  /** The current schedule's pipeline times (step.ts). */
  pipe: PipelineTimes;
  base: MemoryBase;
  /** The fastest fitting full-recomputation layouts (for refineBlockRecompute), ascending; empty when not refining. */
  fullT: Float64Array;
  fullL: (Layout | null)[];
  rc: RuleContext;
  /** The shard groups tried under ZeRO-3 for the current (tp, cp, pp). */
  shardGroups: number[];
  /** The rule each schedule / ZeRO stage breaks (index in LAYOUT_RULES, −1: none), hoisted out of the inner loops (see STAGE_AT). */
  schedBad: Int32Array;
  zeroBad: Int32Array;
  /** The ZeRO rules read the schedule: their verdicts are recomputed per schedule. */
  zeroPerSchedule: boolean;
  /** Per ZeRO stage: the shard groups tried and the rule each breaks (see HOIST_GROUP; the first groups.length entries). */
  groupLists: number[][];
  groupBad: Int32Array[];
  /** The current (tp, cp, pp, ep, etp) set's model-state terms and data-parallel traffic. */
  shape: ShapeCosts;
  /**
   * For a model whose MoE layers per pipeline rank depend on the virtual stages (moe.every > 1: architecture.ts
   * moeLayersPerRank), the current set's stage parameters at each; null otherwise, where one set serves every schedule.
   */
  stagesAt: ((virtualStages: number) => StageSet) | null;
}

/**
 * The innermost loops, over schedules, ZeRO stages and shard groups, for one (tp, cp, pp, ep, etp,
 * micro-batch, sp, recompute) set in `l`. A function of its own: V8 optimises a small hot function after
 * a few calls, where on-stack replacement of the whole planner took longer to compile than a first search runs.
 * Per layout it adds up parts computed once for many: the memory per schedule (memoryBase) and per
 * (ZeRO stage, shard group) set (acc.shape), the pipeline times per schedule (pipelineTimes, again only
 * when the gradient-accumulation time changes with the shard group), the data-parallel traffic per set.
 */
export function scan(ctx: RunContext, acc: Scan, l: Layout, tuple: TupleCosts, m: number,
  sched: [PipelineSchedule, number][], zs: ZeroStage[], dualFixed: boolean): void {
  const cap = ctx.hw.memoryBytes;
  const { base, pipe, shape, ruleSkips } = acc;
  // A pipeline layout: each rank's memory (layoutMemory.ts) in place of the first and last stage's terms.
  const placed = l.pipelineLayout !== undefined;
  const moe = ctx.arch.moe !== null;
  for (let si = 0; si < sched.length; si++) {
    l.schedule = sched[si]![0]; l.virtualStages = sched[si]![1];
    const bad = acc.schedBad[si]!;
    if (bad >= 0) { ruleSkips[bad] = ruleSkips[bad]! + zs.length; continue; }
    if (acc.stagesAt) shape.enter(acc.stagesAt(l.virtualStages));
    if (l.schedule === 'dualpipe' && l.ep === 1 && !dualFixed) { acc.dualPipeSkipped += zs.length; continue; } // search policy (planSpace.ts)
    if (l.schedule === 'dualpipev' && l.ep === 1 && !dualFixed) { acc.dualPipeVSkipped += zs.length; continue; }
    memoryBase(ctx.arch, l, ctx.seqLen, m, tuple.act, base, ctx.epCommOverlap);
    let c: LayerCosts | null = null; // at the schedule's first layout that fits
    // Where ZeRO shards nothing (layout.ts shardsNothing: dp·cp 1, or a shard group of 1) every ZeRO stage is the same layout: the
    // first that fits (the lowest the rules allow; each needs the same memory, ZeRO-3 gathering nothing) is ranked, the others are
    // counted but not listed again. At dp 1 the planner listed ZeRO 0, 1, 2 and 3 as four rows of one step time.
    let unsharded = false;
    let pipeAccum = NaN; // the accumulation seconds `pipe` was computed with (NaN: not yet)
    for (let zi = 0; zi < zs.length; zi++) {
      l.zeroStage = zs[zi]!;
      const badZ = acc.zeroPerSchedule ? brokenAt(9, l, acc.rc) : acc.zeroBad[zi]!;
      if (badZ >= 0) { ruleSkips[badZ] = ruleSkips[badZ]! + 1; continue; }
      // Shard groups: the user's, or dp·cp, and under ZeRO-3 also the groups of 2 or more ranks inside one scale-up domain (HSDP / MiCS).
      const groups = acc.groupLists[zi]!;
      const groupBad = acc.groupBad[zi]!;
      const states = shape.statesOf(l, zi, groups);
      for (let gi = 0; gi < groups.length; gi++) {
        l.shardGroup = groups[gi]!;
        const badG = GROUP_PER_LAYOUT ? brokenAt(10, l, acc.rc) : groupBad[gi]!;
        if (badG >= 0) { ruleSkips[badG] = ruleSkips[badG]! + 1; continue; }
        acc.evaluated++;
        const mem = placed ? layoutMemoryTotalBytes(ctx.arch, l, ctx.seqLen, m, tuple.act, ctx.stateBytes, ctx.shardingPerStepUnderPp, ctx.epCommOverlap, ctx.zeroPlusPlus) : memoryWithStates(base, l, states[gi]!);
        if (mem > cap) {
          acc.tooBig++;
          if (acc.fitting === 0 && mem < acc.leastMem) { acc.leastMem = mem; acc.leastMemLayout = copyLayout(l); }
          continue;
        }
        acc.fitting++;
        if (shardsNothing(l, moe)) { // reads the shard group: computed per group
          if (unsharded) continue;
          unsharded = true;
        }
        c ??= tuple.costsFor(l);
        const dp = shape.trafficFor(l, zi, gi);
        if (dp.accumSeconds !== pipeAccum) { pipelineTimes(ctx, l, c, dp.accumSeconds, pipe); pipeAccum = dp.accumSeconds; }
        // The step time with no exposed data-parallel time is a lower bound (that time is ≥ 0, and a float sum
        // never shrinks when a term grows): a layout whose bound is no faster than the slowest kept would not be
        // kept, so its exposed time is not computed (nine in ten fitting layouts for Llama 3.1 405B on 16,384 GPUs).
        const full = acc.fullT.length > 0 && l.recompute === 'full';
        const bound = stepSeconds(pipe, 0, dp.optimizerSeconds, m);
        if (bound >= acc.bestT[acc.bestT.length - 1]! && !(full && bound < acc.fullT[acc.fullT.length - 1]!)) continue;
        const t = stepSeconds(pipe, dataParallelExposed(ctx, dp, pipe.busy, m), dp.optimizerSeconds, m);
        insertFastest(acc.bestT, acc.bestL, t, l);
        if (full) insertFastest(acc.fullT, acc.fullL, t, l);
      }
    }
  }
}
