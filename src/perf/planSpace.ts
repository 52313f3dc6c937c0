/**
 * What the layout planner searches (plan.ts): the candidate values of each field, from the search's chosen
 * bounds, the training stack's capabilities (stack.ts, stackRules.ts) and the fields the user fixed, which
 * replace their lists. How the planner walks them, checks the rules and ranks the layouts: plan.ts.
 */
import type { RunContext } from './evaluate.js';
import { scheduleChunks, ZERO_BUBBLE_SCHEDULES, type Layout, type PipelineSchedule, type Recompute, type ZeroStage } from './layout.js';
import type { PlanOptions } from './plan.js';
import { stackHas, stackRuns, zeroStagesOf, type Degree } from './stackRules.js';
import { divisors } from './divisors.js';

/** The candidate values of each field; `sched` the (schedule, virtual stages) pairs. */
export interface SearchSpace {
  tps: number[];
  cps: number[];
  eps: number[];
  etps: number[];
  mbs: number[];
  /** The stack turns sequence parallelism on with tp (Megatron-Core, TorchTitan): sp is tp > 1, not searched. */
  spWithTp: boolean;
  sps: boolean[];
  rcs: Recompute[];
  /** Block recomputation is searched by refining the fastest full-recomputation layouts (blockRecompute.ts). */
  refine: boolean;
  zs: ZeroStage[];
  /** The one pp the user or the stack fixes; undefined: every divisor is a candidate. */
  stackPp: number | undefined;
  sched: [PipelineSchedule, number][];
  /** The user fixed DualPipe or DualPipeV. */
  dualFixed: boolean;
}

/** A field's candidates: the one value the user fixed, else all of them. */
export const pick = <T>(f: T | undefined, all: T[]): T[] => (f === undefined ? all : [f]);

/** The search space of a run with the fields `fixed` (withLayoutFixes applied); `divisorsOfN` the GPU count's divisors. */
export function searchSpace(ctx: RunContext, fixed: Partial<Layout>, options: PlanOptions, divisorsOfN: number[]): SearchSpace {
  const arch = ctx.arch;
  const N = ctx.gpuCount;
  // The training stack (ctx.stack): its rules (layoutRules.ts) and search defaults (sequence parallelism with tp, a default pp).
  const stack = ctx.stack;
  // The search space, chosen (not sourced): tp, etp and cp up to 64, 64 and 32 (beyond one NVL72 domain TP
  // traffic dominates), ep up to 256 experts' worth, micro-batches 1–16, interleaving 2–8 chunks
  // (Megatron's examples use 2–8); fields the user fixes replace these lists. A stack that names a
  // default pp (llm-foundry, MaxText: 1) has the planner propose only that one.
  // A degree the stack does not have (stack.ts can) is 1 (its rule refuses the rest; an earlier rule counted them as reasons).
  const has = (d: Degree) => stackHas(stack, d);
  const tps = pick(fixed.tp, has('tp') ? divisorsOfN.filter((x) => x <= 64) : [1]);
  const cps = pick(fixed.cp, has('cp') ? divisorsOfN.filter((x) => x <= 32) : [1]);
  const eps = pick(fixed.ep, arch.moe && has('ep') ? divisors(arch.moe.experts).filter((x) => x <= 256) : [1]);
  // etp: inside one scale-up domain (expert GEMMs are split like tp; Liu et al. 2025 use etp ≤ 8 on 8-GPU nodes).
  const etps = pick(fixed.etp, arch.moe ? divisors(arch.moe.dFfExpert).filter((x) => x <= Math.min(64, ctx.mc.network.domainSize) && N % x === 0) : [1]);
  const mbs = pick(fixed.microBatch, options.microBatches ?? [1, 2, 4, 8, 16]);
  // Sequence parallelism: a stack that turns it on with tp (Megatron-Core, TorchTitan) is not offered the other choice.
  const spWithTp = fixed.sequenceParallel === undefined && stack?.defaults.sequenceParallel.value === 'with-tp';
  const sps = pick(fixed.sequenceParallel, [false, true]);
  // A fixed recompute_layers is a full recomputation of that many layers per chunk (layoutRules recompute-layers).
  const rcs = pick<Recompute>(fixed.recompute ?? (fixed.recomputeLayers !== undefined ? 'full' : undefined), ['none', 'selective', 'full']);
  // Block recomputation (recomputeLayers) is searched by refining the fastest full-recomputation layouts
  // (refineBlockRecompute) when recomputation is free and the stack can recompute some layers only.
  const refine = fixed.recompute === undefined && fixed.recomputeLayers === undefined && rcs.includes('full') && (stack === null || stack.can.partialRecompute.value);
  const zs = pick<ZeroStage>(fixed.zeroStage, [...zeroStagesOf(stack, false)]); // the stack's without pipelining (the stack-zero-pp rule judges each pp)
  const stackPp = fixed.pp ?? stack?.defaults.pp.value ?? (has('pp') ? undefined : 1);
  // Schedule × virtual stages as one list of (schedule, v): the schedules the stack runs (stackRuns), or the one fixed.
  // A schedule the stack does not run was searched and its layouts counted under that schedule's own rules: Mixtral
  // under megatron-core reported 'DualPipe needs ...' for 2,520 layouts of a schedule the stack has not.
  const runs = (k: PipelineSchedule) => fixed.schedule === k || stackRuns(stack, k);
  const vs = options.virtualStages ?? [2, 3, 4, 6, 8];
  let sched: [PipelineSchedule, number][] = [['1f1b', 1], ...(runs('interleaved') ? vs.map((v): [PipelineSchedule, number] => ['interleaved', v]) : [])];
  // DualPipe is searched for MoE models only (and used with ep > 1 only, planScan.ts), unless the user fixes it:
  // its published benefit is hiding the expert all-to-all behind compute (DeepSeek-V3 §3.2.1), paid for
  // with a second copy of every stage's parameters. Dense models keep the Megatron schedules and the
  // search space (and speed) they had.
  // DualPipeV the same (its F&B pairs hide the all-to-all as DualPipe's, in one copy of the parameters), and, as the
  // zero-bubble schedules, only where a stack lists it (torchtitan, hai-llm: stackProfiles.ts): no stack keeps the
  // search space it had. `dualFixed`: either fixed, the only schedule then searched.
  const dualFixed = fixed.schedule === 'dualpipe' || fixed.schedule === 'dualpipev';
  if ((arch.moe && runs('dualpipe')) || fixed.schedule === 'dualpipe') sched.push(['dualpipe', 1]);
  if ((arch.moe && stack !== null && runs('dualpipev')) || fixed.schedule === 'dualpipev') sched.push(['dualpipev', 2]);
  // The zero-bubble schedules need their authors' fork (stack zero-bubble): searched where the stack lists
  // them (stackProfiles.ts) or the user fixes one, so a stack without them, or none, keeps its search space (and speed).
  for (const z of ZERO_BUBBLE_SCHEDULES) if (fixed.schedule === z || (stack !== null && runs(z))) sched.push([z, scheduleChunks(z)!]);
  if (fixed.schedule) sched = sched.filter(([k]) => k === fixed.schedule);
  if (fixed.virtualStages !== undefined) sched = sched.filter(([, v]) => v === fixed.virtualStages).length ? sched.filter(([, v]) => v === fixed.virtualStages) : [[fixed.schedule ?? (fixed.virtualStages > 1 ? 'interleaved' : '1f1b'), fixed.virtualStages]];
  return { tps, cps, eps, etps, mbs, spWithTp, sps, rcs, refine, zs, stackPp, sched, dualFixed };
}
