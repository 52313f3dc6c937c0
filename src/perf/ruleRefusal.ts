/**
 * Why a search with fields fixed found no layout where the layout rules refused every one (none reached the memory
 * check): the rules by what they refused, the stack where its rules are the cause, and what to change, in the words of
 * the rule that refused the most (its message and hint at one layout it refuses). Asked after the search, from its
 * counts (plan.ts PlanResult.skipped): the planner's loop is not touched. `plan --stack deepspeed --cp 16` on Llama 3 8B
 * (DeepSpeed-Ulysses, a2a: cp must divide a tp rank's 8 key/value heads) ended "no layout fits with cp=16, relax the
 * fixed parallelism fields", the rule named only in the skipped line (sweep 32).
 */
import { checkOptions, type RunContext } from './evaluate.js';
import { withDefaults, type Layout, type LayoutField } from './layout.js';
import { ruleContext, type LayoutCheckOptions } from './layoutCheck.js';
import { fixedFieldsText } from './layoutFields.js';
import { LAYOUT_RULES } from './layoutRules.js';
import type { LayoutRule, RuleContext } from './layoutRuleTypes.js';
import { plan, type PartialLayout, type PlanResult } from './plan.js';
import { divisors } from './divisors.js';
import { otherStack } from './stackRules.js';
import { int, plural } from '../report/format.js';
import type { PipelineSchedule } from './schedules.js';
import type { StackId } from './stack.js';

/** What to change where the fields fixed leave no layout and no one rule is to blame: the one wording (plan, run). */
export const RELAX_FIXED_HINT = 'relax the fixed parallelism fields';

export interface RuleRefusal {
  message: string;
  hint: string;
  /** The run's stack where its rules are the cause (the layout the message names passes the rule without it); else null. */
  stack: StackId | null;
}

/**
 * The refusal of every layout with `fixed` by the rules, or null where the search evaluated one, fixed nothing, or skipped
 * no layout by a rule. `checks`: the search's rule options; `stackless`: the run without its stack (its own cp_comm_type
 * and the rest, the stack's defaults left out). The stack is the cause where the search without it evaluates a layout
 * (asked only here, after a search that found none); then the rule that refused the most among those the stack makes
 * refuse a layout is told at one such layout, with its hint and another stack. Otherwise the rules are named, and the
 * fixed fields are what to relax (a rule's own hint can mislead there: 1,000 GPUs with tp 2 break several at once).
 */
export function ruleRefusal(ctx: RunContext, r: PlanResult, fixed: PartialLayout, checks: LayoutCheckOptions, stackless: () => RunContext): RuleRefusal | null {
  if (r.best.length || r.evaluated > 0 || Object.keys(fixed).length === 0) return null;
  const reasons = Object.entries(r.skipped).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  if (!reasons.length) return null;
  const refused = `no layout fits with ${fixedFieldsText(fixed)}`;
  const counts = reasons.map(([k, n]) => `${k} (${plural(int(n), 'layout')})`).join('; ');
  const relax = { message: `${refused}: the layout rules refuse every one: ${counts}`, hint: RELAX_FIXED_HINT, stack: null };
  const rc = ruleContext(ctx.arch, ctx.gpuCount, ctx.globalBatchSequences, checks);
  if (!rc.stack) return relax;
  const bare = stackless();
  const bareChecks = { ...checkOptions(bare), fieldName: rc.name };
  if (plan(bare, fixed, { top: 1, checks: bareChecks }).evaluated === 0) return relax;
  const rcBare = ruleContext(ctx.arch, ctx.gpuCount, ctx.globalBatchSequences, bareChecks);
  const found = reasons.flatMap(([summary]) => LAYOUT_RULES.filter((rule) => rule.summary === summary))
    .map((rule) => ({ rule, at: refusedBy(rule, fixed, rc, r, (l) => rule.ok(l, rcBare)) }))
    .find((x): x is { rule: LayoutRule; at: Layout } => x.at !== null);
  const stack = rc.stack.id;
  if (!found) return { message: `${refused} under stack ${stack}: the layout rules refuse every one: ${counts}`, hint: `${RELAX_FIXED_HINT}, or ${otherStack(rc)}`, stack };
  const { rule, at } = found;
  return {
    message: `${refused} under stack ${stack}: the layout rules refuse every one: ${counts}; e.g. ${rule.message(at, rc)}`,
    hint: `${rule.hint(at, rc)}, or ${otherStack(rc)}`,
    stack,
  };
}

/** A completion of `fixed` that `rule` refuses and `also` accepts, its own free fields drawn from the search's candidates (the rest 1, none or 1F1B), or null. */
function refusedBy(rule: LayoutRule, fixed: PartialLayout, rc: RuleContext, r: PlanResult, also: (l: Layout) => boolean): Layout | null {
  const free = rule.fields.filter((f) => fixed[f] === undefined && f !== 'dp' && f !== 'virtualStages' && candidatesOf(f, rc.gpuCount, r).length > 0);
  const options = free.map((f) => candidatesOf(f, rc.gpuCount, r));
  const pick = (choice: readonly number[]): Layout | null => {
    const p: PartialLayout = { ...fixed };
    free.forEach((f, i) => Object.assign(p, valueOf(f, options[i]![choice[i]!]!)));
    const tp = p.tp ?? 1;
    const pp = p.pp ?? 1;
    const cp = p.cp ?? 1;
    if (rc.gpuCount % (tp * pp * cp) !== 0) return null;
    const dp = p.dp ?? rc.gpuCount / (tp * pp * cp);
    const l = withDefaults(rc.arch, {
      ...p, tp, pp, dp, cp, ep: p.ep ?? 1, microBatch: p.microBatch ?? 1, schedule: p.schedule ?? '1f1b',
      virtualStages: p.virtualStages ?? 1, zeroStage: p.zeroStage ?? 0, sequenceParallel: p.sequenceParallel ?? false, recompute: p.recompute ?? 'none',
    });
    return l !== null && !rule.ok(l, rc) && also(l) ? l : null;
  };
  // Every combination of the free fields' candidates, in the search's order (a rule reads at most a few fields).
  const choice = free.map(() => 0);
  for (;;) {
    const l = pick(choice);
    if (l) return l;
    let i = free.length - 1;
    while (i >= 0 && ++choice[i]! >= options[i]!.length) choice[i--] = 0;
    if (i < 0) return null;
  }
}

/** The values the search tried for a field (plan.ts PlanResult.candidates; pp and the shard group: the GPU count's divisors). */
function candidatesOf(f: LayoutField, gpuCount: number, r: PlanResult): readonly (number | string | boolean)[] {
  if (f === 'pp' || f === 'shardGroup') return divisors(gpuCount);
  return r.candidates[f] ?? [];
}

/** A candidate as layout fields: a schedule candidate `interleaved:v2` is the schedule and its virtual stages. */
function valueOf(f: LayoutField, v: number | string | boolean): PartialLayout {
  if (f !== 'schedule') return { [f]: v };
  const [schedule, vp] = String(v).split(':v');
  return { schedule: schedule as PipelineSchedule, virtualStages: vp === undefined ? 1 : Number(vp) };
}
