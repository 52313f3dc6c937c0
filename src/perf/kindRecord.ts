/**
 * How the performance model has done on published runs of the kind a prediction is: the median
 * signed and absolute error per kind of run (runKinds.ts), so a prediction for a kind the model is
 * known to miss says so where it is read. These are `flopcast validate --by-kind` at this commit, over
 * every evaluated set (most rows were seen while the model was built: in-sample, unlike the unseen
 * track record of accuracy.ts); a test recomputes them and fails when a model or data change moves them.
 */
import { pct, signedPct } from '../report/format.js';
import { kindOf, RUN_KINDS, type KindFacts } from './runKinds.js';

export interface KindRecord {
  kind: string;
  label: string;
  /** Published runs of the kind in validation/. */
  rows: number;
  medianAbsError: number;
  /** Median of predicted / reported throughput − 1: positive, the model has predicted this kind faster than it ran. */
  medianError: number;
}

/** `flopcast validate --by-kind --json` (rows, median_abs_error, median_error), rounded to 4 places; `node scripts/kind-record.mjs` rewrites it. */
export const KIND_RECORD: Readonly<Record<string, Pick<KindRecord, 'rows' | 'medianAbsError' | 'medianError'>>> = {
  'ci-tests': { rows: 182, medianAbsError: 2.1938, medianError: 2.1938 },
  'papers': { rows: 22, medianAbsError: 0.0831, medianError: -0.0481 },
  'padded-moe': { rows: 111, medianAbsError: 0.1658, medianError: 0.1658 },
  'amd': { rows: 32, medianAbsError: 0.3900, medianError: 0.3589 },
  'nvfp4': { rows: 69, medianAbsError: 0.1081, medianError: 0.0637 },
  'gpt-oss': { rows: 72, medianAbsError: 0.2341, medianError: 0.2341 },
  'qwen3-30b': { rows: 53, medianAbsError: 0.1734, medianError: 0.0653 },
  'moe': { rows: 129, medianAbsError: 0.1122, medianError: -0.0571 },
  'tpu': { rows: 45, medianAbsError: 0.0979, medianError: -0.0436 },
  'fsdp': { rows: 266, medianAbsError: 0.0662, medianError: -0.0231 },
  'megatron': { rows: 279, medianAbsError: 0.0594, medianError: 0.0118 },
};

/** The record of the kind a planned run falls in (a run is never a calibration paper row). */
export function kindRecordFor(facts: Omit<KindFacts, 'split'>): KindRecord | null {
  const kind = kindOf({ ...facts, split: 'test' });
  const r = KIND_RECORD[kind];
  const label = RUN_KINDS.find((k) => k.id === kind)!.label;
  return r ? { kind, label, ...r } : null;
}

/** One line for reports: the kind, which way the model has erred on it, and how far. */
export function kindRecordText(r: KindRecord): string {
  const way = r.medianError >= 0 ? 'faster' : 'slower';
  return `${r.label}: median error ${signedPct(r.medianError)} on ${r.rows} published runs of this kind (predicted ${way} than measured), median |error| ${pct(r.medianAbsError)} (flopcast validate --by-kind)`;
}
