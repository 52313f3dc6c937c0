/**
 * Predicted against published (issue 10): every row of every validation file through the performance model
 * (validateRow.ts: one row, its error and where each input came from). Summaries per split (calibration /
 * test) with MoE and FSDP slices, the fitted per-family throughput scales (fitted on calibration rows only)
 * and a leave-one-source-out cross-validation (validateFit.ts); and a user's own measured runs with the scale
 * they imply. Pure: the caller reads the files and resolves models and hardware profiles.
 */
import type { InputError } from '../input/errors.js';
import { summariseKinds, type KindSummary } from './runKinds.js';
import { crossValidate, fitScales, median, scaledError, summarise, type CrossValidation, type ErrorSummary, type FitPoint, type Scales } from './validateFit.js';
import { predictOrWhy, type Resolvers, type RowResult, type Unpredicted } from './validateRow.js';
import { type ValidationRow } from './validateSchema.js';
import { OWN_RUNS, SPLITS, type Split } from './splits.js';

export interface SetSummary extends ErrorSummary {
  moe: ErrorSummary;
  fsdp: ErrorSummary;
}

export interface ValidationReport {
  rows: RowResult[];
  unpredicted: Unpredicted[];
  summary: Record<Split, SetSummary> & { cross_validation: CrossValidation };
  /** Per-family throughput scales fitted on the calibration rows on top of the predictions (which already carry Calibration.throughputScale), and the errors with them applied (report only). */
  fitted: Record<Split, ErrorSummary> & { scales: Scales };
  /** The evaluated rows by kind of run (runKinds.ts): the README's "how far to trust it" table. */
  by_kind: KindSummary[];
}

/** Rows already predicted in this process (validation is deterministic; tests call it repeatedly). */
const cache = new Map<string, RowResult | Unpredicted>();

/** The bundled rows, whose presets resolve the same in every call. */
function predictCached(row: ValidationRow, split: Split, r: Resolvers): RowResult | Unpredicted {
  const key = `${split}\u0000${JSON.stringify(row)}`;
  let x = cache.get(key);
  if (!x) cache.set(key, (x = predictOrWhy(row, split, r)));
  return x;
}

export interface ValidationSet {
  split: Split;
  rows: ValidationRow[];
}

function setSummary(rows: RowResult[]): SetSummary {
  const e = (xs: RowResult[]) => xs.map((x) => x.error);
  return { ...summarise(e(rows)), moe: summarise(e(rows.filter((x) => x.moe))), fsdp: summarise(e(rows.filter((x) => x.fsdp))) };
}

export function validateRuns(sets: ValidationSet[], r: Resolvers): ValidationReport {
  const all = sets.flatMap((s) => s.rows.map((row) => predictCached(row, s.split, r)));
  const rows = all.filter((x): x is RowResult => 'error' in x);
  const unpredicted = all.filter((x): x is Unpredicted => !('error' in x));
  const of = (split: Split) => rows.filter((x) => x.split === split);
  const point = (x: RowResult): FitPoint => ({ source: x.sourceKey, family: x.family, ratio: 1 + x.error });
  const scales = fitScales(of('calibration').map(point));
  const perSplit = <T>(f: (rows: RowResult[]) => T) => Object.fromEntries(SPLITS.map((k) => [k, f(of(k))])) as Record<Split, T>;
  return {
    rows,
    unpredicted,
    summary: { ...perSplit(setSummary), cross_validation: crossValidate(rows.map(point)) },
    fitted: { scales, ...perSplit((xs) => summarise(xs.map((x) => scaledError(point(x), scales)))) },
    by_kind: summariseKinds(rows),
  };
}

export interface OwnRunsReport {
  rows: RowResult[];
  unpredicted: Unpredicted[];
  /** Over the predicted rows; `median_error` signed (positive: predicted faster than measured). `rows` 0 where no run could be predicted (`unpredicted` says why each), its figures then 0 as every empty set's (ErrorSummary). */
  summary: ErrorSummary & { median_error: number };
  /**
   * The throughput scale per accelerator family the runs imply (geometric mean of measured / predicted, as the
   * bundled calibration is fitted: validateFit.ts), and each run's error when the scale is fitted on the others
   * (leave one run out): how far the scale would carry to a run it was not fitted on. Only families with two runs or
   * more have a scale (and their runs held out); null where none has.
   */
  fitted: { scales: Scales; leave_one_out: ErrorSummary } | null;
}

/**
 * A user's own measured runs (`flopcast validate FILE`), each through the same performance model as the bundled
 * rows, with the scale they imply. `sets`: the rows of each file with the resolvers of its folder (model paths are
 * relative to the file that names them), and `invalid`, the error of a row whose printed fields break a layout rule
 * (the rule at the row's key in its file: invalid input, as the same layout in a scenario is; listed as not predicted,
 * exit 1 where no other run was, it read as a run the model could not predict).
 */
export function validateOwnRuns(sets: readonly { rows: readonly ValidationRow[]; resolvers: Resolvers; invalid?: (row: number, rule: InputError) => Error }[]): OwnRunsReport {
  // Not cached: a model path resolves against its own file's folder, so one row's text may name two models.
  const all = sets.flatMap((s) => s.rows.map((row, i) => predictOrWhy(row, OWN_RUNS, s.resolvers, s.invalid && ((rule) => s.invalid!(i, rule)))));
  const rows = all.filter((x): x is RowResult => 'error' in x);
  const unpredicted = all.filter((x): x is Unpredicted => !('error' in x));
  const errors = rows.map((x) => x.error);
  // One fold a run: the index, as each run is its own measurement (the bundled sets fold by source).
  const points = rows.map((x, i): FitPoint => ({ source: String(i), family: x.family, ratio: 1 + x.error }));
  // A scale is per family, and one run fits any scale exactly and tests none: a family with one run gets no scale, and
  // its run is not held out (fitted on no run of its family, it kept scale 1, and its raw error was counted as the scale's).
  const runsOf = (family: string) => points.filter((p) => p.family === family).length;
  const fitting = points.filter((p) => runsOf(p.family) >= 2);
  const loo = crossValidate(fitting);
  return {
    rows,
    unpredicted,
    summary: { ...summarise(errors), median_error: median(errors) },
    fitted: fitting.length ? { scales: fitScales(fitting), leave_one_out: { rows: loo.rows, median_abs_error: loo.median_abs_error, worst_abs_error: loo.worst_abs_error } } : null,
  };
}
