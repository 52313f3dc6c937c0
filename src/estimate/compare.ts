/** Marks across a set of options: the cheapest, the fastest, and the cost/time Pareto frontier. */
import { compareText } from '../input/name.js';
import { obligatedUsd, type RunResult } from './run.js';

/**
 * Costs and times computed along different paths differ in the last bits (1e-11 USD on $8M):
 * within a relative 1e-9 they are equal, so options that cost the same are not split by float
 * noise. The one comparison every mark, sort and recommendation uses.
 */
export const RELATIVE_TIE = 1e-9;

export function nearlyEqual(a: number, b: number): boolean {
  return Math.abs(a - b) <= RELATIVE_TIE * Math.max(Math.abs(a), Math.abs(b));
}

/** a − b, or 0 when they are nearly equal: a sort comparator that treats ties as ties. */
export function compareNear(a: number, b: number): number {
  return nearlyEqual(a, b) ? 0 : a - b;
}

export const sameMoney = nearlyEqual;

export interface Marks {
  cheapest: boolean;
  fastest: boolean;
  /** No other option is at least as cheap and as fast, and strictly better in one. */
  pareto: boolean;
}

/**
 * Whether point a dominates point b, lower being better on both axes (cost and time): a is no worse
 * on either and better on one, ties within RELATIVE_TIE. The one Pareto rule: the table's marks and
 * the report's frontier (src/report/charts/scatter.ts) both use it.
 */
export function dominates(a: { x: number; y: number }, b: { x: number; y: number }): boolean {
  const dx = compareNear(a.x, b.x);
  const dy = compareNear(a.y, b.y);
  return dx <= 0 && dy <= 0 && (dx < 0 || dy < 0);
}

/** Whether an option meets its deadline and budget (one not set is met): the options cheapest and fastest are marked among. */
const meetsConstraints = (r: RunResult): boolean => r.meetsDeadline !== false && r.meetsBudget !== false;

/** The options cheapest and fastest are chosen from (those meeting the constraints; all where none does), and their best. */
function markPool(results: readonly RunResult[]): { eligible: boolean[]; minCost: number; minTime: number } {
  const eligible = results.map(meetsConstraints);
  const pool = results.filter((_, i) => eligible[i]);
  const from = pool.length ? pool : results;
  return { eligible: pool.length ? eligible : results.map(() => true), minCost: Math.min(...from.map(obligatedUsd)), minTime: Math.min(...from.map((r) => r.wallClockSeconds)) };
}

/**
 * Whether an option left out of the cheapest and fastest marks (it misses a constraint) is cheaper or faster than the
 * one marked: run's table then says the marks are among the options that meet the constraints. An option marked
 * cheapest below a cheaper one that misses the deadline read as a wrong mark.
 */
export function marksLeaveOut(results: readonly RunResult[]): boolean {
  const { eligible, minCost, minTime } = markPool(results);
  return results.some((r, i) => !eligible[i] && (compareNear(obligatedUsd(r), minCost) < 0 || compareNear(r.wallClockSeconds, minTime) < 0));
}

export function markOptions(results: readonly RunResult[]): Marks[] {
  const { eligible, minCost, minTime } = markPool(results);
  const point = (r: RunResult) => ({ x: r.wallClockSeconds, y: obligatedUsd(r) });
  return results.map((r, i) => ({
    cheapest: eligible[i]! && nearlyEqual(obligatedUsd(r), minCost),
    fastest: eligible[i]! && nearlyEqual(r.wallClockSeconds, minTime),
    pareto: !results.some((o) => o !== r && dominates(point(o), point(r))),
  }));
}

export const SORT_KEYS = ['cost', 'time', 'energy'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export function sortResults(results: RunResult[], key: SortKey | undefined): RunResult[] {
  if (!key) return results;
  // Ties (e.g. equal cost at fixed MFU) go to the faster option, then the cheaper one.
  const k = (r: RunResult) => (key === 'cost' ? obligatedUsd(r) : key === 'time' ? r.wallClockSeconds : (r.energyKwh ?? Number.MAX_VALUE));
  return [...results].sort((a, b) => compareNear(k(a), k(b)) || compareNear(a.wallClockSeconds, b.wallClockSeconds) || compareNear(obligatedUsd(a), obligatedUsd(b)) || compareText(a.name, b.name));
}
