/**
 * How the performance model has done on published runs of the kind a prediction is: the median
 * signed and absolute error per kind of run (runKinds.ts), so a prediction for a kind the model is
 * known to miss says so where it is read. These are `flopcast validate --by-kind` at this commit, over
 * every evaluated set (most rows were seen while the model was built: in-sample, unlike the unseen
 * track record of accuracy.ts); a test recomputes them and fails when a model or data change moves them.
 */
import { errorPct, pct, signedPct } from '../report/format.js';
import { plannedKindOf, RUN_KINDS, type KindFacts } from './runKinds.js';

export interface KindRecord {
  kind: string;
  label: string;
  /** Published runs of the kind in validation/. */
  rows: number;
  medianAbsError: number;
  /** Median of predicted / reported throughput − 1: positive, the model has predicted this kind faster than it ran. */
  medianError: number;
  /** The 10th and 90th percentiles of the signed error: eight in ten of the kind's runs erred between them. */
  errorP10: number;
  errorP90: number;
  /** The kind's published runs per accelerator (hardware profile id): a kind's record is evidence about the GPUs its runs were on, not about others. */
  gpus: Readonly<Record<string, number>>;
  /** Of `rows`, those on the accelerator the prediction is for (runsOn). */
  runsOnGpu: number;
}

/** `flopcast validate --by-kind --json` (rows, median_abs_error, median_error, error_p10, error_p90, gpus), rounded to 6 places; `node scripts/kind-record.mjs` rewrites it. */
export const KIND_RECORD: Readonly<Record<string, Pick<KindRecord, 'rows' | 'medianAbsError' | 'medianError' | 'errorP10' | 'errorP90' | 'gpus'>>> = {
  'ci-tests': { rows: 182, medianAbsError: 2.366065, medianError: 2.366065, errorP10: 1.253614, errorP90: 4.210928, gpus: { 'a100-sxm4-80gb': 68, 'gb200': 27, 'gb300': 2, 'h100-sxm': 85 } },
  'papers': { rows: 22, medianAbsError: 0.083110, medianError: -0.046573, errorP10: -0.125800, errorP90: 0.528004, gpus: { 'a100-sxm4-80gb': 19, 'h100-sxm': 1, 'h800-sxm': 1, 'tpu-v4': 1 } },
  'padded-moe': { rows: 114, medianAbsError: 0.178458, medianError: 0.178458, errorP10: 0.041033, errorP90: 0.451100, gpus: { 'b200': 24, 'h100-sxm': 18, 'h200-sxm': 1, 'mi300x': 3, 'mi355x': 68 } },
  'amd': { rows: 59, medianAbsError: 0.239124, medianError: 0.228236, errorP10: -0.010032, errorP90: 0.822442, gpus: { 'mi300x': 8, 'mi325x': 4, 'mi355x': 47 } },
  'nvfp4': { rows: 69, medianAbsError: 0.108132, medianError: 0.063743, errorP10: -0.170411, errorP90: 0.161211, gpus: { 'b200': 13, 'b300': 14, 'gb200': 16, 'gb300': 26 } },
  'clamped-glu-moe': { rows: 72, medianAbsError: 0.253402, medianError: 0.253402, errorP10: 0.008187, errorP90: 0.582109, gpus: { 'b200': 11, 'b300': 19, 'gb200': 9, 'gb300': 24, 'h100-sxm': 9 } },
  'small-moe': { rows: 81, medianAbsError: 0.241516, medianError: 0.176514, errorP10: -0.153529, errorP90: 3.891901, gpus: { 'b200': 15, 'b300': 5, 'gb200': 14, 'gb300': 13, 'h100-sxm': 32, 'h800-sxm': 2 } },
  'moe': { rows: 172, medianAbsError: 0.163180, medianError: 0.026151, errorP10: -0.240204, errorP90: 1.978454, gpus: { 'b200': 9, 'b300': 45, 'gb200': 44, 'gb300': 35, 'h100-sxm': 21, 'h800-sxm': 14, 'tpu-v5p': 2, 'tpu-v6e': 2 } },
  'tpu': { rows: 48, medianAbsError: 0.076314, medianError: -0.020855, errorP10: -0.153443, errorP90: 0.134332, gpus: { 'tpu-v5e': 18, 'tpu-v5p': 12, 'tpu-v6e': 8, 'tpu7x': 10 } },
  'fsdp': { rows: 771, medianAbsError: 0.112351, medianError: 0.060033, errorP10: -0.132270, errorP90: 0.302776, gpus: { 'a100-sxm4-40gb': 260, 'a100-sxm4-80gb': 319, 'gb200': 9, 'gb300': 5, 'h100-sxm': 142, 'h200-sxm': 36 } },
  'megatron': { rows: 474, medianAbsError: 0.094672, medianError: 0.064290, errorP10: -0.091422, errorP90: 0.258949, gpus: { 'a100-sxm4-80gb': 183, 'b200': 45, 'b300': 2, 'gb200': 49, 'gb300': 19, 'h100-sxm': 162, 'h200-sxm': 14 } },
};

/** The band's ends as validate --by-kind's table prints them (cli/commands/validate.ts renderKindsMarkdown): signed, whole percents. */
export const BAND_DIGITS = { signed: true, digits: 0 } as const;

/** The record of the kind a planned run on accelerator `gpu` falls in (runKinds.ts plannedKindOf: never a calibration paper's or a CI test's). */
export function kindRecordFor(facts: Omit<KindFacts, 'split'>, gpu: string): KindRecord | null {
  const kind = plannedKindOf(facts);
  const r = KIND_RECORD[kind];
  const label = RUN_KINDS.find((k) => k.id === kind)!.label;
  return r ? { kind, label, ...r, runsOnGpu: runsOn(r, gpu) } : null;
}

/** How many of the kind's published runs were on accelerator `gpu` (0 when none). */
export function runsOn(r: Pick<KindRecord, 'gpus'>, gpu: string): number {
  return Object.hasOwn(r.gpus, gpu) ? r.gpus[gpu]! : 0;
}

/**
 * One line for reports: the kind, which way the model has erred on it, how far, and how many of its
 * runs were on each accelerator the line is printed for (`gpus`, in the caller's order), so a record
 * drawn from other GPUs' runs does not read as evidence about this one.
 */
export function kindRecordText(r: Omit<KindRecord, 'runsOnGpu'>, gpus: readonly string[]): string {
  const way = r.medianError >= 0 ? 'faster' : 'slower';
  const on = [...new Set(gpus)].map((g) => `${runsOn(r, g) || 'none'} on ${g}`).join(', ');
  return `${r.label}: median error ${signedPct(r.medianError)} (predicted ${way} than measured) on ${r.rows} published runs of this kind${on ? ` (${on})` : ''}, median |error| ${pct(r.medianAbsError)}, 8 in 10 errors between ${errorPct(r.errorP10, BAND_DIGITS)} and ${errorPct(r.errorP90, BAND_DIGITS)} (flopcast validate --by-kind)`;
}
