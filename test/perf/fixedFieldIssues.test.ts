/**
 * src/perf/fixedFieldIssues.ts: the hint at a pipeline layout that its implied virtual stages break, and the pp or
 * schedule fixed beside it that resolves the issue (`also`), which throwFirst tells the issue at where only that field
 * was given over a file's. GPT-3 175B (96 layers) on 1024 GPUs, a batch of 1536; `Et*12|(t*12|)*6t*12L` is 8 chunks.
 */
import { describe, expect, it } from 'vitest';
import { fixedFieldIssues } from '../../src/perf/fixedFieldIssues.js';
import { type LayoutField } from '../../src/perf/layout.js';
import { throwFirst } from '../../src/perf/layoutCheck.js';
import { scenarioKey, type HintField } from '../../src/perf/layoutFields.js';
import { flagOf } from '../../src/cli/commands/plan.js';
import { hintOption } from '../../src/library/planBlame.js';
import { InputError } from '../../src/input/errors.js';
import { gpt3 } from './helpers.js';

const EIGHT = 'Et*12|(t*12|)*6t*12L';

// Review B2: 8 chunks on pp 4 beside schedule 1f1b were told "write a multiple of 4 chunks for pp 4": they are one.
// 1F1B runs one virtual stage a rank (virtualStageRules.ts virtual-stages-schedule), so exactly pp chunks. Fails on the old code.
describe('the hint at the layout', () => {
  it.each([
    { name: 'pp 4, schedule 1f1b', fixed: { pp: 4, schedule: '1f1b' as const }, hint: "a layout's chunks (split by |) are pp × virtual stages: with schedule 1f1b (one virtual stage a rank) write exactly 4 chunks for pp 4, or use the interleaved schedule" },
    { name: 'pp 1 (unchanged)', fixed: { pp: 1 }, hint: "a layout's chunks (split by |) are pp × virtual stages: write one chunk (no |) for pp 1, or change pp" },
    // Hostile sweep 18: zb-v beside 8 chunks on pp 8, one a rank, was told "or use the interleaved schedule"; the layout
    // implies 1F1B there (layout.ts layoutImplied), as `also` said. Fails on the old code (the first row is unchanged).
    { name: 'pp 4, schedule zb-v (16 chunks: 4 a rank)', fixed: { pp: 4, schedule: 'zb-v' as const }, layout: 'Et*6|(t*6|)*14t*6L', hint: "a layout's chunks (split by |) are pp × virtual stages: with schedule zb-v (two chunks a rank) write exactly 8 chunks for pp 4, or use the interleaved schedule" },
    { name: 'pp 8, schedule zb-v (8 chunks: one a rank)', fixed: { pp: 8, schedule: 'zb-v' as const }, hint: "a layout's chunks (split by |) are pp × virtual stages: with schedule zb-v (two chunks a rank) write exactly 16 chunks for pp 8, or use the 1f1b schedule" },
  ])('$name', ({ fixed, layout, hint }) => {
    const issues = fixedFieldIssues(gpt3, 1024, 1536, { ...fixed, pipelineLayout: layout ?? EIGHT });
    expect([issues[0]!.field, issues[0]!.hint]).toEqual(['pipelineLayout', hint]);
  });
  // The pp it asks for named in the caller's terms (RuleContext.name): run's key, plan's option, the library's key. It
  // was `give another pp` in all three; fails on the old code (the plan column).
  it('pp 1: another pp, as each caller names it', () => {
    const hintOf = (fieldName?: (f: HintField) => string) => fixedFieldIssues(gpt3, 1024, 1536, { pp: 1, pipelineLayout: EIGHT }, fieldName ? { fieldName } : {})[0]!.hint;
    expect([hintOf(), hintOf((f) => hintOption(flagOf, f)), hintOf((f) => hintOption((k) => k, f))]).toEqual(['pp', '--pp', 'pp']
      .map((x) => `a layout's chunks (split by |) are pp × virtual stages: write one chunk (no |) for pp 1, or change ${x}`));
  });
});

// Review B1/B2: the same issue as much about the pp or the schedule fixed beside the layout. By hand: 8 chunks on pp d
// for d | 8 with d > 1 (2, 4, 8); with 1F1B only pp 8 (one virtual stage); on pp 4 they are 2 virtual stages, interleaved.
// Fails on the old code (no `also`; throwFirst told it at the layout whatever was given).
describe('the fields an issue at the layout is also about', () => {
  const key = (f: LayoutField) => (f === 'pipelineLayout' ? scenarioKey(f) : `--${f}`);
  // How the hints name the fields (RuleContext.name): the file's layout with its place, the options given as plan FILE's
  // library/planBlame.ts fieldNames does. The layout was the bare key `cluster.parallelism.pipeline_layout` here and
  // `the scenario's pipeline_layout (f.yaml:7:24)` at --model's and --mtp-layers' blame (second review): one way now.
  const LAYOUT = "the scenario's pipeline_layout (f.yaml:7:24)";
  const fieldName = (f: HintField) => (f === 'pipelineLayout' ? LAYOUT : `--${f}`);
  it.each([
    { name: 'pp 1, --pp given', fixed: { pp: 1 }, given: ['pp'], also: ['pp'], keyPath: '--pp', hint: `the 8 chunks of ${LAYOUT} are pp × virtual stages: give --pp one of 2, 4, 8` },
    { name: 'pp 16 (not dividing 8), --pp given', fixed: { pp: 16 }, given: ['pp'], also: ['pp'], keyPath: '--pp', hint: `the 8 chunks of ${LAYOUT} are pp × virtual stages: give --pp one of 2, 4, 8` },
    { name: 'pp 4 with 1f1b, --schedule given', fixed: { pp: 4, schedule: '1f1b' as const }, given: ['schedule'], also: ['schedule', 'pp'], keyPath: '--schedule', hint: `on pp 4 the 8 chunks of ${LAYOUT} are 2 virtual stages, run on the interleaved schedule: give --schedule interleaved, or leave it out (it follows from the layout)` },
    { name: 'pp 4 with 1f1b, --pp given', fixed: { pp: 4, schedule: '1f1b' as const }, given: ['pp'], also: ['schedule', 'pp'], keyPath: '--pp', hint: `the 8 chunks of ${LAYOUT} are pp × virtual stages: give --pp 8` },
    { name: 'pp 1, the layout given too: at the layout', fixed: { pp: 1 }, given: ['pp', 'pipelineLayout'], also: ['pp'], keyPath: 'cluster.parallelism.pipeline_layout', hint: "a layout's chunks (split by |) are pp × virtual stages: write one chunk (no |) for pp 1, or change --pp" },
  ])('$name', ({ fixed, given, also, keyPath, hint }) => {
    const issues = fixedFieldIssues(gpt3, 1024, 1536, { ...fixed, pipelineLayout: EIGHT }, { fieldName });
    expect(issues[0]!.also?.map((a) => a.field)).toEqual(also);
    let e: InputError | undefined;
    try { throwFirst(issues, key, (f) => given.includes(f)); } catch (err) { e = err as InputError; }
    expect([e?.details.keyPath, e?.details.hint]).toEqual([keyPath, hint]);
  });

  // Second review: a pp that divides the chunks but breaks another rule was offered (8 chunks on 36 GPUs: pp 8 does
  // not divide 36, 1024 did). By hand: of 2, 4, 8 only 2 and 4 divide 36; at tp 8 on 96 GPUs, 96 / 8 = 12: 2 and 4.
  it.each([
    { count: 36, fixed: { pp: 1 }, hint: 'give --pp one of 2, 4' },
    { count: 96, fixed: { pp: 1, tp: 8 }, hint: 'give --pp one of 2, 4' },
  ])('on $count GPUs with $fixed: only the pp that break no other rule', ({ count, fixed, hint }) => {
    const issues = fixedFieldIssues(gpt3, count, 1536, { ...fixed, pipelineLayout: EIGHT }, { fieldName });
    let e: InputError | undefined;
    try { throwFirst(issues, key, (f) => f === 'pp'); } catch (err) { e = err as InputError; }
    expect(e?.details.hint).toMatch(new RegExp(`${hint.replace(/[()]/g, '\\$&')}$`));
  });

  it('a layout that does not fit the model: no pp or schedule resolves it, none named', () => {
    const issues = fixedFieldIssues(gpt3, 1024, 1536, { pp: 4, pipelineLayout: 'Et*12|(t*12|)*6t*11L' });
    expect([issues[0]!.field, issues[0]!.also]).toEqual(['pipelineLayout', undefined]);
  });
});
