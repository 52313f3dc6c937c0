/**
 * Megatron-Core's expert-parallel all-to-all overlap (--overlap-moe-expert-parallel-comm, "combined
 * 1F1B"; NVIDIA/Megatron-LM docs/user-guide/features/moe_a2a_overlap.md): what it hides, what it costs,
 * the memory of its extra warm-up micro-batch, and the layouts it refuses.
 */
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/cli/load/model.js';
import { evaluateLayout, runContext } from '../../src/perf/evaluate.js';
import { epOverlapNotes } from '../../src/perf/layout.js';
import { checkLayout } from '../../src/perf/layoutCheck.js';
import { planFor } from '../../src/perf/index.js';
import { estimateMemory, inFlightFactor } from '../../src/perf/memory.js';
import { plan } from '../../src/perf/plan.js';
import { STACKS } from '../../src/perf/stackProfiles.js';
import { arch, layout, loadProfile } from './helpers.js';

const h100 = loadProfile('h100-sxm');
const moe = arch({ layers: 16, d_model: 2048, heads: 16, kv_heads: 4, d_ff: 8192, ffn: 'swiglu', norm: 'rmsnorm', position: 'rotary', vocab: 32000, seq_len: 4096, moe: { experts: 64, top_k: 8, d_ff_expert: 1024 } }, 'moe');

describe('what the overlap hides', () => {
  const ctx = (on: boolean) => runContext(moe, h100, { globalBatchSequences: 256, gpuCount: 64, epCommOverlap: on });
  it.each([
    ['ep 8 inside a node: the pairs hide their all-to-alls', 8],
    ['ep 32 across nodes: the all-to-alls outlast the pairs', 32],
  ] as const)('%s; each pair exposes only what exceeds its computation, the fill and drain one chunk\'s (ep/v a step); the hidden part slows the computation by the SMs it holds', (_, ep) => {
    const l = layout({ tp: 1, pp: 2, dp: 32, ep, schedule: 'interleaved', virtualStages: 2, zeroStage: 1 });
    const off = evaluateLayout(ctx(false), l).prediction;
    const on = evaluateLayout(ctx(true), l).prediction;
    const m = off.microBatches;
    const perMb = off.comm.expertAllToAll / m;
    const computePerMb = (off.breakdown.computeSeconds + off.breakdown.memoryBoundSeconds) / m;
    const pair = Math.max(0, perMb - computePerMb);
    expect(pair > 0).toBe(ep === 32);
    const exposed = pair + (perMb - pair) / (m * 2);
    expect(on.comm.expertAllToAll).toBeCloseTo(m * exposed, 9);
    const steal = ctx(true).mc.calibration.overlapSmFraction;
    expect(on.breakdown.computeSeconds - off.breakdown.computeSeconds).toBeCloseTo(m * steal * (perMb - exposed), 9);
    expect(on.stepTimeSeconds).toBeLessThan(off.stepTimeSeconds);
    const b = on.breakdown;
    expect(b.computeSeconds + b.memoryBoundSeconds + b.exposedCommSeconds + b.bubbleSeconds + b.optimizerSeconds + b.calibrationSeconds).toBeCloseTo(on.stepTimeSeconds, 9);
  });

  it('changes nothing without expert parallelism, or under DualPipe (which pairs its own chunks)', () => {
    const dense = layout({ tp: 1, pp: 2, dp: 32, ep: 1, schedule: 'interleaved', virtualStages: 2, zeroStage: 1 });
    expect(evaluateLayout(ctx(true), dense).prediction).toEqual(evaluateLayout(ctx(false), dense).prediction);
    const dual = layout({ tp: 1, pp: 2, dp: 32, ep: 32, schedule: 'dualpipe', zeroStage: 1 });
    expect(evaluateLayout(ctx(true), dual).prediction).toEqual(evaluateLayout(ctx(false), dual).prediction);
  });

  it('DeepSeek-V3 on 1,024 H100s (a Megatron-Bridge H100 recipe layout: tp2 pp8 vp4 ep64) with the hierarchical dispatcher: exposed all-to-all from over 30% of the step to under 5%, as Megatron-Core reports for DeepSeek-V3 on H100 with an "optimized dispatcher" (30–40% → below 5%; moe_a2a_overlap.md "Performance results", arXiv:2603.07685 §4.2.3)', () => {
    const v3 = loadModel('deepseek-v3');
    const l3 = layout({ tp: 2, pp: 8, dp: 64, ep: 64, etp: 2, schedule: 'interleaved', virtualStages: 4, zeroStage: 1, sequenceParallel: true });
    const share = (on: boolean) => {
      const p = evaluateLayout(runContext(v3, h100, { seqLen: 4096, globalBatchSequences: 8192, gpuCount: 1024, stack: 'megatron-core', moeDispatcher: 'deepep', epCommOverlap: on }), l3).prediction;
      return p.comm.expertAllToAll / p.stepTimeSeconds;
    };
    expect(share(false)).toBeGreaterThan(0.3);
    expect(share(true)).toBeLessThan(0.05);
  });
});

describe('memory: one more micro-batch chunk in flight', () => {
  it.each([
    ['interleaved pp4 v2: + one chunk (1/v of the stage)', layout({ pp: 4, dp: 8, ep: 8, schedule: 'interleaved', virtualStages: 2 }), 16, 0.5],
    ['pp 1: the paired forward holds a second micro-batch', layout({ dp: 8, ep: 8 }), 16, 1],
    ['a single micro-batch has nothing to pair', layout({ dp: 8, ep: 8 }), 1, 0],
    ['no expert parallelism: no overlap', layout({ pp: 4, dp: 8, schedule: 'interleaved', virtualStages: 2 }), 16, 0],
  ] as const)('%s', (_, l, m, extra) => {
    expect(inFlightFactor(l, m, true) - inFlightFactor(l, m, false)).toBeCloseTo(extra, 12);
    const inputs = { arch: moe, layout: l, seqLen: 4096, globalBatchSequences: m * l.dp, capacityBytes: 80 * 2 ** 30, flashAttention: true, stateBytes: runContext(moe, h100, { globalBatchSequences: 16, gpuCount: 64 }).stateBytes };
    const grows = estimateMemory({ ...inputs, epCommOverlap: true }).total - estimateMemory(inputs).total;
    if (extra === 0) expect(grows).toBe(0);
    else expect(grows).toBeGreaterThan(0);
  });
});

describe('layouts it refuses, and the default', () => {
  it('with pp > 1 it needs the interleaved schedule (Megatron-Core asserts virtual stages): a fixed 1F1B layout is refused naming the schedule; the planner proposes only interleaved ones', () => {
    const l = layout({ pp: 2, dp: 32, ep: 32, schedule: '1f1b' });
    const issues = checkLayout(moe, 64, 256, l, { epCommOverlap: true });
    expect(issues.map((i) => [i.rule, i.field])).toEqual([['ep-overlap-interleaved', 'schedule']]);
    expect(issues[0]!.message).toMatch(/needs the interleaved schedule with pp = 2/);
    expect(checkLayout(moe, 64, 256, l)).toEqual([]);
    expect(checkLayout(moe, 64, 256, layout({ dp: 64, ep: 64 }), { epCommOverlap: true })).toEqual([]);
    const ctx = runContext(moe, h100, { globalBatchSequences: 256, gpuCount: 64, epCommOverlap: true });
    const r = plan(ctx, { ep: 32, pp: 2 }, { top: 20 });
    expect(r.best.length).toBeGreaterThan(0);
    for (const e of r.best) expect(e.layout.schedule).not.toBe('1f1b');
    expect(r.skipped['the expert-parallel all-to-all overlap needs the interleaved schedule when pp > 1']).toBeGreaterThan(0);
  });
  it('is off unless asked, in every stack (NVIDIA turns it on per recipe, not by default)', () => {
    for (const s of Object.values(STACKS)) expect(s.defaults.epCommOverlap.value).toBe(false);
    expect(runContext(moe, h100, { globalBatchSequences: 256, gpuCount: 64, stack: 'megatron-core' }).epCommOverlap).toBe(false);
  });
});

// Planner leftovers: with ep left to the planner, --ep-comm-overlap's fastest rows can be ep 1, where the overlap has
// no all-to-all to hide; they were listed without a word. Warned, not preferred (layout.ts epOverlapNotes): the ep-1
// rows are the fastest the model finds. Mixtral 8x7B on 64 H100s: four of the five rows ep 1 (etp 8). Fails on the old code.
describe('the planner\'s rows at ep 1 are told', () => {
  const mixtral = loadModel('mixtral-8x7b');
  const o = { arch: mixtral, hw: h100, gpuCount: 64, globalBatchSequences: 256, seqLen: 4096, epCommOverlap: true, top: 5 };
  it('ep free: the rows at ep 1 named', () => {
    const rep = planFor(o);
    const rows = rep.best.flatMap((e, i) => (e.layout.ep === 1 ? [i + 1] : []));
    expect(rows.length).toBeGreaterThan(0);
    expect(rep.warnings).toEqual(epOverlapNotes(rep.best.map((e) => e.layout), true));
    expect(rep.warnings[0]).toMatch(new RegExp(`^ep_comm_overlap is on, but layouts? ${rows.length > 1 ? `${rows.slice(0, -1).join(', ')} and ${rows.at(-1)}` : rows[0]} ha`));
  });
  it('ep fixed at 8, or the overlap off: nothing to tell', () => {
    expect(planFor({ ...o, partialLayout: { ep: 8 } }).warnings).toEqual([]);
    expect(planFor({ ...o, epCommOverlap: false }).warnings).toEqual([]);
  });
});
