/**
 * The layout planner: every combination of tp, pp, cp, ep, etp, micro-batch, schedule/virtual stages,
 * ZeRO stage, shard group, recomputation and sequence parallelism (dp = GPUs / (tp·pp·cp)), minus the
 * fields the user fixed; impossible ones (the rules of layoutRules.ts, each checked at the loop level
 * where its last field is known) are counted by rule, the rest ranked by step time among those that
 * fit in memory. Per-(tp, cp, ep, etp, micro-batch, sp, recompute) costs are computed once and the
 * inner loops (pp, schedule, ZeRO, shard group) are plain arithmetic into a reused Float64Array.
 * The candidate values of each field: planSpace.ts.
 */
import type { Architecture } from '../model/architecture.js';
import { checkOptions, evaluateLayout, moeLoadOn, type Evaluation, type RunContext } from './evaluate.js';
import { withLayoutFixes, type Layout } from './layout.js';
import { ruleContext, type LayoutCheckOptions } from './layoutCheck.js';
import { DUALPIPEV, LAYOUT_RULES } from './layoutRules.js';
import { INTERLEAVING } from './virtualStageRules.js';
import type { RuleContext } from './layoutRuleTypes.js';
import { refineBlockRecompute, REFINED } from './blockRecompute.js';
import { modelParamShares } from './stageParams.js';
import { PipelineTimes } from './pipelineTimes.js';
import { ShapeCosts, stageSetOf, type StageSet, TupleCosts, Verdicts } from './planScratch.js';
import { brokenAt, HOIST_GROUP, INDEX, NEEDS, PREPARES, RULES, STAGE_AT, ZERO_PER_SCHEDULE } from './planLevels.js';
import { scan, type Scan } from './planScan.js';
import { pick, searchSpace } from './planSpace.js';
import { divisors } from './divisors.js';
import { placesInV } from './schedules.js';
import { attentionCoreRates } from './attentionCore.js';
import { MemoryBase } from './memoryTotal.js';

export type PartialLayout = Partial<Layout>;

export interface PlanOptions {
  top?: number;
  /** Candidate lists; defaults in planSpace.ts. */
  microBatches?: number[];
  virtualStages?: number[];
  /** The layout-rule options of the run (evaluate.ts checkOptions), where the caller worked them out for its own checks; default: worked out here. */
  checks?: LayoutCheckOptions;
}

export interface PlanResult {
  best: Evaluation[];
  /** When no layout fits: the one needing the least memory, to say what overflows and by how much. */
  nearestMiss: Evaluation | null;
  evaluated: number;
  fitting: number;
  skipped: Record<string, number>;
  /** Space searched: the candidate values per field. */
  candidates: Record<string, (number | string | boolean)[]>;
}

/** Skip reasons: the rule summaries of layoutRules.ts, and memory. */
export const SKIP = {
  heads: 'tp does not divide the (key/value) heads',
  layers: 'pp does not divide the layers',
  seq: 'cp does not divide the sequence length',
  batch: 'micro_batch·dp does not divide the global batch',
  interleave: INTERLEAVING,
  dualpipe: 'DualPipe needs an even pp, an even m ≥ 2·pp and expert parallelism (ep > 1) unless fixed',
  dualpipev: DUALPIPEV,
  experts: 'ep does not divide the experts',
  fold: 'ep·etp does not divide tp·cp·dp',
  sp: 'sequence parallelism needs tp > 1',
  memory: 'does not fit in memory',
} as const;

export function plan(ctx: RunContext, given: PartialLayout = {}, options: PlanOptions = {}): PlanResult {
  const arch: Architecture = ctx.arch;
  // A pipeline layout fixes pp's virtual stages and schedule (layout.ts withLayoutFixes): the rest is searched.
  const fixed = withLayoutFixes(arch, given);
  const N = ctx.gpuCount;
  const B = ctx.globalBatchSequences;
  const s = ctx.seqLen;
  const top = options.top ?? 5;
  const rc: RuleContext = ruleContext(arch, N, B, options.checks ?? checkOptions(ctx));
  const divisorsOfN = divisors(N);
  // What is searched: the candidate values of each field (planSpace.ts).
  const { tps, cps, eps, etps, mbs, spWithTp, sps, rcs, refine, zs, stackPp, sched, dualFixed } = searchSpace(ctx, fixed, options, divisorsOfN);
  const skipped: Record<string, number> = {};
  const skip = (reason: string, n: number) => { if (n > 0) skipped[reason] = (skipped[reason] ?? 0) + n; };
  const verdicts = [new Verdicts(STAGE_AT[0]!, sched.length), new Verdicts(STAGE_AT[1]!, zs.length)];
  const perCosts = sched.length * zs.length; // layouts below one (tp, cp, ep, etp, mb, sp, rc, pp), one shard group each
  const acc: Scan = {
    evaluated: 0, fitting: 0, tooBig: 0, dualPipeSkipped: 0, dualPipeVSkipped: 0, ruleSkips: new Float64Array(LAYOUT_RULES.length),
    bestT: new Float64Array(top).fill(Infinity), bestL: new Array<Layout | null>(top).fill(null),
    leastMem: Infinity, leastMemLayout: null, pipe: new PipelineTimes(), base: new MemoryBase(),
    fullT: new Float64Array(refine ? REFINED : 0).fill(Infinity), fullL: new Array<Layout | null>(refine ? REFINED : 0).fill(null),
    rc, shardGroups: [], schedBad: verdicts[0]!.final, zeroBad: verdicts[1]!.final, zeroPerSchedule: ZERO_PER_SCHEDULE,
    // Room for every shard group: a divisor of dp·cp, itself a divisor of N (or the user's one group).
    groupLists: zs.map(() => []), groupBad: zs.map(() => new Int32Array(Math.max(1, divisorsOfN.length))),
    shape: new ShapeCosts(ctx, zs.length, Math.max(1, divisorsOfN.length)),
    stagesAt: null,
  };
  const domain = ctx.mc.network.domainSize;
  // Per-(tp, cp, ep, etp, micro-batch, sp, recompute) layer costs and activations, shared by every pp, schedule and
  // ZeRO stage: indexed by the candidates' positions (no string keys in the loop), and emptied for each (tp, cp),
  // whose tuples no later layout uses (so most die young instead of being copied by each collection during the search).
  const costCache: (TupleCosts | undefined)[] = [];
  const paramCache = new Map<number, StageSet>();
  // Interleaved MoE layers (moe.every > 1): a rank's MoE layers, so its parameters, depend on the virtual stages
  // (architecture.ts moeLayersPerRank), which the schedule loop sets; their stage parameters are kept per vp too.
  const perVp = arch.moe !== null && !arch.hybrid && arch.moe.every > 1 ? new Map<string, StageSet>() : null;
  const shares = modelParamShares(arch);
  // The set's stage parameters with Megatron's placement and, where the search has zb-v, the V's (planScratch.ts).
  const withV = sched.some(([k]) => placesInV(k));
  const stageSet = (): StageSet => stageSetOf(arch, l, shares, withV);
  // Divisors per search, by value: dp·cp and N/(tp·cp) take few distinct values across the loops.
  const divisorsCache = new Map<number, number[]>([[N, divisorsOfN]]);
  const divisorsOf = (n: number): number[] => {
    let d = divisorsCache.get(n);
    if (!d) divisorsCache.set(n, (d = divisors(n)));
    return d;
  };
  const candidatePp = (rest: number) => pick(stackPp, divisorsOf(rest));
  // The layout the loops fill in: its keys in copyLayout's order (one hidden class for it and its copies).
  const l: Layout = { tp: 1, pp: 1, dp: 1, cp: 1, ep: 1, etp: 1, microBatch: 1, schedule: '1f1b', virtualStages: 1, zeroStage: 0, shardGroup: 1, sequenceParallel: false, recompute: 'none', recomputeLayers: fixed.recomputeLayers, pipelineLayout: fixed.pipelineLayout };
  const sizes = [tps.length, cps.length, 1, eps.length, etps.length, mbs.length, sps.length, rcs.length, perCosts];
  /** Layouts below level k (the shard-group level counted once). */
  const below = (k: number) => { let n = 1; for (let i = k + 1; i < sizes.length; i++) n *= sizes[i]!; return n; };
  /**
   * Checks every schedule (j = 0) or ZeRO stage (j = 1) against the rules of STAGE_AT[j] at level k. The
   * verdict of the level above with rules (−1 at the first) becomes the first rule broken in table
   * order: rules after it need no check.
   */
  const judge = (j: number, k: number): void => {
    const rs = RULES[8 + j]!;
    const ix = INDEX[8 + j]!;
    const stage = STAGE_AT[j]![k + 1]!;
    const p = verdicts[j]!.levels.indexOf(k);
    const prev = p > 0 ? verdicts[j]!.upTo[p - 1]! : null;
    const out = verdicts[j]!.upTo[p]!;
    for (let i = 0; i < out.length; i++) {
      if (j === 0) { l.schedule = sched[i]![0]; l.virtualStages = sched[i]![1]; } else l.zeroStage = zs[i]!;
      let v = prev ? prev[i]! : -1;
      for (let q = 0; q < stage.length; q++) {
        const r = stage[q]!;
        if (v >= 0 && ix[r]! > v) break;
        if (!rs[r]!.ok(l, rc)) { v = ix[r]!; break; }
      }
      out[i] = v;
    }
  };
  /** Fills the per-schedule and per-ZeRO-stage verdicts of level k (see STAGE_AT) and the shard groups' (HOIST_GROUP). */
  const prepare = (k: number): void => {
    for (let j = 0; j < 2; j++) {
      if (STAGE_AT[j]![k + 1]!.length === 0 || (j === 1 && ZERO_PER_SCHEDULE)) continue;
      judge(j, k);
    }
    if (HOIST_GROUP === k) {
      for (let i = 0; i < zs.length; i++) {
        l.zeroStage = zs[i]!;
        // The user's group, or under ZeRO-3 the searched ones, else one group of dp·cp.
        const groups = fixed.shardGroup !== undefined ? [fixed.shardGroup] : l.zeroStage === 3 ? acc.shardGroups : [l.dp * l.cp];
        acc.groupLists[i] = groups;
        const bad = acc.groupBad[i]!;
        for (let g = 0; g < groups.length; g++) { l.shardGroup = groups[g]!; bad[g] = brokenAt(10, l, rc); }
      }
    }
  };
  /** Checks level k's rules; counts the skipped subtree under the broken rule. */
  const fails = (k: number): boolean => {
    const r = brokenAt(k, l, rc);
    if (r >= 0) acc.ruleSkips[r] = acc.ruleSkips[r]! + below(k);
    else if (PREPARES[k]) prepare(k);
    return r >= 0;
  };
  prepare(-1);

  for (let ti = 0; ti < tps.length; ti++) {
    const tp = tps[ti]!;
    if (N % tp !== 0) { skip('tp·pp·dp·cp must equal the GPU count', below(0)); continue; }
    l.tp = tp;
    if (NEEDS[0] && fails(0)) continue;
    for (let ci = 0; ci < cps.length; ci++) {
      const cp = cps[ci]!;
      if ((N / tp) % cp !== 0) continue; // not a factorisation of N: not part of the space
      l.cp = cp;
      costCache.length = 0;
      if (NEEDS[1] && fails(1)) continue;
      // The attention core's rates, the same for every tuple of this cp (layerCost.ts LayerCostInputs.coreRates).
      const coreRates = ctx.flashAttention ? attentionCoreRates(arch, ctx.mc, s, cp, ctx.documents, ctx.cpComm) : undefined;
      for (const pp of candidatePp(N / (tp * cp))) {
        // A fixed pp the planner's tp·cp leaves no room for: not part of the space, as for cp (it was counted as a reason).
        if ((N / (tp * cp)) % pp !== 0) continue;
        const dp = N / (tp * cp * pp);
        if (fixed.dp !== undefined && fixed.dp !== dp) continue;
        l.pp = pp; l.dp = dp;
        // Shard groups searched under ZeRO-3 (search policy, not validity): one group of dp·cp, or groups of 2 or
        // more ranks inside one scale-up domain (g·tp ≤ domain), as HSDP shards "within a node" (PyTorch FSDP
        // HYBRID_SHARD) and MiCS places its partition groups on the fast intra-node links (Zhang et al. 2022 §3.2).
        acc.shardGroups = divisorsOf(dp * cp).filter((g) => g === dp * cp || (g >= 2 && g * tp <= domain));
        if (NEEDS[2] && fails(2)) continue;
        for (let ei = 0; ei < eps.length; ei++) {
          l.ep = eps[ei]!;
          if (NEEDS[3] && fails(3)) continue;
          for (let xi = 0; xi < etps.length; xi++) {
            l.etp = etps[xi]!;
            if (NEEDS[4] && fails(4)) continue;
            const key = ((ti * (N + 1) + pp) * eps.length + ei) * etps.length + xi;
            let pr = paramCache.get(key);
            if (!pr) {
              pr = stageSet();
              paramCache.set(key, pr);
            }
            acc.shape.enter(pr);
            acc.stagesAt = perVp && ((vp: number): StageSet => {
              const k = `${key}:${vp}`;
              let at = perVp.get(k);
              if (!at) {
                at = stageSet(); // l.virtualStages is vp: the schedule loop set it
                perVp.set(k, at);
              }
              return at;
            });
            for (let mi = 0; mi < mbs.length; mi++) {
              const mb = mbs[mi]!;
              l.microBatch = mb;
              if (NEEDS[5] && fails(5)) continue;
              const m = B / (mb * dp);
              for (let si = 0; si < sps.length; si++) {
                const sp = sps[si]!;
                if (spWithTp && sp !== tp > 1) continue; // not part of this stack's space
                l.sequenceParallel = sp;
                if (NEEDS[6] && fails(6)) continue;
                for (let ri = 0; ri < rcs.length; ri++) {
                  const rcm = rcs[ri]!;
                  l.recompute = rcm;
                  if (NEEDS[7] && fails(7)) continue;
                  const ck = (((ei * etps.length + xi) * mbs.length + mi) * sps.length + si) * rcs.length + ri;
                  let pre = costCache[ck];
                  if (!pre) {
                    pre = new TupleCosts(ctx, { tp, cp, ep: l.ep, etp: l.etp, microBatch: mb, sequenceParallel: sp, recompute: rcm, seqLen: s, flashAttention: ctx.flashAttention, attention: ctx.attention, moeMaxNodes: ctx.moeMaxNodes, moeProbsAllToAll: ctx.moeProbsAllToAll, moeLoadFactor: moeLoadOn(ctx, l.ep), tpCommOverlap: ctx.tpCommOverlap, moeEinsum: ctx.moeEinsum, recomputeModules: ctx.recomputeModules, coreRates, cpComm: ctx.cpComm, documents: ctx.documents }, l);
                    costCache[ck] = pre;
                  }
                  scan(ctx, acc, l, pre, m, sched, zs, dualFixed);
                }
              }
            }
          }
        }
      }
    }
  }
  // A rule that limits the candidates of a field the planner chose counts no reason (layoutRuleTypes.ts candidatesOf):
  // with pp fixed at 1, 'no layout can run' gave the interleaved and DualPipe schedules it made up as its top reasons.
  for (let i = 0; i < LAYOUT_RULES.length; i++) {
    const r = LAYOUT_RULES[i]!;
    if (r.candidatesOf === undefined || fixed[r.candidatesOf] !== undefined) skip(r.summary, acc.ruleSkips[i]!);
  }
  skip(SKIP.dualpipe, acc.dualPipeSkipped);
  skip(SKIP.dualpipev, acc.dualPipeVSkipped);
  skip(SKIP.memory, acc.tooBig);
  let best = acc.bestL.filter((x): x is Layout => x !== null).map((x) => evaluateLayout(ctx, x));
  if (refine) {
    const refined = refineBlockRecompute(ctx, acc.fullL.filter((x): x is Layout => x !== null));
    acc.evaluated += refined.fit + refined.tooBig;
    acc.fitting += refined.fit;
    skip(SKIP.memory, refined.tooBig);
    best = [...best, ...refined.best].sort((a, b) => a.prediction.stepTimeSeconds - b.prediction.stepTimeSeconds).slice(0, top);
  }
  return {
    best,
    nearestMiss: best.length === 0 && acc.leastMemLayout ? evaluateLayout(ctx, acc.leastMemLayout) : null,
    evaluated: acc.evaluated,
    fitting: acc.fitting,
    skipped,
    candidates: { tp: tps, cp: cps, ep: eps, etp: etps, microBatch: mbs, sequenceParallel: sps, recompute: rcs, zeroStage: zs, schedule: sched.map(([k, v]) => (v > 1 ? `${k}:v${v}` : k)) },
  };
}
