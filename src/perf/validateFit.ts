/**
 * The statistics of `flopcast validate`: error summaries, the fitted parameters and the
 * leave-one-source-out cross-validation. Pure arithmetic on (predicted / reported throughput)
 * ratios, so it is tested on tiny synthetic sets.
 *
 * The fitted parameters are deliberately few: ONE throughput scale per accelerator family (the
 * inverse of a step-time scale), fitted as the geometric mean of reported / predicted throughput
 * over the fitting rows of that family (the least-squares fit in log space). A uniform time scale
 * multiplies every layout's step time by the same factor, so the planner's ranking, and hence its
 * choice of layout, is unchanged: fitting and cross-validation need no new search.
 */
import { compareText } from '../input/name.js';

/** One prediction reduced to what the fit needs. `ratio` = predicted / reported throughput (1 = exact). */
export interface FitPoint {
  source: string;
  family: string;
  ratio: number;
}

export interface ErrorSummary {
  rows: number;
  /** Median and worst |error| as fractions (0.07 = 7 %); 0 for an empty set. */
  median_abs_error: number;
  worst_abs_error: number;
}

/** Per-family throughput scale; a family with no fitting rows keeps 1. */
export type Scales = Record<string, number>;

export function median(xs: readonly number[]): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * The p-quantile (0 ≤ p ≤ 1) by linear interpolation between order statistics: Hyndman & Fan 1996's
 * definition 7, numpy's and R's default (position (n−1)·p, 0-based). 0 for no values, as `median`.
 */
export function quantile(xs: readonly number[], p: number): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * p;
  const lo = Math.floor(at);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo]! + (at - lo) * (s[hi]! - s[lo]!);
}

/** Summary of signed errors (fractions). */
export function summarise(errors: readonly number[]): ErrorSummary {
  const abs = errors.map(Math.abs);
  return { rows: errors.length, median_abs_error: median(abs), worst_abs_error: abs.length ? Math.max(...abs) : 0 };
}

/** Geometric mean of reported / predicted per family: the scale that makes the family's log errors average zero. */
export function fitScales(points: readonly FitPoint[]): Scales {
  const logs = new Map<string, number[]>();
  for (const p of points) {
    const l = logs.get(p.family) ?? [];
    l.push(-Math.log(p.ratio));
    logs.set(p.family, l);
  }
  const out: Scales = {};
  for (const [family, l] of [...logs].sort(([a], [b]) => compareText(a, b))) out[family] = Math.exp(l.reduce((a, b) => a + b, 0) / l.length);
  return out;
}

/** Signed error of a point after scaling its predicted throughput by its family's scale. */
export function scaledError(p: FitPoint, scales: Scales): number {
  return p.ratio * (scales[p.family] ?? 1) - 1;
}

export interface CrossValidation extends ErrorSummary {
  /** Sources held out in turn (each a fold). */
  folds: number;
  method: string;
}

/**
 * Leave-one-source-out: for each source, fit the scales on every other source's rows, predict the
 * held-out source's rows with them; the summary is over all held-out predictions.
 */
export function crossValidate(points: readonly FitPoint[]): CrossValidation {
  const sources = [...new Set(points.map((p) => p.source))].sort();
  const errors: number[] = [];
  for (const s of sources) {
    const scales = fitScales(points.filter((p) => p.source !== s));
    for (const p of points) if (p.source === s) errors.push(scaledError(p, scales));
  }
  return { ...summarise(errors), folds: sources.length, method: 'leave one source out; per-family throughput scale (geometric mean of reported / predicted) fitted on the other sources' };
}
