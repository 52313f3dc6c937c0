/**
 * What a user's fixed fields make impossible whatever the planner picks for the rest (fixedFieldIssues), and
 * where an issue of a pipeline layout is as much about the pp or the schedule fixed beside it: the other field to tell
 * it at, with a hint in that field's terms (layoutCheck.ts throwFirst tells it there where only that field was given over a file's).
 */
import type { Architecture } from '../model/architecture.js';
import { divisors } from './divisors.js';
import { layoutImplied, scheduleChunks, takesLayout, type Layout } from './layout.js';
import { ruleContext, toIssue, type LayoutCheckOptions, type LayoutIssue, type IssueAlso } from './layoutCheck.js';
import { snakeCase } from './layoutFields.js';
import { brokenByFixed } from './layoutRules.js';
import type { RuleContext } from './layoutRuleTypes.js';
import { layoutChunks } from './pipelineLayout.js';
import { plural } from '../report/format.js';

/**
 * Every reason the fixed fields are impossible: tp 5 on 96 heads, pp not dividing the GPUs, a micro-batch not dividing
 * the batch. The planner would skip every candidate and say only "no layout"; this names the field and the rule instead.
 * An issue at a pipeline layout that another pp, or the schedule the layout implies, resolves carries that field in
 * `also` (`plan FILE --pp 1` on a file's 16 chunks: --pp is the cause, not the file's line).
 */
export function fixedFieldIssues(arch: Architecture, gpuCount: number, globalBatchSequences: number, fixed: Partial<Layout>, options: LayoutCheckOptions = {}): LayoutIssue[] {
  const c = ruleContext(arch, gpuCount, globalBatchSequences, options);
  const issues = issuesOf(fixed, c);
  if (!issues.some((i) => i.field === 'pipelineLayout')) return issues;
  const also = alternatives(fixed, c);
  return also.length ? issues.map((i) => (i.field === 'pipelineLayout' ? { ...i, also } : i)) : issues;
}

/** What the pipeline layout implies with pp on its own, the schedule given left out (layout.ts layoutImplied): the virtual stages and the schedule it runs on. */
const ownImplied = (fixed: Partial<Layout>, c: RuleContext) => layoutImplied(c.arch, { ...fixed, schedule: undefined });

function issuesOf(fixed: Partial<Layout>, c: RuleContext): LayoutIssue[] {
  // What a pipeline layout fixes with pp is fixed too, and a rule it breaks is the layout's ('E|t*61L' at pp 1 is two
  // virtual stages, which no pp-1 run has: it was left to the search, whose answer was only "no layout fits").
  const implied = layoutImplied(c.arch, fixed);
  const fromLayout = (Object.keys(implied) as (keyof typeof implied)[]).filter((f) => fixed[f] === undefined);
  const issues = brokenByFixed({ ...fixed, ...implied }, c);
  const byLayout = issues.filter((i) => fromLayout.includes(i.field as 'virtualStages' | 'schedule'));
  if (!byLayout.length) return issues.map(toIssue);
  const pp = fixed.pp!;
  const fixes = fromLayout.map((f) => `${snakeCase(f)} ${implied[f]}`).join(' and ');
  // What the layout must be instead. Megatron-Core's vp = chunks / pp (pipeline_parallel_layer_layout.py __init__): at
  // pp 1 one chunk; beside a schedule that runs one virtual stage a rank (1F1B, DualPipe: layoutRules.ts
  // virtual-stages-schedule) exactly pp chunks; else what the rule broken asks. "A multiple of pp chunks" was said for
  // all, also of 16 chunks on pp 4 with --schedule 1f1b, which are one.
  const ownSchedule = ownImplied(fixed, c).schedule;
  const instead = pp === 1 ? `: write one chunk (no |) for pp 1, or change ${c.name('pp')}`
    // Or the schedule the layout implies without it: interleaved, or 1F1B for zb-v's V given pp chunks (one a rank, which
    // "use the interleaved schedule" was told).
    : fixed.schedule !== undefined && !takesLayout(fixed.schedule) ? `: schedule ${fixed.schedule} takes no pipeline layout: drop it, or use the ${ownSchedule} schedule`
    : fixed.schedule !== undefined && fixed.schedule !== 'interleaved' ? `: with schedule ${fixed.schedule} (${scheduleChunks(fixed.schedule) === 2 ? 'two chunks' : 'one virtual stage'} a rank) write exactly ${scheduleChunks(fixed.schedule)! * pp} chunks for pp ${pp}, or use the ${ownSchedule} schedule`
    : `, here ${fixes}: ${byLayout[0]!.hint}`;
  const layoutIssue: LayoutIssue = {
    field: 'pipelineLayout',
    message: `the pipeline_layout's ${layoutChunks(c.arch, fixed.pipelineLayout!)} chunks on pp = ${pp} are ${fixes}: ${byLayout.map((i) => i.message).join('; ')}`,
    hint: `a layout's chunks (split by |) are pp × virtual stages${instead}`,
    rule: byLayout[0]!.rule.id,
  };
  // In the place of the first such rule: the rules' order decides which issue is reported first (throwFirst).
  return issues.flatMap((i) => (i === byLayout[0] ? [layoutIssue] : byLayout.includes(i) ? [] : [toIssue(i)]));
}

/**
 * The schedule or pp fixed beside a pipeline layout whose change resolves every issue at the layout: the schedule the
 * layout implies in place of the one fixed, or the pp that divide its chunks where no rule refuses the layout (asked of
 * the rules, not restated).
 */
function alternatives(fixed: Partial<Layout>, c: RuleContext): IssueAlso[] {
  const chunks = fixed.pipelineLayout === undefined ? null : layoutChunks(c.arch, fixed.pipelineLayout);
  if (chunks === null || fixed.pp === undefined) return [];
  // A change fits when it breaks no rule that the fields without pp and layout do not break already: a pp that divides
  // the chunks but not the GPUs (--pp 1 --count 72 was offered 16) is no way out.
  const unrelated = new Set(issuesOf({ ...fixed, pp: undefined, pipelineLayout: undefined }, c).map((i) => `${i.field} ${i.message}`));
  const fits = (p: Partial<Layout>) => issuesOf(p, c).every((i) => unrelated.has(`${i.field} ${i.message}`));
  const out: IssueAlso[] = [];
  const own = ownImplied(fixed, c);
  if (fixed.schedule !== undefined && own.schedule !== undefined && fits({ ...fixed, schedule: undefined })) {
    const { virtualStages: v, schedule } = own;
    out.push({ field: 'schedule', hint: `on pp ${fixed.pp} the ${chunks} chunks of ${c.name('pipelineLayout')} are ${plural(v, 'virtual stage')}, run on the ${schedule} schedule: give ${c.name('schedule')} ${schedule}, or leave it out (it follows from the layout)` });
  }
  const pps = divisors(chunks).filter((pp) => pp !== fixed.pp && fits({ ...fixed, pp }));
  if (pps.length) {
    out.push({ field: 'pp', hint: `the ${chunks} chunks of ${c.name('pipelineLayout')} are pp × virtual stages: give ${c.name('pp')} ${pps.length === 1 ? pps[0] : `one of ${pps.join(', ')}`}` });
  }
  return out;
}
