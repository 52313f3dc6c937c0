/**
 * Which option to recommend, and why. Pure.
 *
 *   1. the cheapest option that meets the deadline and the budget (ties within a relative 1e-9,
 *      src/estimate/compare.ts: the faster, and the recommendation says how many tied);
 *   2. if none meets both but some are within budget: the fastest within budget;
 *   3. if none is within budget: say so, and show the closest one, the option whose worse
 *      overshoot (time / deadline or cost / budget) is smallest.
 * An option without a deadline (or budget) meets it.
 */
import { compareNear, nearlyEqual, RELATIVE_TIE, sameMoney } from '../../estimate/compare.js';
import { obligatedUsd, type RunResult } from '../../estimate/run.js';
import { count, pct, throughputScaleText, usd, int } from '../format.js';
import { durationAdjective, durationNoun } from '../duration.js';
import type { ReportOption } from './model.js';
import { costFacts } from './money.js';
import { unseenHeadline } from '../../perf/accuracy.js';
import { kindRecordText } from '../../perf/kindRecord.js';

export type RecommendationStatus = 'meets-all' | 'within-budget-late' | 'none' | 'empty';

export interface Recommendation {
  status: RecommendationStatus;
  /** Index into the results; -1 when there are none. */
  index: number;
  /** How many options met both constraints. */
  meetingAll: number;
  /** Other options that cost the same (within a relative 1e-9) as the recommended one: none faster, some maybe as fast. */
  tiedOnCost: number;
  /** Those of them that take as long too (within a relative 1e-9): the recommended one is then only listed first. */
  tiedOnTime: number;
  /** How far the closest option misses, as ratios (1.25 = 25% over); only for status 'none'. */
  overshoot?: { time: number | null; cost: number | null };
}

const meetsDeadline = (r: RunResult) => r.meetsDeadline !== false;
const meetsBudget = (r: RunResult) => r.meetsBudget !== false;

function best(results: readonly RunResult[], pool: number[], key: (r: RunResult) => number, tie: (r: RunResult) => number): number {
  return [...pool].sort((a, b) => compareNear(key(results[a]!), key(results[b]!)) || compareNear(tie(results[a]!), tie(results[b]!)) || a - b)[0]!;
}

/** Worse of the two overshoot ratios; constraints not given count as met. */
function overshoot(r: RunResult): { time: number | null; cost: number | null; worst: number } {
  const c = r.inputs.constraints ?? {};
  const time = c.deadlineSeconds ? r.wallClockSeconds / c.deadlineSeconds : null;
  const cost = c.budgetUsd ? obligatedUsd(r) / c.budgetUsd : null;
  return { time, cost, worst: Math.max(time ?? 0, cost ?? 0) };
}

export function recommend(results: readonly RunResult[]): Recommendation {
  if (!results.length) return { status: 'empty', index: -1, meetingAll: 0, tiedOnCost: 0, tiedOnTime: 0 };
  const all = results.map((_, i) => i);
  const cost = obligatedUsd;
  const time = (r: RunResult) => r.wallClockSeconds;
  const ok = all.filter((i) => meetsDeadline(results[i]!) && meetsBudget(results[i]!));
  if (ok.length) {
    const index = best(results, ok, cost, time);
    const tied = ok.filter((i) => i !== index && nearlyEqual(cost(results[i]!), cost(results[index]!)));
    const tiedOnTime = tied.filter((i) => nearlyEqual(time(results[i]!), time(results[index]!))).length;
    return { status: 'meets-all', index, meetingAll: ok.length, tiedOnCost: tied.length, tiedOnTime };
  }
  const affordable = all.filter((i) => meetsBudget(results[i]!));
  if (affordable.length) return { status: 'within-budget-late', index: best(results, affordable, time, cost), meetingAll: 0, tiedOnCost: 0, tiedOnTime: 0 };
  const index = best(results, all, (r) => overshoot(r).worst, cost);
  const o = overshoot(results[index]!);
  return { status: 'none', index, meetingAll: 0, tiedOnCost: 0, tiedOnTime: 0, overshoot: { time: o.time, cost: o.cost } };
}

function constraintText(deadlines: number[], budgets: number[]): string {
  const d = deadlines.length === 1 ? `the ${durationAdjective(deadlines[0]!)} deadline` : deadlines.length ? 'its deadline' : '';
  const b = budgets.length === 1 ? `the ${usd(budgets[0]!)} budget` : budgets.length ? 'its budget' : '';
  return [d, b].filter(Boolean).join(' and ');
}

/**
 * How far to trust the recommended option's time and cost, where its MFU is predicted: the record of the
 * model on its kind of run (src/perf/kindRecord.ts), beside the figures. It was printed only among the
 * assumptions at the end, so a summary could recommend an MI300X option on a prediction the model has
 * made +39% too fast on AMD runs (median of 34) without a word where the recommendation is read.
 */
function predictionFacts(r: RunResult): string[] {
  const t = r.inputs.throughput;
  if (t.kind !== 'predicted') return [];
  const record = t.record ? `; on its kind of run, ${kindRecordText(t.record, [r.inputs.hardware.id])}` : '';
  const scaled = throughputScaleText(t, ' (', ')'); // the model's MFU times the user's cluster.throughput_scale, where given
  return [`Its MFU of ${pct(t.mfu)} is predicted by the performance model${scaled}, not measured (on published runs it had not seen, ${unseenHeadline()})${record}.`];
}

/**
 * Why this one of options that cost the same: the fastest of them, or, where some take as long, listed first. Three
 * identical options were told 'this one is the fastest of them', of options as fast.
 */
function tieText(tiedOnCost: number, tiedOnTime: number): string {
  const others = `${tiedOnCost} other option${tiedOnCost === 1 ? ' costs' : 's cost'} the same`;
  if (tiedOnTime === tiedOnCost) return `${others} and take${tiedOnCost === 1 ? 's' : ''} as long (within a relative ${RELATIVE_TIE}); this one is listed first, so it is recommended.`;
  const asFast = tiedOnTime ? ` (${tiedOnTime} as fast, listed after it)` : '';
  return `${others} (within a relative ${RELATIVE_TIE}); this one is the fastest of them${asFast}, so it is recommended.`;
}

/**
 * Where the recommended option's range (src/estimate/ranges.ts, the report's ranges table: a predicted MFU ranged by
 * its kind's record, or ranges the user gave) crosses the deadline or the budget at its unfavourable end, the headline
 * says so and names the cheapest option (on expected cost, as the pick itself) whose unfavourable end stays inside both,
 * or says none does. The pick stays the expected figures' own (run marks the same option; a range is 8 in 10 of
 * published runs, not a worst case), but a budget owner signs the headline: 2,048 MI300X, 88.5 days against 90,
 * reached 171.8 at the high end of the AMD kind's range, and the headline did not say so (newuser35 B3).
 * An option without a range is its own high end.
 */
export function rangeCaveat(o: ReportOption, all: readonly ReportOption[]): string {
  const high = (x: ReportOption) => x.range?.pessimistic ?? x.result;
  const inside = (x: ReportOption) => meetsDeadline(high(x)) && meetsBudget(high(x));
  if (!o.range || inside(o)) return '';
  const h = high(o);
  const crossed = [!meetsDeadline(h) ? 'past the deadline' : '', !meetsBudget(h) ? 'over the budget' : ''].filter(Boolean).join(' and ');
  const said = `At the high end of its range it takes ${durationNoun(h.wallClockSeconds)} and costs ${usd(h.cost.totalUsd)}, ${crossed}`;
  const safe = all.map((x, i) => ({ x, i })).filter(({ x }) => x !== o && x.comparison === o.comparison && inside(x));
  // The constraints the scenario sets, not both always: one with a deadline alone was told "within the deadline and the budget" (review35b).
  const set = [o.result.meetsDeadline !== null ? 'the deadline' : '', o.result.meetsBudget !== null ? 'the budget' : ''].filter(Boolean);
  if (!safe.length) return `${said}; no option's range stays within ${set.join(' and ')}.`;
  const pick = safe[best(safe.map(({ x }) => x.result), safe.map((_, k) => k), obligatedUsd, (r) => r.wallClockSeconds)]!.x;
  const ph = high(pick);
  return `${said}; the cheapest option whose range stays within ${set.length > 1 ? 'them' : 'it'} is ${pick.label} (expected ${usd(pick.result.cost.totalUsd)}; at most ${durationNoun(ph.wallClockSeconds)} and ${usd(ph.cost.totalUsd)}).`;
}

/** The recommendation in words: a headline and the facts behind it. */
/** `unrun`: how many options could not run (listed among the warnings); the recommendation is among those that could. */
export function explainRecommendation(rec: Recommendation, o: ReportOption | null, all: readonly ReportOption[], deadlines: number[], budgets: number[], unrun = 0): { headline: string; details: string[] } {
  if (!o) return { headline: 'There are no options to compare.', details: [] };
  const r = o.result;
  const c = constraintText(deadlines, budgets);
  const facts = [
    `Wall-clock ${durationNoun(r.wallClockSeconds)} on ${int(r.inputs.gpuCount)} × ${r.inputs.hardware.id}, ${count(r.gpuHours)} GPU-hours, ${usd(r.cost.totalUsd)} in total.`,
    ...predictionFacts(r),
  ];
  switch (rec.status) {
    case 'meets-all': {
      const ran = unrun ? ` that could run (${unrun} could not: see the warnings)` : '';
      // One option meeting them is the only one (of N), not 'the cheapest of the 1 option (of 3) that meets', which read as
      // a ranking of one (lead trial 23).
      const of = all.length === 1 ? `the only option${ran}` : c
        ? rec.meetingAll === 1
          ? `the only option (of ${all.length}${unrun ? ' that could run' : ''}) that meets ${c}`
          : `the cheapest of the ${rec.meetingAll} options (of ${all.length}${unrun ? ' that could run' : ''}) that meet ${c}`
        : `the cheapest of ${all.length} options${ran} (no deadline or budget was given)`;
      const details = [...facts, ...costFacts(r)];
      if (rec.tiedOnCost) details.push(tieText(rec.tiedOnCost, rec.tiedOnTime));
      if (r.meetsDeadline && r.inputs.constraints?.deadlineSeconds) details.push(`It finishes ${durationNoun(r.inputs.constraints.deadlineSeconds - r.wallClockSeconds)} before the deadline.`);
      // A cost equal to the budget (within compareNear's tolerance, as meetsBudget reads it) leaves nothing: 'It leaves $0'.
      if (r.meetsBudget && r.inputs.constraints?.budgetUsd) {
        const budget = r.inputs.constraints.budgetUsd;
        details.push(sameMoney(obligatedUsd(r), budget) ? 'It spends the whole budget.' : `It leaves ${usd(budget - obligatedUsd(r))} of the budget unspent.`);
      }
      const caveat = rangeCaveat(o, all);
      return { headline: `Recommended: ${o.label}, ${of}.${caveat ? ` ${caveat}` : ''}`, details };
    }
    case 'within-budget-late': {
      const late = r.inputs.constraints?.deadlineSeconds ? r.wallClockSeconds - r.inputs.constraints.deadlineSeconds : 0;
      return {
        headline: `No option meets ${c || 'the constraints'}. The fastest option${budgets.length ? ' within budget' : ''} is ${o.label}.`,
        details: [...facts, late > 0 ? `It finishes ${durationNoun(late)} after the deadline.` : 'It misses the deadline.', 'Add GPUs, choose a faster GPU or plan for higher utilisation to meet the deadline.'],
      };
    }
    case 'none': {
      const over = rec.overshoot ?? overshoot(r);
      const misses = [
        over.cost !== null && over.cost > 1 ? `${pct(over.cost - 1, 0)} over budget` : '',
        over.time !== null && over.time > 1 ? `${pct(over.time - 1, 0)} past the deadline` : '',
      ].filter(Boolean).join(' and ');
      return {
        headline: `No option meets ${c || 'the constraints'}: every option is over budget. The closest is ${o.label}${misses ? `, ${misses}` : ''}.`,
        details: [...facts, 'Raise the budget, find a lower price per GPU-hour, or train on fewer tokens.'],
      };
    }
    case 'empty':
      return { headline: 'There are no options to compare.', details: [] };
  }
}
