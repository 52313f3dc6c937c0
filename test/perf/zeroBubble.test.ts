/**
 * The zero-bubble pipeline schedules (Qi et al. 2024, arXiv:2401.10241): their bubbles against the
 * paper's closed forms and its authors' comparison of the schedules, their memory, the rules that
 * place them, and the stack that runs them.
 */
import { describe, expect, it } from 'vitest';
import { checkOptions, evaluateLayout, runContext } from '../../src/perf/evaluate.js';
import { layerCosts } from '../../src/perf/layerCost.js';
import { checkLayout } from '../../src/perf/layoutCheck.js';
import { inFlightFactor, stateBytesFor } from '../../src/perf/memory.js';
import { rankMemory } from '../../src/perf/layoutMemory.js';
import { fixedFieldIssues } from '../../src/perf/fixedFieldIssues.js';
import { plan } from '../../src/perf/plan.js';
import { zeroBubbleBubble } from '../../src/perf/pipelineTimes.js';
import { STACKS } from '../../src/perf/stackProfiles.js';
import { placementOf } from '../../src/perf/pipelineLayout.js';
import { pipelineSplitLayout } from '../../src/perf/pipelineSplit.js';
import { busiestRank, emptyPart } from '../../src/perf/rankCost.js';
import { arch, gpt3, layout, loadProfile } from './helpers.js';

const h100 = loadProfile('h100-sxm');

/** Enough micro-batches for the closed forms (m ≥ p, below). */
const MANY = 1000;

describe('zero-bubble bubbles: the handcrafted schedules’ closed forms (Qi et al. 2024 §2)', () => {
  // busy = F + B + W, the stage's forward, input-gradient and weight-gradient times of one micro-batch.
  const oneF1b = (p: number, F: number, B: number, W: number) => (p - 1) * (F + B + W); // Narayanan et al. 2021 §2.2.1
  it.each([4, 8, 16])('F = B = W: zb-1p is one-third of 1F1B’s bubble (§2.1), zb-2p and zb-v none (the authors’ table) (p = %i)', (p) => {
    expect(zeroBubbleBubble('zb-1p', p, MANY, 3, 1)).toBeCloseTo(oneF1b(p, 1, 1, 1) / 3, 12);
    expect(zeroBubbleBubble('zb-2p', p, MANY, 3, 1)).toBe(0);
    expect(zeroBubbleBubble('zb-v', p, MANY, 3, 1)).toBe(0);
  });

  it.each([
    // F, B (input gradient), W: transformer-like (W < F, B), equal-ish, and a small W.
    [1, 1.5, 0.8],
    [1.2, 1.2, 1],
    [2, 3, 0.5],
  ])('unequal times F = %f, B = %f, W = %f: ZB-H1 (p − 1)(F + B − W), as DeepSeek-V3 Table 2 writes ZB1P; ZB-H2 (p − 1)(F + B − 2W)', (F, B, W) => {
    const p = 8;
    // DeepSeek-V3 (arXiv:2412.19437) Table 2: ZB1P (PP − 1)(F + B' − 2W) with B' the whole backward, B + W.
    expect(zeroBubbleBubble('zb-1p', p, MANY, F + B + W, W)).toBeCloseTo((p - 1) * (F + (B + W) - 2 * W), 12);
    expect(zeroBubbleBubble('zb-2p', p, MANY, F + B + W, W)).toBeCloseTo((p - 1) * Math.max(0, F + B - 2 * W), 12);
    expect(zeroBubbleBubble('zb-1p', p, MANY, F + B + W, W)).toBeLessThan(oneF1b(p, F, B, W));
  });

  it('never negative: a weight gradient outweighing the rest leaves no bubble', () => {
    expect(zeroBubbleBubble('zb-2p', 8, MANY, 3, 2)).toBe(0);
    expect(zeroBubbleBubble('zb-1p', 8, MANY, 3, 2)).toBe(0);
    expect(zeroBubbleBubble('zb-v', 2, MANY, 3, 1.5)).toBe(0);
  });
});

/**
 * An independent count: one step of a pipeline with the backward split into B and W, simulated op by op (each stage
 * runs one op at a time, the earliest it can start, B before F before W; F after the previous stage's F, B after the
 * next stage's B and its own F, W after its own B; no memory limit). Its makespan less the work of a stage, m(F + B + W),
 * is the bubble one step of that schedule has.
 */
function simulatedBubble(p: number, m: number, F: number, B: number, W: number): number {
  const t = new Array<number>(p).fill(0);
  const f = Array.from({ length: p }, () => new Array<number>(m).fill(NaN));
  const b = Array.from({ length: p }, () => new Array<number>(m).fill(NaN));
  const nF = new Array<number>(p).fill(0), nB = new Array<number>(p).fill(0), nW = new Array<number>(p).fill(0);
  for (let left = 3 * p * m; left > 0; left--) {
    let best: [number, number, number] | null = null; // start, priority (B 0, F 1, W 2), stage
    for (let s = 0; s < p; s++) {
      const i = nB[s]!, j = nF[s]!;
      const fromNext = s === p - 1 ? f[s]![i] : b[s + 1]![i];
      const cands: [number, number][] = [];
      if (i < m && !Number.isNaN(f[s]![i]!) && !Number.isNaN(fromNext!)) cands.push([Math.max(t[s]!, fromNext!, f[s]![i]!), 0]);
      const fromPrev = s === 0 ? 0 : f[s - 1]![j];
      if (j < m && !Number.isNaN(fromPrev!)) cands.push([Math.max(t[s]!, fromPrev!), 1]);
      if (nW[s]! < nB[s]!) cands.push([t[s]!, 2]);
      for (const [start, prio] of cands) if (!best || start < best[0] || (start === best[0] && (prio < best[1] || (prio === best[1] && s < best[2])))) best = [start, prio, s];
    }
    const [start, prio, s] = best!;
    if (prio === 0) { t[s] = start + B; b[s]![nB[s]!++] = t[s]!; } else if (prio === 1) { t[s] = start + F; f[s]![nF[s]!++] = t[s]!; } else { t[s] = start + W; nW[s]!++; }
  }
  return Math.max(...t) - m * (F + B + W);
}

describe('few micro-batches: the first stage waits for its last micro-batch’s round trip', () => {
  const [F, B, W] = [0.33, 0.37, 0.3];
  it.each([2, 4, 8, 16])('one micro-batch: (p − 1)(F + B), W off the critical path, as one step simulated op by op (p = %i)', (p) => {
    for (const s of ['zb-1p', 'zb-2p', 'zb-v'] as const) expect(zeroBubbleBubble(s, p, 1, F + B + W, W)).toBeCloseTo((p - 1) * (F + B), 12);
    expect(simulatedBubble(p, 1, F, B, W)).toBeCloseTo((p - 1) * (F + B), 12);
  });
  it.each([
    // p, m, whether the greedy simulation of one step reaches the bound (at m = 2 it does, as an exhaustive search
    // of every op order at p = 2 and 3 finds; beyond, the greedy order is not optimal and lands above it).
    [2, 2, true], [3, 2, true], [8, 2, true], [8, 4, false], [8, 8, false], [8, 14, false], [16, 4, false], [16, 16, false],
  ] as const)('p = %i, m = %i: (p − 1)(F + B) − (m − 1)W, above the closed form; one simulated step meets it (exactly: %s)', (p, m, exact) => {
    const bubble = zeroBubbleBubble('zb-2p', p, m, F + B + W, W);
    expect(bubble).toBeCloseTo((p - 1) * (F + B) - (m - 1) * W, 12);
    expect(bubble).toBeGreaterThan((p - 1) * (F + B - 2 * W));
    const simulated = simulatedBubble(p, m, F, B, W);
    if (exact) expect(simulated).toBeCloseTo(bubble, 9);
    // Beyond, one simulated step also pays the last stage's late start, (p − 1)F, which the model leaves to the
    // steady state the closed forms describe (steps overlapped by the optimizer post-validation, Qi et al. §4).
    else expect(simulated).toBeGreaterThanOrEqual(Math.max(bubble, (p - 1) * F) - 1e-9);
  });
  it('the closed forms again from m ≥ p (zb-1p) and m ≥ 2p − 1 (zb-2p), where (m − 1)W covers them', () => {
    expect(zeroBubbleBubble('zb-1p', 8, 8, F + B + W, W)).toBeCloseTo(7 * (F + B - W), 12);
    expect(zeroBubbleBubble('zb-2p', 8, 8, F + B + W, W)).toBeCloseTo(7 * (F + B - W), 12); // m = p: zb-2p still the round trip
    expect(zeroBubbleBubble('zb-2p', 8, 15, F + B + W, W)).toBeCloseTo(7 * (F + B - 2 * W), 12);
    expect(zeroBubbleBubble('zb-2p', 8, 64, F + B + W, W)).toBeCloseTo(7 * (F + B - 2 * W), 12);
  });
});

describe('the step model with a zero-bubble schedule (GPT-3 175B, tp 8, pp 8 on H100)', () => {
  const ctx = runContext(gpt3, h100, { globalBatchSequences: 256, gpuCount: 128 });
  const c = layerCosts(gpt3, ctx.mc, { tp: 8, cp: 1, ep: 1, microBatch: 1, sequenceParallel: false, recompute: 'none', seqLen: 2048, flashAttention: true, attention: 'full' });
  // The last stage: 96/8 layers and the head, its weight-gradient GEMMs per micro-batch.
  const W = (96 / 8) * c.dense.weightGrad + c.logits.weightGrad;
  const at = (schedule: 'zb-1p' | 'zb-2p' | 'zb-v' | '1f1b') => evaluateLayout(ctx, layout({ tp: 8, pp: 8, dp: 2, schedule, virtualStages: schedule === 'zb-v' ? 2 : 1 })).prediction;
  const f1b = at('1f1b');
  it('takes 2W (zb-1p) and 3W (zb-2p) of each of the p − 1 steps of 1F1B’s bubble, the rest of the step unchanged', () => {
    expect(W).toBeGreaterThan(0);
    const b1 = at('zb-1p').breakdown;
    const b2 = at('zb-2p').breakdown;
    expect(f1b.breakdown.bubbleSeconds - b1.bubbleSeconds).toBeCloseTo(7 * 2 * W, 9);
    expect(f1b.breakdown.bubbleSeconds - b2.bubbleSeconds).toBeCloseTo(7 * 3 * W, 9);
    for (const b of [b1, b2]) {
      expect(b.computeSeconds).toBeCloseTo(f1b.breakdown.computeSeconds, 9);
      expect(b.optimizerSeconds).toBeCloseTo(f1b.breakdown.optimizerSeconds, 9);
    }
  });

  it('zb-v: zb-2p’s bubble with twice the pipeline sends (two chunks a rank)', () => {
    const v = at('zb-v');
    const two = at('zb-2p');
    expect(v.breakdown.bubbleSeconds).toBeCloseTo(two.breakdown.bubbleSeconds, 9);
    expect(two.comm.pipelineP2p).toBeGreaterThan(0);
    expect(v.comm.pipelineP2p).toBeCloseTo(2 * two.comm.pipelineP2p, 9);
    const b = v.breakdown;
    expect(b.computeSeconds + b.memoryBoundSeconds + b.exposedCommSeconds + b.bubbleSeconds + b.optimizerSeconds + b.hostIssueSeconds + b.calibrationSeconds).toBeCloseTo(v.stepTimeSeconds, 9);
  });
});

describe('zero-bubble memory: micro-batches of a stage in flight on the first rank', () => {
  it.each([
    // schedule, pp, m, expected: zb-1p and zb-v within 1F1B's p (§2.1; the authors' table, 1×), zb-2p 2p − 1 (§2.2).
    ['zb-1p', 8, 64, 8],
    ['zb-v', 8, 64, 8],
    ['zb-2p', 8, 64, 15],
    ['zb-2p', 8, 10, 10],
    ['1f1b', 8, 64, 8],
  ] as const)('%s at pp %i, m %i: %i', (schedule, pp, m, expected) => {
    expect(inFlightFactor(layout({ tp: 8, pp, dp: 2, schedule, virtualStages: schedule === 'zb-v' ? 2 : 1 }), m)).toBe(expected);
  });
});

describe('zb-v places a layout’s chunks in a V (rank k holds chunks k and 2pp − 1 − k)', () => {
  // The Zero Bubble authors' padded layout for ZB-V (their README, --allow-padding-num-layers): the embedding and the
  // loss alone in the first and last chunks, both on rank 0, one layer in every other chunk.
  const model30 = arch({ layers: 30, d_model: 4096, heads: 32, d_ff: 16384, vocab: 32000, seq_len: 1024 }, 'gpt-30');
  const written = 'E|(t|)*30L';
  it('rank 0 holds E and L and no layer; every other rank two layers', () => {
    const v = placementOf(model30, written, 16, true);
    expect(v.virtualStages).toBe(2);
    expect(v.ranks[0]).toEqual({ dense: 0, moe: 0, embedding: true, loss: true, mtp: 0 });
    for (const r of v.ranks.slice(1)) expect(r).toEqual({ dense: 2, moe: 0, embedding: false, loss: false, mtp: 0 });
  });
  it.each([
    // chunks of distinct sizes, so each rank's count tells the placement: [layers, pp, layout, V's layers a rank, Megatron's]
    [10, 2, 'Et|t*2|t*3|t*4L', [5, 5], [4, 6]],
    [21, 3, 'Et|t*2|t*3|t*4|t*5|t*6L', [7, 7, 7], [5, 7, 9]],
  ] as const)('%i layers on pp %i as %s: V %o, Megatron-Core %o', (layers, pp, text, inV, megatron) => {
    const m = arch({ layers, d_model: 1024, heads: 8, d_ff: 4096, vocab: 32000, seq_len: 1024 }, `d${layers}`);
    const v = placementOf(m, text, pp, true);
    expect(v.ranks.map((r) => r.dense)).toEqual(inV);
    expect(v.ranks[0]).toMatchObject({ embedding: true, loss: true });
    expect(placementOf(m, text, pp, false).ranks.map((r) => r.dense)).toEqual(megatron);
  });
  it('the same layout interleaved (chunk k on rank k mod pp) puts E on rank 0 and L on rank 15', () => {
    const m = placementOf(model30, written, 16, false);
    expect(m.ranks[0]).toMatchObject({ dense: 1, embedding: true, loss: false });
    expect(m.ranks[15]).toMatchObject({ dense: 1, embedding: false, loss: true });
  });
  it('memory: every rank holds the first rank’s micro-batches in flight (the V is balanced), where 1F1B’s count falls along the ranks', () => {
    const act = { stored: 1e6, full: 2e6, checkpoint: 1e5 };
    const at = (schedule: 'zb-v' | 'interleaved') => rankMemory(model30, layout({ pp: 16, schedule, virtualStages: 2, pipelineLayout: written }), 1024, 64, act, stateBytesFor('bf16'), false, false);
    const v = at('zb-v').slice(1).map((r) => r.activations);
    const i = at('interleaved');
    expect(new Set(v).size).toBe(1); // ranks 1..15: two layers each, the same count in flight
    expect(v[0]).toBeGreaterThan(0);
    // Interleaved, rank 15's layer (chunk 15) keeps fewer micro-batches than rank 1's.
    expect(i[15]!.activations).toBeLessThan(i[1]!.activations);
  });
  it('a fixed zb-v with a layout of another chunk count: the hint gives the count the V takes', () => {
    const issues = fixedFieldIssues(model30, 16, 64, { pp: 16, schedule: 'zb-v', pipelineLayout: 'E|(t|)*30|(|)*15L' }, { unevenStages: true });
    expect(issues[0]).toMatchObject({ field: 'pipelineLayout' });
    expect(issues[0]!.message).toMatch(/48 chunks on pp = 16 are virtual_stages 3: the zb-v schedule holds two chunks a rank/);
    expect(issues[0]!.hint).toMatch(/with schedule zb-v \(two chunks a rank\) write exactly 32 chunks for pp 16/);
  });
  it('the step model’s busiest rank follows the V: a two-layer rank or rank 0’s head, never E, L and layers together', () => {
    const ctx = runContext(model30, h100, { globalBatchSequences: 64, gpuCount: 16, stack: 'zero-bubble' });
    const l = layout({ pp: 16, schedule: 'zb-v', virtualStages: 2, pipelineLayout: written });
    expect(checkLayout(model30, 16, 64, l, checkOptions(ctx))).toEqual([]);
    const costs = layerCosts(model30, ctx.mc, { tp: 1, cp: 1, ep: 1, microBatch: 1, sequenceParallel: false, recompute: 'none', seqLen: 1024, flashAttention: ctx.flashAttention, attention: ctx.attention });
    const r = busiestRank(model30, l, costs, emptyPart());
    expect(r.dense === 2 || (r.embedding && r.loss && r.dense === 0)).toBe(true);
  });
});

describe('zero-bubble layout rules', () => {
  const rules = (l: Parameters<typeof layout>[0], stack: keyof typeof STACKS | null = null) =>
    checkLayout(gpt3, 128, 256, layout({ tp: 8, ...l }), { stack: stack === null ? null : STACKS[stack] });
  it.each([
    ['zb-1p at pp 1', { pp: 1, dp: 16, schedule: 'zb-1p' }, 'zero-bubble-pp', /zb-1p schedule .* needs pp > 1, found pp = 1/],
    ['zb-v with 3 virtual stages', { pp: 8, dp: 2, schedule: 'zb-v', virtualStages: 3 }, 'virtual-stages-schedule', /zb-v schedule holds two chunks a rank \(virtual stages 2\), found 3/],
    ['zb-1p with 2 virtual stages', { pp: 8, dp: 2, schedule: 'zb-1p', virtualStages: 2 }, 'virtual-stages-schedule', /need the interleaved schedule/],
    ['zb-v with a layout of 3 chunks a rank', { pp: 8, dp: 2, schedule: 'zb-v', virtualStages: 3, pipelineLayout: `Et*4|${'t*4|'.repeat(22)}t*4L` }, 'virtual-stages-schedule', /zb-v schedule holds two chunks a rank \(virtual stages 2\), found 3/],
  ] as const)('refused: %s', (_, l, rule, message) => {
    const issue = rules(l).find((i) => i.rule === rule);
    expect(issue?.message).toMatch(message);
  });

  it('zb-1p and zb-2p take a pipeline layout (one chunk a rank, as 1F1B’s); zb-v one of two chunks a rank; the split fields not with zb-v', () => {
    const even = `Et*12|${'t*12|'.repeat(6)}t*12L`;
    expect(rules({ pp: 8, dp: 2, schedule: 'zb-1p', pipelineLayout: even })).toEqual([]);
    expect(rules({ pp: 8, dp: 2, schedule: 'zb-2p', pipelineLayout: even })).toEqual([]);
    expect(rules({ pp: 8, dp: 2, schedule: 'zb-v', virtualStages: 2 })).toEqual([]);
    expect(rules({ pp: 8, dp: 2, schedule: 'zb-v', virtualStages: 2, pipelineLayout: `Et*6|${'t*6|'.repeat(14)}t*6L` })).toEqual([]);
    expect(() => pipelineSplitLayout(gpt3, { pp: 8, schedule: 'zb-v', num_layers_in_first_pipeline_stage: 10 })).toThrow(/found schedule zb-v/);
  });

  it.each([
    // fixed fields, the field blamed: zb-v's two chunks a rank need two layers a stage (12 layers on pp 12 have one).
    [{ pp: 12, schedule: 'zb-v' }, 'schedule', /^1 layer per stage cannot be split into the zb-v schedule's 2 chunks a rank$/],
    [{ pp: 12, schedule: 'zb-v', virtualStages: 2 }, 'virtualStages', /^1 layer per stage cannot be split into 2 virtual stages$/],
  ] as const)('zb-v on a pp leaving one layer a stage is refused at the field given (%o)', (fixed, field, message) => {
    const twelve = arch({ layers: 12, d_model: 768, heads: 12, d_ff: 3072, vocab: 50257, seq_len: 1024 }, 'g12');
    const issue = fixedFieldIssues(twelve, 12, 48, fixed, { unevenStages: true, stack: STACKS['zero-bubble'] }).find((i) => i.rule === 'virtual-stages-layers');
    expect(issue).toMatchObject({ field });
    expect(issue!.message).toMatch(message);
    expect(issue!.hint).toBe('set pp to one that leaves at least 2 layers a stage, or change schedule');
  });

  it('where stages must split evenly (no stack allowing uneven ones), the hint asks for an even count a stage; DualPipe with a layout is told it takes none', () => {
    const twelve = arch({ layers: 12, d_model: 768, heads: 12, d_ff: 3072, vocab: 50257, seq_len: 1024 }, 'g12');
    const issue = fixedFieldIssues(twelve, 4, 48, { pp: 4, schedule: 'zb-v' }).find((i) => i.rule === 'virtual-stages-layers');
    expect(issue!.message).toBe('3 layers per stage cannot be split into the zb-v schedule\'s 2 chunks a rank');
    expect(issue!.hint).toBe('set pp to one whose ⌈12 ÷ pp⌉ layers a stage split evenly into 2, or change schedule');
    const dual = fixedFieldIssues(gpt3, 128, 256, { pp: 4, schedule: 'dualpipe', pipelineLayout: `Et*6|${'t*6|'.repeat(14)}t*6L` }).find((i) => i.field === 'pipelineLayout');
    expect(dual!.hint).toMatch(/schedule dualpipe takes no pipeline layout: drop it, or use the interleaved schedule$/);
  });

  it('a stack without them refuses them, naming the stack; the zero-bubble stack runs them', () => {
    const issue = rules({ pp: 8, dp: 2, schedule: 'zb-2p' }, 'megatron-core').find((i) => i.rule === 'stack-schedule');
    expect(issue?.message).toMatch(/^stack megatron-core has no zb-2p schedule/);
    expect(issue?.hint).toMatch(/set training.stack to zero-bubble, which runs zb-2p$/);
    expect(rules({ pp: 8, dp: 2, schedule: 'zb-2p' }, 'zero-bubble')).toEqual([]);
    expect(rules({ pp: 8, dp: 2, schedule: 'zb-v', virtualStages: 2 }, 'zero-bubble')).toEqual([]);
    // TorchTitan runs ZB-V (PyTorch pipelining's ScheduleZBVZeroBubble), not the others.
    expect(rules({ pp: 8, dp: 2, schedule: 'zb-v', virtualStages: 2 }, 'torchtitan').map((i) => i.rule)).not.toContain('stack-schedule');
    expect(rules({ pp: 8, dp: 2, schedule: 'zb-1p' }, 'torchtitan').find((i) => i.rule === 'stack-schedule')?.hint).toMatch(/set training.stack to zero-bubble, which runs zb-1p$/);
  });
});

describe('the planner and the zero-bubble schedules', () => {
  it('searches them under the zero-bubble stack only, or where one is fixed (other stacks keep their search space)', () => {
    const n = 128;
    const mc = runContext(gpt3, h100, { globalBatchSequences: 256, gpuCount: n, stack: 'megatron-core' });
    expect(plan(mc, { tp: 8 }).candidates['schedule']!.filter((s) => String(s).startsWith('zb'))).toEqual([]);
    const zb = plan(runContext(gpt3, h100, { globalBatchSequences: 256, gpuCount: n, stack: 'zero-bubble' }), { tp: 8 });
    expect(zb.candidates['schedule']).toEqual(expect.arrayContaining(['zb-1p', 'zb-2p', 'zb-v:v2']));
    // At pp 8 the zero-bubble stack's best layout is a zero-bubble one, faster than its 1F1B layouts.
    const at8 = plan(runContext(gpt3, h100, { globalBatchSequences: 256, gpuCount: n, stack: 'zero-bubble' }), { tp: 8, pp: 8 }, { top: 100 });
    const best = at8.best[0]!;
    expect(best.layout.schedule).toMatch(/^zb-/);
    const oneF1b = at8.best.filter((e) => e.layout.schedule === '1f1b');
    expect(oneF1b.length).toBeGreaterThan(0);
    expect(best.prediction.stepTimeSeconds).toBeLessThan(oneF1b[0]!.prediction.stepTimeSeconds);
    const fixed = plan(runContext(gpt3, h100, { globalBatchSequences: 256, gpuCount: n }), { tp: 8, pp: 8, schedule: 'zb-v' }); // no stack: no stack rules
    expect(fixed.best[0]!.layout).toMatchObject({ schedule: 'zb-v', virtualStages: 2 });
  });
});
