/**
 * The layout planner: every combination of tp, pp, cp, ep, micro-batch, schedule/virtual stages,
 * ZeRO stage, recomputation and sequence parallelism (dp = GPUs / (tp·pp·cp)), minus the fields
 * the user fixed; impossible ones are counted by reason, the rest ranked by step time among those
 * that fit in memory. Per-(tp, cp, ep, micro-batch, sp, recompute) costs are computed once and the
 * inner loops (pp, schedule, ZeRO) are plain arithmetic into a reused Float64Array.
 */
import type { Architecture } from '../model/architecture.js';
import { activationBytesPerLayer } from './activations.js';
import { evaluateLayout, type Evaluation, type RunContext } from './evaluate.js';
import { layerCosts } from './layerCost.js';
import { dualPipeMicroBatchesOk, type Layout, type PipelineSchedule, type Recompute, type ZeroStage } from './layout.js';
import { dualPipeParams, memoryBase, memoryWithZero, stageParams, type MemoryBase, type StageParams } from './memory.js';
import { Slot, stepParts } from './step.js';

export type PartialLayout = Partial<Layout>;

export interface PlanOptions {
  top?: number;
  /** Allow pp not dividing the layers (uneven stages). */
  unevenStages?: boolean;
  /** Candidate lists; defaults below. */
  maxTp?: number;
  maxCp?: number;
  microBatches?: number[];
  virtualStages?: number[];
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

export const SKIP = {
  heads: 'tp does not divide the (key/value) heads',
  layers: 'pp does not divide the layers',
  seq: 'cp does not divide the sequence length',
  batch: 'microBatch·dp does not divide the global batch',
  interleave: 'interleaving needs pp > 1, v | layers per stage and m % pp = 0',
  dualpipe: 'DualPipe needs an even pp, an even m ≥ 2·pp and expert parallelism (ep > 1) unless fixed',
  experts: 'ep does not divide the experts or dp·cp',
  sp: 'sequence parallelism needs tp > 1',
  memory: 'does not fit in memory',
} as const;

const divisors = (n: number): number[] => {
  const out: number[] = [];
  for (let i = 1; i * i <= n; i++) if (n % i === 0) { out.push(i); if (i * i !== n) out.push(n / i); }
  return out.sort((a, b) => a - b);
};

export function plan(ctx: RunContext, fixed: PartialLayout = {}, options: PlanOptions = {}): PlanResult {
  const arch: Architecture = ctx.arch;
  const N = ctx.gpuCount;
  const B = ctx.globalBatchSequences;
  const s = ctx.seqLen;
  const top = options.top ?? 5;
  const pick = <T>(f: T | undefined, all: T[]): T[] => (f === undefined ? all : [f]);
  // The search space, chosen (not sourced): tp and cp up to 64 and 32 (beyond one NVL72 domain TP
  // traffic dominates), ep up to 256 experts' worth, micro-batches 1–16, interleaving 2–8 chunks
  // (Megatron's examples use 2–8); fields the user fixes replace these lists.
  const tps = pick(fixed.tp, divisors(N).filter((x) => x <= (options.maxTp ?? 64)));
  const cps = pick(fixed.cp, divisors(N).filter((x) => x <= (options.maxCp ?? 32)));
  const eps = pick(fixed.ep, arch.moe ? divisors(arch.moe.experts).filter((x) => x <= 256) : [1]);
  const mbs = pick(fixed.microBatch, options.microBatches ?? [1, 2, 4, 8, 16]);
  const sps = pick(fixed.sequenceParallel, [false, true]);
  const rcs = pick<Recompute>(fixed.recompute, ['none', 'selective', 'full']);
  const zs = pick<ZeroStage>(fixed.zeroStage, [0, 1, 2, 3]);
  // Schedule × virtual stages as one list of (schedule, v).
  const vs = options.virtualStages ?? [2, 3, 4, 6, 8];
  let sched: [PipelineSchedule, number][] = [['1f1b', 1], ...vs.map((v): [PipelineSchedule, number] => ['interleaved', v])];
  // DualPipe is searched for MoE models only (and used with ep > 1 only, below), unless the user fixes it:
  // its published benefit is hiding the expert all-to-all behind compute (DeepSeek-V3 §3.2.1), paid for
  // with a second copy of every stage's parameters. Dense models keep the Megatron schedules and the
  // search space (and speed) they had.
  const dualFixed = fixed.schedule === 'dualpipe';
  if (arch.moe || dualFixed) sched.push(['dualpipe', 1]);
  if (fixed.schedule) sched = sched.filter(([k]) => k === fixed.schedule);
  if (fixed.virtualStages !== undefined) sched = sched.filter(([, v]) => v === fixed.virtualStages).length ? sched.filter(([, v]) => v === fixed.virtualStages) : [[fixed.schedule ?? (fixed.virtualStages > 1 ? 'interleaved' : '1f1b'), fixed.virtualStages]];
  const skipped: Record<string, number> = {};
  const skip = (reason: string, n: number) => { if (n > 0) skipped[reason] = (skipped[reason] ?? 0) + n; };
  const perCosts = sched.length * zs.length; // layouts below one (tp, cp, ep, mb, sp, rc, pp)
  const acc: Scan = {
    evaluated: 0, fitting: 0, tooBig: 0, interleaveSkipped: 0, dualPipeSkipped: 0,
    bestT: new Float64Array(top).fill(Infinity), bestL: new Array<Layout | null>(top).fill(null),
    leastMem: Infinity, leastMemLayout: null, parts: new Float64Array(Slot.Size), base: { first: 0, last: 0 },
  };
  // Per-(tp, cp, ep, micro-batch, sp, recompute) layer costs and activations, shared by every pp, schedule and
  // ZeRO stage: indexed by the candidates' positions (no string keys in the loop).
  const costCache: ({ costs: ReturnType<typeof layerCosts>; act: ReturnType<typeof activationBytesPerLayer> } | undefined)[] = [];
  const paramCache = new Map<number, { first: StageParams; last: StageParams; worst: StageParams; dual: StageParams }>();
  const headsOk = (tp: number) => arch.heads % tp === 0 && (arch.mla !== null || arch.kvHeads % tp === 0 || tp % arch.kvHeads === 0);
  const candidatePp = (rest: number) => pick(fixed.pp, divisors(rest));
  const probe: Layout = { tp: 1, pp: 1, dp: 1, cp: 1, ep: 1, microBatch: 1, schedule: '1f1b', virtualStages: 1, zeroStage: 0, sequenceParallel: false, recompute: 'none' };

  for (let ti = 0; ti < tps.length; ti++) {
    const tp = tps[ti]!;
    if (N % tp !== 0) { skip('tp·pp·dp·cp must equal the GPU count', 1); continue; }
    for (let ci = 0; ci < cps.length; ci++) {
      const cp = cps[ci]!;
      if ((N / tp) % cp !== 0) continue; // not a factorisation of N: not part of the space
      const pps = candidatePp(N / (tp * cp));
      for (const pp of pps) {
        if ((N / (tp * cp)) % pp !== 0) { skip('tp·pp·dp·cp must equal the GPU count', 1); continue; }
        const dp = N / (tp * cp * pp);
        if (fixed.dp !== undefined && fixed.dp !== dp) continue;
        const below = eps.length * mbs.length * sps.length * rcs.length * perCosts;
        if (!headsOk(tp)) { skip(SKIP.heads, below); continue; }
        if (options.unevenStages ? pp > arch.layers : arch.layers % pp !== 0) { skip(SKIP.layers, below); continue; }
        if (s % cp !== 0 || (cp > 1 && (s / cp) % 2 !== 0)) { skip(SKIP.seq, below); continue; }
        const perStage = Math.ceil(arch.layers / pp);
        for (let ei = 0; ei < eps.length; ei++) {
          const ep = eps[ei]!;
          const belowEp = mbs.length * sps.length * rcs.length * perCosts;
          if (arch.moe ? arch.moe.experts % ep !== 0 || (dp * cp) % ep !== 0 : ep !== 1) { skip(SKIP.experts, belowEp); continue; }
          const key = (ti * (N + 1) + pp) * eps.length + ei;
          let pr = paramCache.get(key);
          if (!pr) {
            probe.tp = tp; probe.pp = pp; probe.ep = ep;
            const sp2 = stageParams(arch, probe);
            const worst = sp2.first.dense + sp2.first.experts >= sp2.last.dense + sp2.last.experts ? sp2.first : sp2.last;
            pr = { ...sp2, worst, dual: dualPipeParams(sp2.first, sp2.last) };
            paramCache.set(key, pr);
          }
          for (let mi = 0; mi < mbs.length; mi++) {
            const mb = mbs[mi]!;
            const belowMb = sps.length * rcs.length * perCosts;
            if (B % (mb * dp) !== 0) { skip(SKIP.batch, belowMb); continue; }
            const m = B / (mb * dp);
            for (let si = 0; si < sps.length; si++) {
              const sp = sps[si]!;
              if (sp && tp === 1) { skip(SKIP.sp, rcs.length * perCosts); continue; }
              for (let ri = 0; ri < rcs.length; ri++) {
                const rc = rcs[ri]!;
                const ck = ((((ti * cps.length + ci) * eps.length + ei) * mbs.length + mi) * sps.length + si) * rcs.length + ri;
                let pre = costCache[ck];
                if (!pre) {
                  pre = {
                    costs: layerCosts(arch, ctx.mc, { tp, cp, ep, microBatch: mb, sequenceParallel: sp, recompute: rc, seqLen: s, flashAttention: ctx.flashAttention, attention: ctx.attention, moeMaxNodes: ctx.moeMaxNodes, moeLoadFactor: ctx.moeLoadFactor }),
                    act: activationBytesPerLayer(arch, { tp, cp, sequenceParallel: sp, recompute: rc }, { seqLen: s, microBatch: mb, flashAttention: ctx.flashAttention }),
                  };
                  costCache[ck] = pre;
                }
                const { costs, act } = pre;
                const l = probe;
                l.tp = tp; l.pp = pp; l.dp = dp; l.cp = cp; l.ep = ep; l.microBatch = mb; l.sequenceParallel = sp; l.recompute = rc;
                scan(ctx, acc, l, costs, act, pr, m, perStage, sched, zs, dualFixed);
              }
            }
          }
        }
      }
    }
  }
  skip(SKIP.interleave, acc.interleaveSkipped);
  skip(SKIP.dualpipe, acc.dualPipeSkipped);
  skip(SKIP.memory, acc.tooBig);
  const best = acc.bestL.filter((x): x is Layout => x !== null).map((l) => evaluateLayout(ctx, l));
  return {
    best,
    nearestMiss: best.length === 0 && acc.leastMemLayout ? evaluateLayout(ctx, acc.leastMemLayout) : null,
    evaluated: acc.evaluated,
    fitting: acc.fitting,
    skipped,
    candidates: { tp: tps, cp: cps, ep: eps, microBatch: mbs, sequenceParallel: sps, recompute: rcs, zeroStage: zs, schedule: sched.map(([k, v]) => (v > 1 ? `${k}:v${v}` : k)) },
  };
}

/** What {@link scan} accumulates over the whole search (one object, so the hot function stays small and monomorphic). */
interface Scan {
  evaluated: number;
  fitting: number;
  /** Layouts over the memory capacity. */
  tooBig: number;
  interleaveSkipped: number;
  dualPipeSkipped: number;
  /** The `top` fastest step times so far, ascending, and their layouts. */
  bestT: Float64Array;
  bestL: (Layout | null)[];
  /** While nothing fits: the layout needing the least memory. */
  leastMem: number;
  leastMemLayout: Layout | null;
  parts: Float64Array;
  base: MemoryBase;
}

/**
 * The innermost loops, over schedules and ZeRO stages, for one (tp, cp, pp, ep, micro-batch, sp,
 * recompute) set in `l`. A function of its own: V8 optimises a small hot function after a few calls,
 * where on-stack replacement of the whole planner took longer to compile than a first search runs.
 */
function scan(ctx: RunContext, acc: Scan, l: Layout, costs: ReturnType<typeof layerCosts>, act: ReturnType<typeof activationBytesPerLayer>,
  pr: { first: StageParams; last: StageParams; worst: StageParams; dual: StageParams }, m: number, perStage: number,
  sched: [PipelineSchedule, number][], zs: ZeroStage[], dualFixed: boolean): void {
  const pp = l.pp;
  const top = acc.bestT.length;
  for (let si = 0; si < sched.length; si++) {
    const schedule = sched[si]![0];
    const v = sched[si]![1];
    if ((schedule === 'interleaved' && (pp < 2 || perStage % v !== 0 || m % pp !== 0)) || (schedule === '1f1b' && v !== 1)) { acc.interleaveSkipped += zs.length; continue; }
    if (schedule === 'dualpipe' && (pp < 2 || pp % 2 !== 0 || v !== 1 || !dualPipeMicroBatchesOk(m, pp) || (l.ep === 1 && !dualFixed))) { acc.dualPipeSkipped += zs.length; continue; }
    l.schedule = schedule; l.virtualStages = v;
    memoryBase(ctx.arch, l, ctx.seqLen, m, act, acc.base);
    for (let zi = 0; zi < zs.length; zi++) {
      l.zeroStage = zs[zi]!;
      acc.evaluated++;
      const mem = memoryWithZero(acc.base, l, pr.first, pr.last, ctx.stateBytes);
      if (mem > ctx.hw.memoryBytes) {
        acc.tooBig++;
        if (acc.fitting === 0 && mem < acc.leastMem) { acc.leastMem = mem; acc.leastMemLayout = { ...l }; }
        continue;
      }
      acc.fitting++;
      const t = stepParts(ctx, l, costs, schedule === 'dualpipe' ? pr.dual : pr.worst, acc.parts);
      const bestT = acc.bestT;
      if (t < bestT[top - 1]!) {
        const bestL = acc.bestL;
        let i = top - 1;
        while (i > 0 && bestT[i - 1]! > t) { bestT[i] = bestT[i - 1]!; bestL[i] = bestL[i - 1]!; i--; }
        bestT[i] = t;
        bestL[i] = { ...l };
      }
    }
  }
}
