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
import { compareNear, nearlyEqual } from '../../estimate/compare.js';
import type { RunResult } from '../../estimate/run.js';

export type RecommendationStatus = 'meets-all' | 'within-budget-late' | 'none' | 'empty';

export interface Recommendation {
  status: RecommendationStatus;
  /** Index into the results; -1 when there are none. */
  index: number;
  /** How many options met both constraints. */
  meetingAll: number;
  /** Other options that cost the same (within a relative 1e-9) as the recommended one but are slower. */
  tiedOnCost: number;
  /** How far the closest option misses, as ratios (1.25 = 25% over); only for status 'none'. */
  overshoot?: { time: number | null; cost: number | null };
}

const meetsDeadline = (r: RunResult) => r.meetsDeadline !== false;
const meetsBudget = (r: RunResult) => r.meetsBudget !== false;

function best(results: readonly RunResult[], pool: number[], key: (r: RunResult) => number, tie: (r: RunResult) => number): number {
  return [...pool].sort((a, b) => compareNear(key(results[a]!), key(results[b]!)) || compareNear(tie(results[a]!), tie(results[b]!)) || a - b)[0]!;
}

/** Worse of the two overshoot ratios; constraints not given count as met. */
export function overshoot(r: RunResult): { time: number | null; cost: number | null; worst: number } {
  const c = r.inputs.constraints ?? {};
  const time = c.deadlineSeconds ? r.wallClockSeconds / c.deadlineSeconds : null;
  const cost = c.budgetUsd ? r.cost.totalUsd / c.budgetUsd : null;
  return { time, cost, worst: Math.max(time ?? 0, cost ?? 0) };
}

export function recommend(results: readonly RunResult[]): Recommendation {
  if (!results.length) return { status: 'empty', index: -1, meetingAll: 0, tiedOnCost: 0 };
  const all = results.map((_, i) => i);
  const cost = (r: RunResult) => r.cost.totalUsd;
  const time = (r: RunResult) => r.wallClockSeconds;
  const ok = all.filter((i) => meetsDeadline(results[i]!) && meetsBudget(results[i]!));
  if (ok.length) {
    const index = best(results, ok, cost, time);
    const tiedOnCost = ok.filter((i) => i !== index && nearlyEqual(cost(results[i]!), cost(results[index]!))).length;
    return { status: 'meets-all', index, meetingAll: ok.length, tiedOnCost };
  }
  const affordable = all.filter((i) => meetsBudget(results[i]!));
  if (affordable.length) return { status: 'within-budget-late', index: best(results, affordable, time, cost), meetingAll: 0, tiedOnCost: 0 };
  const index = best(results, all, (r) => overshoot(r).worst, cost);
  const o = overshoot(results[index]!);
  return { status: 'none', index, meetingAll: 0, tiedOnCost: 0, overshoot: { time: o.time, cost: o.cost } };
}
