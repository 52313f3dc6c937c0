/**
 * The one table of layout rules: checkLayout, the fixed-field checks and the planner agree because
 * they read the same rules. Properties: a rule reads only the fields it declares; every fixed-field
 * refusal names a rule that every completion of the partial layout breaks; every layout the planner
 * evaluates passes checkLayout, with and without a training stack.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkOptions, runContext } from '../../src/perf/evaluate.js';
import { fixedFieldIssues } from '../../src/perf/fixedFieldIssues.js';
import { LAYOUT_FIELDS, PIPELINE_SCHEDULES, shardsNothing, withLayoutFixes, ZERO_STAGES, type Layout, type LayoutField } from '../../src/perf/layout.js';
import { checkLayout, ruleContext } from '../../src/perf/layoutCheck.js';
import { LAYOUT_RULES } from '../../src/perf/layoutRules.js';
import { plan } from '../../src/perf/plan.js';
import { STACK_IDS, type StackId } from '../../src/perf/stack.js';
import { STACKS } from '../../src/perf/stackProfiles.js';
import { arch, gpt3, layout, loadProfile } from './helpers.js';
import { flagOf } from '../../src/cli/commands/plan.js';
import { hintOption } from '../../src/library/planBlame.js';
import type { HintField } from '../../src/perf/layoutFields.js';

const moe = arch({ layers: 8, d_model: 1024, heads: 16, kv_heads: 4, d_ff: 4096, vocab: 32000, seq_len: 4096, moe: { experts: 16, top_k: 2, d_ff_expert: 768 } }, 'moe-test');
const small = arch({ layers: 12, d_model: 1024, heads: 16, d_ff: 4096, vocab: 32000, seq_len: 2048 }, 'dense-test');
const models = [gpt3, moe, small];

const pow2 = fc.constantFrom(1, 2, 3, 4, 8, 16);
const layoutArb = fc.record({
  tp: pow2, pp: pow2, dp: pow2, cp: pow2, ep: pow2, etp: pow2, microBatch: pow2, virtualStages: fc.constantFrom(1, 2, 3, 4),
  schedule: fc.constantFrom(...PIPELINE_SCHEDULES),
  zeroStage: fc.constantFrom(0 as const, 1 as const, 2 as const, 3 as const), shardGroup: pow2,
  sequenceParallel: fc.boolean(), recompute: fc.constantFrom('none' as const, 'selective' as const, 'full' as const),
  recomputeLayers: fc.option(fc.constantFrom(1, 2, 3, 8), { nil: undefined }),
  // Pipeline layouts (pipelineLayout.ts) that fit one of the models or none: 8 layers (moe-test), 12 (dense-test), 96 (GPT-3).
  pipelineLayout: fc.option(fc.constantFrom('Etttt|ttttL', 'E|t*8|L|', 'Et*6|t*6L', '(Ett|tttt|ttL)*1', 'Et*24|(t*24|)*2t*24L', 'E|(t|)*12L', 'Lt*8E', 'x*2'), { nil: undefined }),
});
const stackArb = fc.constantFrom<StackId | null>(null, ...STACK_IDS);
const RUNS = Number(process.env.FLOPCAST_FUZZ_RUNS ?? 400);
const SEED = Number(process.env.FLOPCAST_FUZZ_SEED ?? 20240601); // fixed, as test/fuzz; FLOPCAST_FUZZ_SEED to explore

describe('the layout rule table', () => {
  it('has unique ids, declared fields and a source for every rule', () => {
    expect(new Set(LAYOUT_RULES.map((r) => r.id)).size).toBe(LAYOUT_RULES.length);
    for (const r of LAYOUT_RULES) {
      expect(r.fields.length).toBeGreaterThan(0);
      for (const f of r.fields) expect(LAYOUT_FIELDS).toContain(f);
      expect(r.source.length).toBeGreaterThan(3);
    }
  });

  it('a rule reads only the fields it declares (what lets the planner check it early)', () => {
    fc.assert(fc.property(layoutArb, layoutArb, fc.constantFrom(...models), stackArb, fc.constantFrom(16, 64, 256), (a, b, m, stack, n) => {
      const c = ruleContext(m, n, 512, { stack: stack ? STACKS[stack] : null });
      for (const r of LAYOUT_RULES) {
        // b's fields outside the rule's own: the verdict must not change.
        const mixed = { ...b } as Layout;
        for (const f of r.fields) (mixed as unknown as Record<LayoutField, unknown>)[f] = a[f];
        expect(r.ok(mixed, c), r.id).toBe(r.ok(a, c));
      }
    }), { numRuns: RUNS, seed: SEED });
  });

  // The GPUs are the product of the layout's degrees (so gpu-product holds): the refusals that rely on it
  // (ep·etp or a shard group not dividing the GPUs) are then checked against completions that can run.
  it('every fixed-field refusal names a rule that checkLayout finds broken in every completion', () => {
    const subsets = fc.subarray([...LAYOUT_FIELDS]);
    fc.assert(fc.property(layoutArb, subsets, fc.constantFrom(...models), stackArb, fc.constantFrom(64, 512, 1536), (l, fields, m, stack, batch) => {
      const n = l.tp * l.pp * l.dp * l.cp;
      const options = { stack: stack ? STACKS[stack] : null };
      const partial: Partial<Layout> = {};
      for (const f of fields) (partial as Record<string, unknown>)[f] = l[f];
      partial.pipelineLayout = l.pipelineLayout; // never searched: a layout left out is none
      // A completion holds what a layout with pp fixes (layout.ts withLayoutFixes: its virtual stages and schedule), as
      // the planner's do; one that does not breaks pipeline-layout-virtual-stages whatever else it is.
      const implied = withLayoutFixes(m, partial);
      const full = new Set(checkLayout(m, n, batch, { ...l, virtualStages: implied.virtualStages ?? l.virtualStages, schedule: implied.schedule ?? l.schedule }, options).map((i) => i.rule));
      // The one refusal of an input rather than of every completion: a pipeline layout needs pp given (Megatron reads it with pp).
      const needsPp = (i: { rule: string }) => i.rule === 'pipeline-layout-pp' && partial.pp === undefined;
      for (const i of fixedFieldIssues(m, n, batch, partial, options)) if (!needsPp(i)) expect(full, `${i.rule}: ${i.message}`).toContain(i.rule);
    }), { numRuns: RUNS, seed: SEED });
  });

  it('the GPU-count rule refuses fixed degrees only when no completion multiplies to the GPUs', () => {
    const degrees = fc.subarray(['tp', 'pp', 'dp', 'cp'] as const);
    fc.assert(fc.property(layoutArb, degrees, fc.constantFrom(16, 24, 64, 256), (l, fields, n) => {
      const partial: Partial<Layout> = {};
      for (const f of fields) partial[f] = l[f];
      const refused = fixedFieldIssues(small, n, 512, partial).some((i) => i.rule === 'gpu-product');
      if (refused) expect(checkLayout(small, n, 512, l).map((i) => i.rule)).toContain('gpu-product');
    }), { numRuns: RUNS, seed: SEED });
  });

  it('a whole layout: the fixed-field check and checkLayout report the same rules', () => {
    fc.assert(fc.property(layoutArb, fc.constantFrom(...models), stackArb, (l, m, stack) => {
      const options = { stack: stack ? STACKS[stack] : null };
      const full = checkLayout(m, 64, 512, l, options).map((i) => i.rule);
      expect(fixedFieldIssues(m, 64, 512, l, options).map((i) => i.rule)).toEqual(full);
    }), { numRuns: RUNS, seed: SEED });
  });
});

describe('the planner proposes only what checkLayout accepts', () => {
  const h100 = { ...loadProfile('h100-sxm'), memoryBytes: Infinity }; // every layout fits: all are returned
  it.each([
    ['dense, no stack', small, 32, 64, null],
    ['MoE, no stack', moe, 16, 32, null],
    ...STACK_IDS.map((s) => [`MoE, ${s}`, moe, 16, 32, s] as const),
    ['dense, deepspeed', small, 64, 128, 'deepspeed'],
  ] as const)('%s', (_, m, n, batch, stack) => {
    const ctx = runContext(m, h100, { globalBatchSequences: batch, gpuCount: n, ...(stack ? { stack } : {}) });
    const r = plan(ctx, { recompute: 'selective' }, { top: 20_000, microBatches: [1, 2], virtualStages: [2] });
    expect(r.evaluated).toBeLessThan(20_000); // all of them returned
    // But where ZeRO has no ranks to shard over (layout.ts shardsNothing): one row for the ZeRO stages checkLayout accepts there.
    const sameRow = (e: (typeof r.best)[number]) => !shardsNothing(e.layout, m.moe !== null) ? 0
      : ZERO_STAGES.filter((z) => z !== e.layout.zeroStage && checkLayout(m, n, batch, { ...e.layout, zeroStage: z }, checkOptions(ctx)).length === 0).length;
    expect(r.best.length + r.best.reduce((k, e) => k + sameRow(e), 0)).toBe(r.evaluated);
    expect(r.evaluated).toBeGreaterThan(0);
    for (const e of r.best) expect(checkLayout(m, n, batch, e.layout, checkOptions(ctx))).toEqual([]);
  }, 60_000);
});

/**
 * The converse: every layout of the search space that checkLayout accepts is evaluated. The space is the
 * planner's candidate lists with its stated search policies (dp = GPUs/(tp·cp·pp); shard groups under
 * ZeRO-3: dp·cp or 2+ ranks inside the scale-up domain, else dp·cp; DualPipe only with ep > 1; sequence
 * parallelism with tp where the stack says so; the stack's default pp), enumerated by brute force.
 */
describe('the planner evaluates every valid layout of its space', () => {
  const h100 = { ...loadProfile('h100-sxm'), memoryBytes: Infinity };
  const divisors = (n: number) => Array.from({ length: n }, (_, i) => i + 1).filter((d) => n % d === 0);
  it.each([
    ['dense, no stack', small, 32, 64, null],
    ['MoE, no stack', moe, 16, 32, null],
    ['MoE, megatron-core', moe, 16, 32, 'megatron-core'],
    ['MoE, torchtitan', moe, 16, 32, 'torchtitan'],
    ['MoE, llm-foundry', moe, 16, 32, 'llm-foundry'],
    ['dense, deepspeed', small, 64, 128, 'deepspeed'],
  ] as const)('%s', (_, m, n, batch, stack) => {
    const ctx = runContext(m, h100, { globalBatchSequences: batch, gpuCount: n, ...(stack ? { stack } : {}) });
    const fixed = { recompute: 'selective' as const };
    const r = plan(ctx, fixed, { top: 1, microBatches: [1, 2], virtualStages: [2] });
    const c = r.candidates as { tp: number[]; cp: number[]; ep: number[]; etp: number[]; microBatch: number[]; sequenceParallel: boolean[]; zeroStage: (0 | 1 | 2 | 3)[]; schedule: string[] };
    const profile = ctx.stack;
    const domain = ctx.mc.network.domainSize;
    let valid = 0;
    for (const tp of c.tp) for (const cp of c.cp) for (const pp of divisors(n)) {
      if (n % (tp * cp * pp) !== 0) continue;
      if (profile?.defaults.pp.value != null && pp !== profile.defaults.pp.value) continue;
      const dp = n / (tp * cp * pp);
      for (const ep of c.ep) for (const etp of c.etp) for (const microBatch of c.microBatch) for (const sequenceParallel of c.sequenceParallel) {
        if (profile?.defaults.sequenceParallel.value === 'with-tp' && sequenceParallel !== tp > 1) continue;
        for (const sv of c.schedule) for (const zeroStage of c.zeroStage) {
          const [schedule, v] = sv.split(':v') as [Layout['schedule'], string | undefined];
          if ((schedule === 'dualpipe' || schedule === 'dualpipev') && ep === 1) continue; // the search policy (planSpace.ts)
          const groups = zeroStage === 3 ? divisors(dp * cp).filter((g) => g === dp * cp || (g >= 2 && g * tp <= domain)) : [dp * cp];
          for (const shardGroup of groups) {
            const l: Layout = { tp, pp, dp, cp, ep, etp, microBatch, schedule, virtualStages: Number(v ?? 1), zeroStage, shardGroup, sequenceParallel, recompute: 'selective' };
            if (checkLayout(m, n, batch, l, checkOptions(ctx)).length === 0) valid++;
          }
        }
      }
    }
    expect(valid).toBeGreaterThan(0);
    expect(r.evaluated).toBe(valid);
  }, 60_000);
});

describe('uneven virtual stages (stack.ts can.unevenVirtualStages)', () => {
  // DeepSeek-V3's 61 layers over pp 2 × v 8 (Megatron-Bridge 26.02 / 25.11 GB300 recipes): 31 layers per stage, not a multiple of 8.
  const dsv3Like = arch({ layers: 61, d_model: 1024, heads: 16, d_ff: 4096, vocab: 32000, seq_len: 4096 }, 'sixty-one-layers');
  const l: Layout = { tp: 1, pp: 2, dp: 8, cp: 1, ep: 1, etp: 1, microBatch: 1, schedule: 'interleaved', virtualStages: 8, zeroStage: 1, shardGroup: 8, sequenceParallel: false, recompute: 'none' };
  const rules = (stack: StackId | null, unevenStages = true) => checkLayout(dsv3Like, 16, 64, l, { unevenStages, stack: stack ? STACKS[stack] : null }).map((i) => i.rule);
  it('megatron-core places the layers freely over pp·v chunks (--pipeline-model-parallel-layout)', () => {
    expect(rules('megatron-core')).not.toContain('virtual-stages-layers');
    expect(checkLayout(dsv3Like, 16, 64, { ...l, virtualStages: 32 }, { unevenStages: true, stack: STACKS['megatron-core'] }).map((i) => i.rule)).toContain('virtual-stages-layers'); // 64 chunks > 61 layers
  });
  // torchtitan splits the layers by pipeline_parallel_layers_per_stage into virtual stages that may differ by a layer,
  // less pipeline_parallel_first/last_stage_less_layers (default 1) on the ends (torchtitan/distributed/pipeline_parallel.py
  // @ 02ef790): 'plan --stack torchtitan --pp 4 --virtual-stages 3' on 32 layers was refused, naming the stack (a new-user trial).
  it('torchtitan places the layers unevenly over pp·v chunks too (pipeline_parallel_layers_per_stage)', () => {
    expect(rules('torchtitan')).not.toContain('virtual-stages-layers');
  });
  it('refused, naming the stack, where the stack splits stages evenly; refused without uneven stages', () => {
    expect(rules('megatron-lm-2021')).toContain('virtual-stages-layers');
    const msg = checkLayout(dsv3Like, 16, 64, l, { unevenStages: true, stack: STACKS['megatron-lm-2021'] }).find((i) => i.rule === 'virtual-stages-layers')!.message;
    expect(msg).toMatch(/stack megatron-lm-2021: Narayanan/);
    expect(rules('megatron-core', false)).toContain('virtual-stages-layers');
    expect(rules(null)).toContain('virtual-stages-layers');
  });
});

// Hostile sweep 13: {pp: 1, virtual_stages: 2} (a scenario's, plan --pp 1 --virtual-stages 2) was left to the search:
// interleaved-pp reads a fixed schedule, and none was given. Llama 3.1 8B on 64 H100s said 'no layout ... with pp=1,
// virtual_stages=2 can run: tp does not divide the (key/value) heads (720 layouts); microBatch·dp does not divide the
// global batch (24 layouts)', plan 'no layout fits' (exit 0). Now refused at virtual_stages; fails on the old code
// (1 of 3: a fixed schedule was refused already, v 1 is none).
describe('virtual stages at pp 1', () => {
  const fields = (p: Partial<Layout>) => fixedFieldIssues(gpt3, 64, 512, p).map((i) => `${i.field}: ${i.rule}`);
  it.each([
    { name: 'v 2, no schedule', p: { pp: 1, virtualStages: 2 }, has: 'virtualStages: virtual-stages-pp' },
    { name: 'v 2, interleaved', p: { pp: 1, virtualStages: 2, schedule: 'interleaved' as const }, has: 'schedule: interleaved-pp' },
  ])('$name', ({ p, has }) => expect(fields(p)).toContain(has));
  it('v 1 at pp 1: nothing', () => expect(fields({ pp: 1, virtualStages: 1 })).toEqual([]));
});

// Hostile sweep 18: fixed fields every completion of which breaks a rule, left to the search ("no layout fits", exit 1)
// where they are an input error. zb-v holds two chunks a rank (scheduleChunks): GPT-3's 96 layers on pp 8 are 6-layer
// chunks, so 12 recomputed layers are too many (pp 8 with v free was taken as v 1, 12-layer chunks). A zero-bubble
// schedule runs at pp > 1 only, where the expert all-to-all overlap needs the interleaved schedule. Both fail on the old code.
describe('what a fixed zero-bubble schedule implies for the other fixed fields', () => {
  const issues = (p: Partial<Layout>, epCommOverlap = false) => fixedFieldIssues(p.ep ? moe : gpt3, 64, 512, p, { epCommOverlap }).map((i) => `${i.field}: ${i.message}`);
  it.each([
    { name: 'zb-v, pp 8: 12 recomputed layers of a 6-layer chunk', p: { pp: 8, schedule: 'zb-v' as const, recompute: 'full' as const, recomputeLayers: 12 }, has: 'recomputeLayers: recompute_layers = 12 is more than the 6 layers of a model chunk' },
    { name: 'zb-2p, ep 8, pp free, the overlap asked', p: { schedule: 'zb-2p' as const, ep: 8 }, overlap: true, has: 'schedule: the expert-parallel all-to-all overlap (ep_comm_overlap) needs the interleaved schedule when pp > 1, as zb-2p runs' },
  ])('$name', ({ p, overlap, has }) => expect(issues(p, overlap)).toContain(has));
  it.each([
    { name: 'zb-v, pp 8: 6 recomputed layers', p: { pp: 8, schedule: 'zb-v' as const, recompute: 'full' as const, recomputeLayers: 6 } },
    { name: 'zb-1p, pp 8: 12 recomputed layers (one chunk a rank)', p: { pp: 8, schedule: 'zb-1p' as const, recompute: 'full' as const, recomputeLayers: 12 } },
    { name: '1f1b, ep 8, pp free, the overlap asked (pp 1 runs it)', p: { schedule: '1f1b' as const, ep: 8 }, overlap: true },
    { name: 'zb-2p, ep 8, pp free, no overlap', p: { schedule: 'zb-2p' as const, ep: 8 } },
  ])('nothing: $name', ({ p, overlap }) => expect(issues(p, overlap)).toEqual([]));
  it('the hint offers pp 1 only where the schedule runs at pp 1', () => {
    const hint = (schedule: '1f1b' | 'zb-2p') => fixedFieldIssues(moe, 64, 512, { schedule, ep: 8, pp: 2 }, { epCommOverlap: true })[0]!.hint;
    expect([hint('1f1b'), hint('zb-2p')]).toEqual([
      'use schedule interleaved with virtual_stages of 2 or more, or pp 1, or turn ep_comm_overlap off',
      'use schedule interleaved with virtual_stages of 2 or more, or turn ep_comm_overlap off']);
  });
});

// A hint names a field as the user gave it (RuleContext.name, LayoutCheckOptions.fieldName): the scenario's key by
// default, an option where plan took it (`leave --virtual-stages out`, which was `leave virtual_stages out`; one hint
// wrote `virtualStages: 1`, another `schedule: interleaved`). GPT-3's 96 layers; 8 chunks in EIGHT.
describe('a rule\'s hint names the fields as the user gave them', () => {
  const EIGHT = 'Et*12|(t*12|)*6t*12L';
  const base: Layout = { tp: 8, pp: 8, dp: 16, cp: 1, ep: 1, etp: 8, microBatch: 1, virtualStages: 1, schedule: '1f1b', zeroStage: 1, shardGroup: 16, sequenceParallel: true, recompute: 'none' };
  const option = (f: HintField) => `--${f.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  it.each([
    { rule: 'interleaved-pp', l: { pp: 1, dp: 128, schedule: 'interleaved' as const }, hint: 'use schedule 1f1b, or pp of 2 or more', named: 'use --schedule 1f1b, or --pp of 2 or more' },
    { rule: 'virtual-stages-pp', l: { pp: 1, dp: 128, virtualStages: 2, schedule: 'interleaved' as const }, hint: 'leave virtual_stages out, or give pp of 2 or more', named: 'leave --virtual-stages out, or give --pp of 2 or more' },
    { rule: 'virtual-stages-schedule', l: { virtualStages: 2 }, hint: 'set schedule interleaved, or virtual_stages 1', named: 'set --schedule interleaved, or --virtual-stages 1' },
    { rule: 'pipeline-layout-virtual-stages', l: { pipelineLayout: EIGHT, virtualStages: 2, schedule: 'interleaved' as const }, hint: 'leave virtual_stages out (it follows from the layout), or set it to 1', named: 'leave --virtual-stages out (it follows from the layout), or set it to 1' },
    { rule: 'pipeline-layout-schedule', l: { pipelineLayout: EIGHT, schedule: 'dualpipe' as const }, hint: 'leave schedule out (it follows from the layout), or drop pipeline_layout for DualPipe', named: 'leave --schedule out (it follows from the layout), or drop --pipeline-layout for DualPipe' },
  ])('$rule', ({ rule, l, hint, named }) => {
    const hintOf = (fieldName?: (f: HintField) => string) => checkLayout(gpt3, 1024, 1536, { ...base, ...l }, fieldName ? { fieldName } : {}).find((i) => i.rule === rule)?.hint;
    expect([hintOf(), hintOf(option)]).toEqual([hint, named]);
  });
});

// Second pass (the rules f3f0f04 left): every other rule's hint spelt its fields by hand, in one form whatever the
// context: `set sequenceParallel: false` to a scenario's `sequence_parallel`, `set zero_stage 1, 2 or 3` to `plan --zero 0`,
// `another training.stack` to `plan --stack`, `microBatch·dp` everywhere. Now through RuleContext.name: run's scenario
// keys (the default, layoutFields.ts scenarioName), plan's options (cli/commands/plan.ts flagOf) and the library's query
// keys (`zero`, `sp`, `microBatch`), a knob not given (another stack) too. Hints written by hand from the rules' text; each
// row fails on the old code (its plan column at least: no old hint named an option).
describe('every rule\'s hint names its fields in the caller\'s terms (run, plan, library)', () => {
  const EIGHT = 'Et*12|(t*12|)*6t*12L';
  const dense: Layout = { tp: 8, pp: 8, dp: 16, cp: 1, ep: 1, etp: 1, microBatch: 1, virtualStages: 1, schedule: '1f1b', zeroStage: 1, shardGroup: 16, sequenceParallel: true, recompute: 'none' };
  // The MoE test model (8 layers, 16 experts) on 16 GPUs.
  const moeBase: Layout = { ...dense, tp: 1, pp: 2, dp: 8, ep: 8, etp: 1, shardGroup: 8, sequenceParallel: false };
  const cli = (f: HintField) => hintOption(flagOf, f);
  const lib = (f: HintField) => hintOption((k) => k, f);
  const src = (id: StackId, can: 'tensorParallel' | 'partialRecompute' | 'expertFolding' | 'schedules' | 'zeroStagesWithPp' | 'shardGroups' | 'moeBlockRecompute') => STACKS[id].can[can]!.source;
  const FOLD = (etp: string) => `expert-parallel and expert-tensor-parallel groups are drawn from the tp·cp·dp ranks of a stage (MoE parallel folding): choose ep·etp dividing tp·cp·dp (etp defaults to tp in a whole layout; set ${etp} 1 for the folded layouts sources print as tp2 ep32 dp16)`;
  it.each([
    { rule: 'whole-numbers', l: { microBatch: 0.5 }, hints: ['set micro_batch to 1 or more', 'set --micro-batch to 1 or more', 'set microBatch to 1 or more'] },
    { rule: 'cp-even-chunks', l: { tp: 4, cp: 2 }, o: { seqLen: 2050 }, hints: ['set cp to one that leaves an even chunk', 'set --cp to one that leaves an even chunk', 'set cp to one that leaves an even chunk'] },
    { rule: 'ep-dense', l: { ep: 2 }, hints: ['set ep 1', 'set --ep 1', 'set ep 1'] },
    { rule: 'etp-dense', l: { etp: 2 }, hints: ['set etp 1 (or leave it out)', 'set --etp 1 (or leave it out)', 'set etp 1 (or leave it out)'] },
    { rule: 'ep-etp-fold', moe: true, l: { ep: 16 }, hints: [FOLD('etp'), FOLD('--etp'), FOLD('etp')] },
    { rule: 'dualpipe-pp', l: { pp: 1, dp: 128, schedule: 'dualpipe' as const }, hints: ['set pp to an even number, or schedule 1f1b', 'set --pp to an even number, or --schedule 1f1b', 'set pp to an even number, or schedule 1f1b'] },
    { rule: 'batch-divisible', l: { microBatch: 5 }, hints: ['the global batch must be a multiple of micro_batch·dp', 'the global batch must be a multiple of --micro-batch·--dp', 'the global batch must be a multiple of microBatch·dp'] },
    // 1536 / (32 · 16) = 3 micro-batches: odd.
    { rule: 'dualpipe-microbatches', l: { microBatch: 32, schedule: 'dualpipe' as const }, hints: ['micro_batch or dp', '--micro-batch or --dp', 'microBatch or dp'].map((x) => `deepseek-ai/DualPipe asserts num_chunks % 2 == 0 and num_chunks >= 2·num_ranks; lower ${x}`) },
    { rule: 'ep-overlap-interleaved', moe: true, l: {}, o: { epCommOverlap: true }, hints: [
      'use schedule interleaved with virtual_stages of 2 or more, or pp 1, or turn ep_comm_overlap off',
      'use --schedule interleaved with --virtual-stages of 2 or more, or --pp 1, or turn --ep-comm-overlap off',
      'use schedule interleaved with virtualStages of 2 or more, or pp 1, or turn epCommOverlap off'] },
    { rule: 'sp-tp', l: { tp: 1, dp: 128 }, hints: ['set sequence_parallel false, or tp of 2 or more', 'set --sp false, or --tp of 2 or more', 'set sp false, or tp of 2 or more'] },
    { rule: 'shard-group-zero', l: { zeroStage: 0 as const, shardGroup: 8 }, hints: ['set zero_stage 1, 2 or 3, or leave shard_group out', 'set --zero 1, 2 or 3, or leave --shard-group out', 'set zero 1, 2 or 3, or leave shardGroup out'] },
    { rule: 'recompute-layers', l: { recompute: 'selective' as const, recomputeLayers: 2 }, hints: ['set recompute full, or leave recompute_layers out', 'set --recompute full, or leave --recompute-layers out', 'set recompute full, or leave recomputeLayers out'] },
    // 8 chunks on pp 16: pp must divide them (pipelineLayout.ts chunksOverPpHint).
    { rule: 'pipeline-layout-pp', l: { pipelineLayout: EIGHT, pp: 16, dp: 8 }, hints: ['pp', '--pp', 'pp'].map((x) => `pp × virtual_stages must equal the chunks (8): ${x} one of 1, 2, 4, 8`) },
    { rule: 'stack-tp', l: { tp: 2, pp: 1, dp: 512 }, o: { stack: STACKS['llm-foundry'] }, hints: ['tp 1 (X), or set training.stack', '--tp 1 (X), or set --stack', 'tp 1 (X), or set stack'].map((x) => `set ${x.replace('X', src('llm-foundry', 'tensorParallel'))} to another stack`) },
    { rule: 'stack-partial-recompute', l: { recompute: 'full' as const, recomputeLayers: 2 }, o: { stack: STACKS.deepspeed }, hints: ['recompute_layers out (X), or set training.stack', '--recompute-layers out (X), or set --stack', 'recomputeLayers out (X), or set stack'].map((x) => `leave ${x.replace('X', src('deepspeed', 'partialRecompute'))} to another stack`) },
    { rule: 'stack-moe-full-recompute', moe: true, l: { recompute: 'full' as const }, o: { stack: STACKS['olmo-core'] }, hints: [['recompute', 'training.stack'], ['--recompute', '--stack'], ['recompute', 'stack']].map(([r, s]) => `set ${r} selective (OLMo-core's selected_modules, recompute_modules [attention]) or none (${src('olmo-core', 'moeBlockRecompute')}), or set ${s} to another stack`) },
    { rule: 'stack-pipeline-layout', l: { pipelineLayout: EIGHT }, o: { stack: STACKS.deepspeed }, hints: ['pipeline_layout out, or use training.stack', '--pipeline-layout out, or use --stack', 'pipelineLayout out, or use stack'].map((x) => `leave ${x} megatron-core, zero-bubble, torchtitan or olmo-core`) }, // hostile sweep 24: torchtitan's module_fqns_per_model_part places any split (60dc53f); the hint named megatron-core alone
    { rule: 'stack-no-folding', moe: true, l: { tp: 2, dp: 4, etp: 1 }, o: { stack: STACKS.deepspeed }, hints: ['training.stack', '--stack', 'stack'].map((x) => `${src('deepspeed', 'expertFolding')}; MoE parallel folding (ep·etp from tp·cp·dp) needs ${x} megatron-core`) },
    { rule: 'stack-schedule', l: { schedule: 'interleaved' as const, virtualStages: 2 }, o: { stack: STACKS.deepspeed }, hints: ['training.stack', '--stack', 'stack'].map((x) => `${src('deepspeed', 'schedules')}; choose one of 1f1b, or set ${x} to another stack`) },
    { rule: 'stack-zero-pp', l: { zeroStage: 2 as const }, o: { stack: STACKS.deepspeed }, hints: ['pp', '--pp', 'pp'].map((x) => `${src('deepspeed', 'zeroStagesWithPp')}; use ZeRO 0, 1, or ${x} 1`) },
    { rule: 'stack-shard-group', l: { zeroStage: 0 as const, shardGroup: 8 }, o: { stack: STACKS['megatron-lm-2021'] }, hints: ['shard_group out, or set training.stack', '--shard-group out, or set --stack', 'shardGroup out, or set stack'].map((x) => `${src('megatron-lm-2021', 'shardGroups')}; leave ${x} to another stack`) },
  ] as { rule: string; moe?: boolean; l: Partial<Layout>; o?: object; hints: string[] }[])('$rule', ({ rule, moe: isMoe, l, o, hints }) => {
    const hintOf = (fieldName?: (f: HintField) => string) => checkLayout(isMoe ? moe : gpt3, isMoe ? 16 : 1024, 1536, { ...(isMoe ? moeBase : dense), ...l }, { ...o, ...(fieldName ? { fieldName } : {}) }).find((i) => i.rule === rule)?.hint;
    expect([hintOf(), hintOf(cli), hintOf(lib)]).toEqual(hints);
  });
  // A partial layout: the layout given without pp (plan --pipeline-layout alone).
  it('pipeline-layout-pp: a layout without pp', () => {
    const hintOf = (fieldName?: (f: HintField) => string) => fixedFieldIssues(gpt3, 1024, 1536, { pipelineLayout: EIGHT }, fieldName ? { fieldName } : {}).find((i) => i.rule === 'pipeline-layout-pp')?.hint;
    expect([hintOf(), hintOf(cli), hintOf(lib)]).toEqual(['pp', '--pp', 'pp'].map((x) => `give ${x} (Megatron-Core --pipeline-model-parallel-size); the virtual stages follow as chunks ÷ pp`));
  });
});

// Hostile sweep 25: interleaving's m % pp = 0 was judged only once micro_batch and dp were fixed, and only where the schedule
// was: 'plan --pp 3 --virtual-stages 3 --global-batch 64' (no multiple of 3 divides 64) was searched and answered "no layout
// fits ... relax the fixed parallelism fields" (exit 1), with skips naming neither this rule nor the batch (the planner's
// interleaved schedule counts no reason: candidatesOf). The refused rows fail on the old code; the controls (a batch a
// multiple of pp, or two chunks a rank that zb-v holds too) are refused by neither.
describe('interleaved-microbatches before micro_batch and dp are fixed', () => {
  const on6 = (p: Partial<Layout>, batch: number) => fixedFieldIssues(gpt3, 6, batch, p).filter((i) => i.rule === 'interleaved-microbatches').map((i) => [i.field, i.message]);
  const NEVER = (dividing: string) => `to be a multiple of pp = 3: the global batch of 64 sequences ÷ (${dividing}) never is`;
  it.each([
    { name: 'virtual stages 4 (the interleaved schedule alone holds 4 chunks a rank)', p: { pp: 3, virtualStages: 4 }, want: [['virtualStages', `4 virtual stages a rank run on the interleaved schedule, which needs the micro-batches per pipeline ${NEVER('micro-batch × dp')}`]] },
    { name: 'the interleaved schedule', p: { pp: 3, schedule: 'interleaved' as const }, want: [['schedule', `the interleaved schedule needs the micro-batches per pipeline ${NEVER('micro-batch × dp')}`]] },
    { name: 'the interleaved schedule, micro-batch 2', p: { pp: 3, schedule: 'interleaved' as const, microBatch: 2 }, want: [['schedule', `the interleaved schedule needs the micro-batches per pipeline ${NEVER('micro-batch 2 × dp')}`]] },
    { name: 'the interleaved schedule, dp 2', p: { pp: 3, schedule: 'interleaved' as const, dp: 2 }, want: [['schedule', `the interleaved schedule needs the micro-batches per pipeline ${NEVER('micro-batch × dp 2')}`]] },
  ])('$name: refused', ({ p, want }) => {
    expect(on6(p, 64)).toEqual(want);
    expect(on6(p, 96)).toEqual([]); // 96 = 3 · 32: m = 96/(b·d) is a multiple of 3 where b·d divides 32
  });
  it.each([
    { name: 'virtual stages 2 (zb-v and DualPipeV hold two chunks a rank)', p: { pp: 3, virtualStages: 2 } },
    { name: 'pp free', p: { virtualStages: 4 } },
    { name: 'the 1f1b schedule', p: { pp: 3, schedule: '1f1b' as const } },
  ])('$name: not refused', ({ p }) => expect(on6(p, 64)).toEqual([]));
  it('a whole layout whose micro-batches are no whole number is no multiple of pp either (batch-divisible reported first)', () => {
    const rules = checkLayout(gpt3, 6, 64, layout({ tp: 1, pp: 3, dp: 2, microBatch: 3, virtualStages: 4, schedule: 'interleaved' })).map((i) => i.rule);
    expect(rules.indexOf('batch-divisible')).toBeGreaterThanOrEqual(0);
    expect(rules.indexOf('interleaved-microbatches')).toBeGreaterThan(rules.indexOf('batch-divisible'));
  });
});

// Hostile sweep 27: a stack that cannot shard in groups (its shard group is all of dp·cp) judged shard_group only once dp and
// cp were both fixed: 'plan --stack hai-llm --shard-group 2 --dp 4' (cp free) was searched and answered "no layout fits ...
// relax the fixed parallelism fields" (exit 1), naming no rule. The refused rows fail on the old code (no partialOk); the
// controls, a shard group some completion makes dp·cp, are refused by none.
describe('stack-shard-group before dp and cp are both fixed', () => {
  const on16 = (p: Partial<Layout>, stack: StackId = 'hai-llm') => fixedFieldIssues(gpt3, 16, 64, p, { stack: STACKS[stack] }).filter((i) => i.rule === 'stack-shard-group').map((i) => [i.field, i.message]);
  const REFUSED = (what: string) => [['shardGroup', `stack hai-llm cannot shard in groups (shard_group = ${what}): its shard group is all of dp·cp`]];
  it.each([
    { name: 'dp fixed, the group smaller', p: { shardGroup: 2, dp: 4 }, want: REFUSED('2, dp = 4') },
    { name: 'dp fixed, the group no multiple of it', p: { shardGroup: 6, dp: 4 }, want: REFUSED('6, dp = 4') },
    { name: 'cp fixed, the group smaller', p: { shardGroup: 1, cp: 2 }, want: REFUSED('1, cp = 2') },
    { name: 'tp and pp fixed: dp·cp is the GPUs over tp·pp', p: { shardGroup: 1, tp: 2, pp: 2 }, want: REFUSED('1, dp·cp = 4') },
  ])('$name: refused', ({ p, want }) => expect(on16(p)).toEqual(want));
  it.each([
    { name: 'dp fixed, the group a multiple of it (cp makes up the rest)', p: { shardGroup: 8, dp: 4 } },
    { name: 'dp and cp free', p: { shardGroup: 2 } },
    { name: 'tp and pp fixed, the group dp·cp', p: { shardGroup: 4, tp: 2, pp: 2 } },
  ])('$name: not refused', ({ p }) => expect(on16(p)).toEqual([]));
  it('a stack that shards in groups is refused none of them', () => expect(on16({ shardGroup: 2, dp: 4 }, 'torchtitan')).toEqual([]));
  // The hint began with hai-llm's bare source, "not described; leave --shard-group out ...": by whom, now.
  it('its hint says where the stack is described', () => {
    const hint = fixedFieldIssues(gpt3, 16, 64, { shardGroup: 2, dp: 4 }, { stack: STACKS['hai-llm'] }).find((i) => i.rule === 'stack-shard-group')?.hint;
    expect(hint).toBe('not described by DeepSeek-V3 (arXiv:2412.19437 §3.2), the one account of its stack: ZeRO-1 over all its data-parallel ranks; leave shard_group out, or set training.stack to another stack');
  });
});
