/**
 * The V-Shape schedules of "Pipeline Parallelism with Controllable Memory" (Qi, Wan, Amar, Lin 2024, arXiv:2405.15362):
 * v-min and v-half (V-ZB is zb-v). Expected figures are the authors' own table (huggingface.co/spaces/sail/pipeline-
 * parallelism-with-controllable-memory, description1.md): bubble rate at T_F = T_B = T_W ~p/m (1F1B), ~2p/3m (V-Min),
 * ~p/2m (V-Half), 0 (V-ZB); activation memory in micro-batches p, (p + 4)//3, (p + 2)//2, p; and the paper's abstract
 * (memory "to 1/2 of 1F1B", "even to 1/3"). Nothing here is a number the code printed.
 */
import { describe, expect, it } from 'vitest';
import { evaluateLayout, runContext } from '../../src/perf/evaluate.js';
import { checkLayout } from '../../src/perf/layoutCheck.js';
import { inFlightFactor } from '../../src/perf/memory.js';
import { fixedFieldIssues } from '../../src/perf/fixedFieldIssues.js';
import { plan } from '../../src/perf/plan.js';
import { zeroBubbleBubble } from '../../src/perf/pipelineTimes.js';
import { STACKS } from '../../src/perf/stackProfiles.js';
import { placementOf } from '../../src/perf/pipelineLayout.js';
import { placesInV } from '../../src/perf/schedules.js';
import { pipelineSplitLayout } from '../../src/perf/pipelineSplit.js';
import { arch, gpt3, layout, loadProfile } from './helpers.js';

const h100 = loadProfile('h100-sxm');
const MANY = 1000; // micro-batches: the steady state the table's rates describe

describe('V-Shape bubbles at F = B = W: the authors’ bubble rates against 1F1B’s', () => {
  // Bubble rate = bubble / (m(F + B + W)); 1F1B ~p/m, written (p − 1)/m as the model and the zb paper's table write it.
  const T = 1;
  const oneF1b = (p: number) => (p - 1) * 3 * T;
  it.each([4, 8, 16, 32])('p = %i: v-min two thirds of 1F1B’s (~2p/3m), v-half half (~p/2m), zb-v none', (p) => {
    expect(zeroBubbleBubble('v-min', p, MANY, 3 * T, T, T)).toBeCloseTo((2 / 3) * oneF1b(p), 12);
    expect(zeroBubbleBubble('v-half', p, MANY, 3 * T, T, T)).toBeCloseTo((1 / 2) * oneF1b(p), 12);
    expect(zeroBubbleBubble('zb-v', p, MANY, 3 * T, T)).toBe(0);
  });

  it('as rates over m micro-batches: 2(p − 1)/3m and (p − 1)/2m', () => {
    const p = 8;
    const m = 64;
    expect(zeroBubbleBubble('v-min', p, m, 3, 1, 1) / (m * 3)).toBeCloseTo((2 * (p - 1)) / (3 * m), 12);
    expect(zeroBubbleBubble('v-half', p, m, 3, 1, 1) / (m * 3)).toBeCloseTo((p - 1) / (2 * m), 12);
  });

  it('never negative; with few micro-batches the one-step critical path (p − 1)(F + B) − (m − 1)W as for zb-v', () => {
    expect(zeroBubbleBubble('v-half', 8, MANY, 3.2, 3, 0.1)).toBe(0); // W outweighs F + B: floored, and no repeating bubble (W + 2F ≥ 2B, W + 2B ≥ 2F)
    // m = 1: (p − 1)(F + B) for every zero-bubble schedule (W off the path).
    const [F, B, W, p] = [1, 1.5, 0.8, 8];
    // (F = 1, B = 1.5, W = 0.8, m = 1: V-Half's repeating (2(B − F) − W)/2 once, V-Min's 3B − (F + B + W) once.)
    expect(zeroBubbleBubble('zb-v', p, 1, F + B + W, W)).toBeCloseTo((p - 1) * (F + B), 12);
    expect(zeroBubbleBubble('v-half', p, 1, F + B + W, W, F)).toBeCloseTo((p - 1) * (F + B) + (2 * (B - F) - W) / 2, 12);
    expect(zeroBubbleBubble('v-min', p, 1, F + B + W, W, F)).toBeCloseTo((p - 1) * (F + B) + (3 * B - (F + B + W)), 12);
    // v-half at m = 2 on p = 8, F = B (no repeating bubble): the bound (7(F + B) − W) exceeds its closed form 7(F + B − W/2).
    expect(zeroBubbleBubble('v-half', p, 2, 2 * F + W, W, F)).toBeCloseTo((p - 1) * 2 * F - W, 12);
  });
});

describe('V-Shape bubbles where F, B and W differ: the bubble the authors’ fixed order repeats every micro-batch', () => {
  // Expected: the growth of the bubble per micro-batch, from m = 3p to 5p, of the authors' own scheduler
  // (sail-sg/zero-bubble-pipeline-parallelism megatron/core/pipeline_parallel/zerobubble/scheduler/zbv_greedy.py @
  // 064369d: stable_pattern_v_min / _v_half, reorder, put_w, eager_execution_time), run in Python op by op with these
  // times (a stage's F, B, W; each chunk half of them) at p = 8, the last three rows at p = 6, 8 and 9 (the last column),
  // and asserted as run there: the same p and micro-batches. Not flopcast's code.
  it.each([
    ['v-min', 2, 3, 1.6, 2.4, 8],
    ['v-min', 2, 4, 2, 4, 8],
    ['v-min', 2, 2, 1, 1, 8],
    ['v-min', 3, 2, 2, 2, 8],
    ['v-min', 2, 2, 3, 0, 8],
    ['v-min', 2, 2, 2, 0, 8],
    ['v-min', 3.7, 1.1, 1.08, 5.22, 8],
    ['v-half', 2, 3, 1.6, 0.2, 8],
    ['v-half', 2, 4, 2, 1, 8],
    ['v-half', 2, 2, 1, 0, 8],
    ['v-half', 3, 2, 2, 0, 8],
    ['v-half', 2, 2, 3, 0, 6],
    ['v-half', 3.88, 1.02, 3.36, 1.18, 8],
    ['v-half', 2.38, 1.08, 1.68, 0.46, 9],
  ] as const)('%s, F %f, B %f, W %f: %f a micro-batch (p = %i)', (s, F, B, W, perMicroBatch, p) => {
    const at = (m: number) => zeroBubbleBubble(s, p, m, F + B + W, W, F);
    expect((at(5 * p) - at(3 * p)) / (2 * p)).toBeCloseTo(perMicroBatch, 9);
  });

  // p = 2: V-Min's pattern there (interval 0, 8 slots) repeats another bubble; the same construction run op by op at
  // p = 2, growth from m = 6 to 10 (up to twice the p ≥ 3 form: 2.4 against 1.2 at the first row; 0.96 against 0.75).
  it.each([
    ['v-min', 2, 3, 1.6, 1.2],
    ['v-min', 1.69, 1.55, 0.87, 0.75],
    ['v-min', 1, 1, 0.2, 0.8],
    ['v-min', 2, 2, 3, 0],
    ['v-half', 2, 3, 1.6, 0.2],
  ] as const)('pp 2: %s, F %f, B %f, W %f: %f a micro-batch', (s, F, B, W, perMicroBatch) => {
    const at = (m: number) => zeroBubbleBubble(s, 2, m, F + B + W, W, F);
    expect((at(200) - at(100)) / 100).toBeCloseTo(perMicroBatch, 9);
  });

  it('needs the forward time where the schedule repeats a bubble', () => {
    expect(() => zeroBubbleBubble('v-min', 8, 64, 3, 1)).toThrow(/v-min schedule's repeating bubble needs the forward time/);
    expect(zeroBubbleBubble('zb-v', 8, 64, 3, 1)).toBe(0);
  });
});

describe('V-Shape memory: micro-batches of a stage in flight (the authors’ table)', () => {
  it.each([
    // schedule, pp, m, expected: (p + 4)//3, (p + 2)//2, capped at the step's m.
    ['v-min', 8, 64, 4],
    ['v-min', 16, 64, 6],
    ['v-min', 32, 64, 12],
    ['v-half', 8, 64, 5],
    ['v-half', 16, 64, 9],
    ['v-half', 32, 64, 17],
    ['v-half', 8, 3, 3],
    ['v-min', 8, 2, 2],
    ['zb-v', 8, 64, 8],
  ] as const)('%s at pp %i, m %i: %i', (schedule, pp, m, expected) => {
    expect(inFlightFactor(layout({ tp: 8, pp, dp: 2, schedule, virtualStages: 2 }), m)).toBe(expected);
  });

  it('at large p about 1/3 and 1/2 of 1F1B’s p (the abstract)', () => {
    // p = 240: (240 + 4)//3 = 81 of 240 is 0.3375 and (240 + 2)//2 = 121 of 240 is 0.504, each within toBeCloseTo's 0.005
    // of 1/3 and 1/2 (from p = 139 on); the ratios approach them as p grows.
    const p = 240;
    const ratio = (s: 'v-min' | 'v-half') => inFlightFactor(layout({ pp: p, schedule: s, virtualStages: 2 }), 10_000) / inFlightFactor(layout({ pp: p, schedule: '1f1b' }), 10_000);
    expect(ratio('v-min')).toBeCloseTo(1 / 3, 2);
    expect(ratio('v-half')).toBeCloseTo(1 / 2, 2);
  });
});

describe('the step model with a V-Shape schedule (GPT-3 175B, tp 8, pp 8 on H100)', () => {
  const ctx = runContext(gpt3, h100, { globalBatchSequences: 256, gpuCount: 128 });
  const at = (schedule: 'zb-v' | 'v-min' | 'v-half' | '1f1b' | 'zb-2p') => evaluateLayout(ctx, layout({ tp: 8, pp: 8, dp: 2, schedule, virtualStages: placesV(schedule) ? 2 : 1 }));
  const placesV = (s: string) => s.startsWith('v-') || s === 'zb-v';
  const [f1b, zbv, vmin, vhalf, zb2p] = (['1f1b', 'zb-v', 'v-min', 'v-half', 'zb-2p'] as const).map(at);
  it('zb-v’s pipeline sends (two chunks a rank: twice 1F1B’s), its compute', () => {
    for (const e of [vmin!, vhalf!]) {
      expect(e.prediction.comm.pipelineP2p).toBeCloseTo(zbv!.prediction.comm.pipelineP2p, 9);
      expect(e.prediction.comm.pipelineP2p).toBeCloseTo(2 * zb2p!.prediction.comm.pipelineP2p, 9);
      expect(e.prediction.breakdown.computeSeconds).toBeCloseTo(zbv!.prediction.breakdown.computeSeconds, 9);
    }
  });
  it('bubbles: zb-v < v-half < 1F1B, and v-min’s, unlike v-half’s, grows with the micro-batches (B > F here: its order repeats a bubble)', () => {
    const b = (e: typeof f1b) => e!.prediction.breakdown.bubbleSeconds;
    expect(b(zbv)).toBeLessThan(b(vhalf));
    expect(b(vhalf)).toBeLessThan(b(f1b));
    expect(b(vhalf)).toBeLessThan(b(vmin));
    const twice = runContext(gpt3, h100, { globalBatchSequences: 512, gpuCount: 128 }); // 256 micro-batches, not 128
    const at2 = (schedule: 'v-min' | 'v-half') => evaluateLayout(twice, layout({ tp: 8, pp: 8, dp: 2, schedule, virtualStages: 2 })).prediction.breakdown.bubbleSeconds;
    expect(at2('v-half')).toBeCloseTo(b(vhalf), 9);
    expect(at2('v-min') - b(vmin)).toBeGreaterThan(0.1 * b(vmin));
  });
  it('activations: 4 and 5 of 1F1B’s 8 micro-batches (pp 8), the rest of the memory as zb-v’s', () => {
    const a = (e: typeof f1b) => e!.memory.breakdown.activations;
    expect(a(vmin) / a(zbv)).toBeCloseTo(4 / 8, 9);
    expect(a(vhalf) / a(zbv)).toBeCloseTo(5 / 8, 9);
    expect(vmin!.memory.breakdown.weights).toBeCloseTo(zbv!.memory.breakdown.weights, 0);
  });
});

describe('V-Shape layout rules', () => {
  const rules = (l: Parameters<typeof layout>[0], stack: keyof typeof STACKS | null = null) =>
    checkLayout(gpt3, 128, 256, layout({ tp: 8, ...l }), { stack: stack === null ? null : STACKS[stack] });
  it.each([
    ['v-min at pp 1', { pp: 1, dp: 16, schedule: 'v-min', virtualStages: 2 }, 'zero-bubble-pp', /v-min schedule .* needs pp > 1, found pp = 1/],
    ['v-half with 1 virtual stage', { pp: 8, dp: 2, schedule: 'v-half', virtualStages: 1 }, 'virtual-stages-schedule', /^the v-half schedule holds two chunks a rank \(virtual stages 2\), found 1$/],
    ['v-min with 3 virtual stages', { pp: 8, dp: 2, schedule: 'v-min', virtualStages: 3 }, 'virtual-stages-schedule', /^the v-min schedule holds two chunks a rank \(virtual stages 2\), found 3$/],
  ] as const)('refused: %s', (_, l, rule, message) => {
    expect(rules(l).find((i) => i.rule === rule)?.message).toMatch(message);
  });

  it('two chunks a rank, a layout of 2pp chunks in the V; the split fields (Megatron-Core’s placement) refused', () => {
    expect(rules({ pp: 8, dp: 2, schedule: 'v-min', virtualStages: 2 })).toEqual([]);
    expect(rules({ pp: 8, dp: 2, schedule: 'v-half', virtualStages: 2, pipelineLayout: `Et*6|${'t*6|'.repeat(14)}t*6L` })).toEqual([]);
    expect(() => pipelineSplitLayout(gpt3, { pp: 8, schedule: 'v-half', num_layers_in_first_pipeline_stage: 10 })).toThrow(/found schedule v-half/);
    // The V: rank k holds chunks k and 2pp − 1 − k, so rank 0 the embedding and the loss (the authors' padded layout).
    const model30 = arch({ layers: 30, d_model: 4096, heads: 32, d_ff: 16384, vocab: 32000, seq_len: 1024 }, 'gpt-30');
    const r0 = placementOf(model30, 'E|(t|)*30L', 16, placesInV('v-min')).ranks[0]!;
    expect([r0.embedding, r0.loss]).toEqual([true, true]);
  });

  it('a pp leaving one layer a stage is refused at --schedule, naming the schedule', () => {
    const twelve = arch({ layers: 12, d_model: 768, heads: 12, d_ff: 3072, vocab: 50257, seq_len: 1024 }, 'g12');
    const issue = fixedFieldIssues(twelve, 12, 48, { pp: 12, schedule: 'v-half' }, { unevenStages: true, stack: STACKS['zero-bubble'] }).find((i) => i.rule === 'virtual-stages-layers');
    expect(issue).toMatchObject({ field: 'schedule', message: "1 layer per stage cannot be split into the v-half schedule's 2 chunks a rank" });
  });

  it('the zero-bubble stack runs them (the fork’s --zero-bubble-v-schedule-mem-setup min / half); others refuse, naming it', () => {
    for (const s of ['v-min', 'v-half'] as const) {
      expect(rules({ pp: 8, dp: 2, schedule: s, virtualStages: 2 }, 'zero-bubble')).toEqual([]);
      for (const other of ['megatron-core', 'torchtitan'] as const) {
        expect(rules({ pp: 8, dp: 2, schedule: s, virtualStages: 2 }, other).find((i) => i.rule === 'stack-schedule')?.hint).toMatch(new RegExp(`set training.stack to zero-bubble, which runs ${s}$`));
      }
    }
  });
});

describe('the planner and the V-Shape schedules', () => {
  const n = 128;
  it('proposes them under the zero-bubble stack only; fixed, their two chunks a rank are set', () => {
    const v = (cands: readonly unknown[]) => cands.map(String).filter((s) => s.startsWith('v-'));
    for (const stack of ['megatron-core', 'torchtitan'] as const) {
      expect(v(plan(runContext(gpt3, h100, { globalBatchSequences: 256, gpuCount: n, stack }), { tp: 8 }).candidates['schedule']!)).toEqual([]);
    }
    expect(v(plan(runContext(gpt3, h100, { globalBatchSequences: 256, gpuCount: n, stack: 'zero-bubble' }), { tp: 8 }).candidates['schedule']!)).toEqual(['v-min:v2', 'v-half:v2']);
    const fixed = plan(runContext(gpt3, h100, { globalBatchSequences: 256, gpuCount: n }), { tp: 8, pp: 8, schedule: 'v-half' });
    expect(fixed.best[0]!.layout).toMatchObject({ schedule: 'v-half', virtualStages: 2 });
  });
});
