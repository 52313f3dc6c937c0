/**
 * The planner's fast path against a straightforward reference. plan.ts and planScan.ts add up parts
 * computed once for many layouts (memory per schedule and per ZeRO/shard-group set, pipeline times per
 * schedule, data-parallel traffic per set, layer costs per tuple); the reference below enumerates the same search
 * space one layout at a time, keeps those checkLayout accepts, and evaluates each whole with
 * evaluateLayout. Counts, ranking and predictions must be identical, not close: the planner's speed
 * work may change how the arithmetic is shared, never its result.
 *
 * The reference restates the search policy of plan.ts and planScan.ts (which shard groups, DualPipe
 * only with ep > 1, a stack's sequence parallelism and pp, one ZeRO stage ranked where ZeRO has no ranks to
 * shard over, block recomputation of the fastest full-recomputation layouts): the space is what the planner
 * chooses, the evaluation is what is checked.
 */
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/cli/load/model.js';
import { checkOptions, evaluateLayout, runContext, type Evaluation, type RunContext, type RunInputs } from '../../src/perf/evaluate.js';
import { shardsNothing, type Layout, type PipelineSchedule, type Recompute, type ZeroStage } from '../../src/perf/layout.js';
import { checkLayout } from '../../src/perf/layoutCheck.js';
import { plan, type PartialLayout } from '../../src/perf/plan.js';
import { refineBlockRecompute, REFINED } from '../../src/perf/blockRecompute.js';
import { loadProfile, modelledSeconds } from './helpers.js';

const divisors = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1).filter((d) => n % d === 0);

interface Reference { best: Evaluation[]; evaluated: number; fitting: number }

/** Every layout of the planner's space (its candidate lists), one by one, evaluated whole; the `top` fastest that fit (first found wins ties). */
function reference(ctx: RunContext, fixed: PartialLayout, top: number): Reference {
  const r = plan(ctx, fixed, { top: 1 }); // for its candidate lists only
  const c = r.candidates;
  const N = ctx.gpuCount;
  const domain = ctx.mc.network.domainSize;
  const spWithTp = fixed.sequenceParallel === undefined && ctx.stack?.defaults.sequenceParallel.value === 'with-tp';
  const stackPp = fixed.pp ?? ctx.stack?.defaults.pp.value ?? undefined;
  const refine = fixed.recompute === undefined && fixed.recomputeLayers === undefined && (c.recompute as Recompute[]).includes('full') && (ctx.stack === null || ctx.stack.can.partialRecompute.value);
  const schedules = (c.schedule as string[]).map((x): [PipelineSchedule, number] => {
    const [k, v] = x.split(':v');
    return [k as PipelineSchedule, v === undefined ? (fixed.virtualStages ?? 1) : Number(v)];
  });
  const ranked: { t: number; e: Evaluation }[] = [];
  const full: { t: number; l: Layout }[] = [];
  let evaluated = 0;
  let fitting = 0;
  const unsharded = new Set<string>(); // the layouts (less the ZeRO stage) ranked where ZeRO shards nothing
  for (const tp of c.tp as number[]) for (const cp of c.cp as number[]) {
    if (N % (tp * cp) !== 0) continue;
    for (const pp of stackPp !== undefined ? [stackPp] : divisors(N / (tp * cp))) {
      if ((N / (tp * cp)) % pp !== 0) continue;
      const dp = N / (tp * cp * pp);
      if (fixed.dp !== undefined && fixed.dp !== dp) continue;
      for (const ep of c.ep as number[]) for (const etp of c.etp as number[]) for (const microBatch of c.microBatch as number[])
        for (const sequenceParallel of c.sequenceParallel as boolean[]) {
          if (spWithTp && sequenceParallel !== tp > 1) continue;
          for (const recompute of c.recompute as Recompute[]) for (const [schedule, virtualStages] of schedules) for (const zeroStage of c.zeroStage as ZeroStage[]) {
            const groups = fixed.shardGroup !== undefined ? [fixed.shardGroup] : zeroStage === 3
              ? divisors(dp * cp).filter((g) => g === dp * cp || (g >= 2 && g * tp <= domain)) : [dp * cp];
            for (const shardGroup of groups) {
              const l: Layout = { tp, pp, dp, cp, ep, etp, microBatch, schedule, virtualStages, zeroStage, shardGroup, sequenceParallel, recompute, recomputeLayers: fixed.recomputeLayers };
              if (checkLayout(ctx.arch, N, ctx.globalBatchSequences, l, checkOptions(ctx)).length > 0) continue;
              if ((schedule === 'dualpipe' || schedule === 'dualpipev') && ep === 1 && fixed.schedule !== schedule) continue;
              evaluated++;
              const e = evaluateLayout(ctx, l);
              if (!e.memory.fits) continue;
              fitting++;
              // ZeRO with no ranks to shard over (layout.ts shardsNothing): the first stage that fits is ranked, the others are the same layout.
              if (shardsNothing(l, ctx.arch.moe !== null)) {
                const k = JSON.stringify({ ...l, zeroStage: 0 });
                if (unsharded.has(k)) continue;
                unsharded.add(k);
              }
              // ranked on the modelled time, as the planner ranks (the family's throughput scale is uniform)
              ranked.push({ t: modelledSeconds(e.prediction), e });
              if (refine && recompute === 'full') full.push({ t: modelledSeconds(e.prediction), l });
            }
          }
        }
    }
  }
  const byTime = <T extends { t: number }>(xs: T[]) => xs.map((x, i) => ({ x, i })).sort((a, b) => a.x.t - b.x.t || a.i - b.i).map((y) => y.x);
  let best = byTime(ranked).slice(0, top).map((x) => x.e);
  if (refine) {
    const refined = refineBlockRecompute(ctx, byTime(full).slice(0, REFINED).map((x) => x.l));
    evaluated += refined.fit + refined.tooBig;
    fitting += refined.fit;
    best = [...best, ...refined.best].sort((a, b) => a.prediction.stepTimeSeconds - b.prediction.stepTimeSeconds).slice(0, top);
  }
  return { best, evaluated, fitting };
}

const h100 = loadProfile('h100-sxm');
const a100 = loadProfile('a100-sxm4-80gb');
const CASES: { name: string; ctx: RunContext; fixed?: PartialLayout }[] = [
  { name: 'dense 3D (gpt3-13b, 64 A100, no stack)', ctx: runContext(loadModel('gpt3-13b'), a100, { gpuCount: 64, globalBatchSequences: 512 }) },
  { name: 'FSDP with shard groups (llama-3-8b, 32 H100, torchtitan)', ctx: runContext(loadModel('llama-3-8b'), h100, { gpuCount: 32, globalBatchSequences: 256, stack: 'torchtitan' }) },
  {
    name: 'MoE folding, EP overlap, unfused gradient accumulation (mixtral-8x7b, 16 H100, megatron-core)',
    ctx: runContext(loadModel('mixtral-8x7b'), h100, { gpuCount: 16, globalBatchSequences: 64, seqLen: 4096, stack: 'megatron-core', epCommOverlap: true, gradAccumulationFusion: false } satisfies RunInputs),
    fixed: { microBatch: 1 },
  },
  {
    name: 'DualPipe and a stack with rules (mixtral-8x7b, 64 H100, hai-llm)',
    ctx: runContext(loadModel('mixtral-8x7b'), h100, { gpuCount: 64, globalBatchSequences: 512, seqLen: 4096, stack: 'hai-llm' }),
    fixed: { cp: 1 },
  },
  {
    name: 'FP8 parameters gathered, FSDP shard groups and pipelines (llama-3-8b, 32 H100, megatron-core)',
    ctx: runContext(loadModel('llama-3-8b'), h100, { gpuCount: 32, globalBatchSequences: 256, stack: 'megatron-core', gemmPrecision: 'fp8', fp8ParamGather: true }),
    fixed: { microBatch: 1 },
  },
  { name: 'Megatron-LM 2021: serial reduction, unfused accumulation (gpt3-13b, 64 A100)', ctx: runContext(loadModel('gpt3-13b'), a100, { gpuCount: 64, globalBatchSequences: 512, stack: 'megatron-lm-2021' }) },
];

describe('planner against a one-layout-at-a-time reference', () => {
  for (const { name, ctx, fixed = {} } of CASES) {
    it(name, () => {
      // The whole ranking: every fitting layout in order, so a step time the fast path got wrong moves
      // its layout against its neighbours wherever it ranks, not only in the top few.
      const want = reference(ctx, fixed, Infinity);
      const got = plan(ctx, fixed, { top: want.best.length });
      expect(want.evaluated).toBeGreaterThan(500); // a search, not a handful
      expect(got.evaluated).toBe(want.evaluated);
      expect(got.fitting).toBe(want.fitting);
      expect(got.best.map((e) => e.layout)).toEqual(want.best.map((e) => e.layout));
      expect(got.best).toEqual(want.best);
    });
  }
});
