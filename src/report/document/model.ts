/**
 * The report's data model: everything the HTML and Markdown renderers show, computed once from
 * the resolved runs. Pure: the CLI reads files, hashes them and passes the version in.
 */
import { markOptions, type Marks } from '../../estimate/compare.js';
import { rangeOutcome, type RangeOutcome, type Ranges } from '../../estimate/ranges.js';
import { baseRunName, type RunResult } from '../../estimate/run.js';
import type { ResolvedRun } from '../../scenario/resolve.js';
import { explainRecommendation, recommend, type Recommendation } from './recommend.js';
import { assumptionsOf, type Assumptions } from './assumptions.js';
import { stepBreakdownOf, type StepBreakdown } from './stepBreakdown.js';
import { labelledWarnings } from '../warnings.js';
import { int } from '../format.js';
import { infeasibleNote } from '../runs.js';
import type { Infeasible } from '../runJson.js';

export interface ReportInput {
  file: string;
  sha256: string;
  /** What the file is: scenario (default), hardware profile, model. */
  role?: string;
}

/** When a report was made, as it states it: ISO 8601 to the second (`flopcast report`'s clock or SOURCE_DATE_EPOCH, the page's download). */
export function reportTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface ReportMeta {
  version: string;
  inputs: readonly ReportInput[];
  /** ISO time ({@link reportTime}); omitted in tests so output is reproducible. */
  generatedAt?: string;
  /** The command line that produced the report. */
  command?: string;
  /**
   * The matrix combinations that could not run: listed under the warnings, and the recommendation says it is among the
   * rest. The report left them out without a word ("Recommended: X, the only option"), where run lists them.
   */
  infeasible?: readonly Infeasible[];
}

export interface ReportOption {
  /** A unique, stable anchor id: opt-1, opt-2, ... */
  key: string;
  name: string;
  /** Short display label (the matrix combination when all options share one scenario). */
  label: string;
  result: RunResult;
  marks: Marks;
  recommended: boolean;
  ranges: Ranges;
  range: RangeOutcome | null;
  /** Where one step's time goes, when the performance model predicted it. */
  step: StepBreakdown | null;
  /** Which comparison (scenario file) the option belongs to: marks and the chart's frontier are computed within it. */
  comparison: number;
}

/** The options' assumptions (assumptions.ts) with the comparison: marks, recommendation, constraints and warnings. */
export interface ReportModel extends Assumptions {
  title: string;
  meta: ReportMeta;
  options: ReportOption[];
  recommendation: Recommendation & { option: ReportOption | null; headline: string; details: string[] };
  deadlines: number[];
  budgets: number[];
  warnings: string[];
}

/** `gpu=h100-sxm, count=2048, precision=fp8` -> `2,048 × h100-sxm, precision=fp8`; anything else unchanged. */
export function prettyLabel(label: string): string {
  const pairs = label.split(', ').map((p) => {
    const i = p.indexOf('=');
    return i > 0 ? ([p.slice(0, i), p.slice(i + 1)] as const) : null;
  });
  if (!label || pairs.some((p) => p === null)) return label;
  const get = (k: string) => pairs.find((p) => p![0] === k)?.[1];
  const gpu = get('gpu');
  const n = get('count');
  const shown = n && /^\d+$/.test(n) ? int(Number(n)) : n; // grouped as the count column prints it: 2,048
  const head = gpu && shown ? `${shown} × ${gpu}` : gpu ?? (shown ? `${shown} GPUs` : '');
  const rest = pairs.filter((p) => p![0] !== 'gpu' && p![0] !== 'count').map((p) => `${p![0]}=${p![1]}`);
  return [head, ...rest].filter(Boolean).join(', ');
}

const uniq = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

/**
 * `comparisonOf[i]` says which comparison (scenario file) run i belongs to: marks and the
 * recommendation are computed within each, never across unrelated files. Default: one comparison.
 */
export function buildReport(runs: readonly ResolvedRun[], meta: ReportMeta, comparisonOf: readonly number[] = runs.map(() => 0)): ReportModel {
  const results = runs.map((r) => r.result);
  const comparisons = uniq(comparisonOf);
  const members = comparisons.map((c) => results.map((_, i) => i).filter((i) => comparisonOf[i] === c));
  const marks: Marks[] = [];
  const picks = new Set<number>();
  const recs = members.map((idx) => {
    const m = markOptions(idx.map((i) => results[i]!));
    idx.forEach((i, k) => (marks[i] = m[k]!));
    const rec = recommend(idx.map((i) => results[i]!));
    const index = rec.index >= 0 ? idx[rec.index]! : -1;
    if (index >= 0) picks.add(index);
    return { ...rec, index };
  });
  const bases = uniq(results.map(baseRunName));
  const shared = bases.length === 1 && results.length > 1 && results.every((r) => r.inputs.label);
  const rec = recs.length === 1 ? recs[0]! : { status: 'empty' as const, index: -1, meetingAll: 0, tiedOnCost: 0, tiedOnTime: 0 };
  const options: ReportOption[] = runs.map((run, i) => {
    const ranged = Object.keys(run.ranges).length > 0;
    return {
      key: `opt-${i + 1}`,
      name: run.result.name,
      label: shared ? prettyLabel(run.result.inputs.label) : run.result.name,
      result: run.result,
      marks: marks[i]!,
      recommended: picks.has(i),
      ranges: run.ranges,
      range: ranged ? rangeOutcome(run.result.inputs, run.ranges) : null,
      step: stepBreakdownOf(run.prediction, run.result.inputs.analysis.arch.moe !== null),
      comparison: comparisonOf[i]!,
    };
  });
  const title = bases.length === 1 ? bases[0]! : 'Training options compared';
  const deadlines = uniq(results.map((r) => r.inputs.constraints?.deadlineSeconds).filter((v): v is number => v !== undefined));
  const budgets = uniq(results.map((r) => r.inputs.constraints?.budgetUsd).filter((v): v is number => v !== undefined));
  const option = rec.index >= 0 ? options[rec.index]! : null;
  const { headline, details } = recs.length === 1 ? explainRecommendation(rec, option, options, deadlines, budgets, meta.infeasible?.length ?? 0) : {
    headline: `${recs.length} separate comparisons, one per scenario file: options of different files are not compared with each other; each file's recommended option is marked.`,
    details: recs.map((r) => (r.index >= 0 ? `${options[r.index]!.name}: recommended among its file's options.` : 'A file without a recommendation.')),
  };
  const { flops, hardware, prices, energy, throughput, conventions, models } = assumptionsOf(options);
  // A warning about some options only names them: a commitment's over a budget, or a price's age, read as the report's.
  const warnings = [...(meta.infeasible ?? []).map((i) => infeasibleNote(i, undefined, true)), ...labelledWarnings(options.map((o) => ({ label: o.label, warnings: o.result.warnings })))];
  return { title, meta, options, recommendation: { ...rec, option, headline, details }, deadlines, budgets, flops, hardware, prices, energy, throughput, conventions, warnings, models };
}
