/**
 * One comparison: the runs of one scenario file (its options and matrix cells), sorted, with the
 * cheapest / fastest / Pareto marks computed among them only. Runs of unrelated scenario files
 * are never compared with each other (`run a.yaml b.yaml` marks each file's runs on their own).
 * Pure; shared by `flopcast run` and the library.
 */
import { markOptions, sortResults, type SortKey } from '../estimate/compare.js';
import type { RunRow } from '../report/runJson.js';
import { runPredictionJson } from './predict.js';
import type { ResolvedRun } from './resolve.js';

export function comparisonRows(runs: readonly ResolvedRun[], sort?: SortKey): RunRow[] {
  const extra = new Map(runs.map((r) => [r.result, runPredictionJson(r)]));
  const ranges = new Map(runs.map((r) => [r.result, r.ranges]));
  const results = sortResults(runs.map((r) => r.result), sort);
  const marks = markOptions(results);
  return results.map((result, i) => {
    const e = extra.get(result);
    const g = ranges.get(result);
    return { result, marks: marks[i]!, ...(e ? { extra: e } : {}), ...(g && Object.keys(g).length ? { ranges: g } : {}) };
  });
}

/** Several comparisons (one per scenario file), each sorted and marked on its own, in file order. */
export function comparisonsRows(groups: readonly (readonly ResolvedRun[])[], sort?: SortKey): RunRow[] {
  return groups.flatMap((g) => comparisonRows(g, sort));
}
