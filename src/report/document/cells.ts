/** Text cells the HTML and Markdown renderers (and the tornado figure) share, so both print the same words. */
import { RANGE_LABELS, type RangedInput, type Ranges } from '../../estimate/ranges.js';
import { fixed, gib, pct, sci, stepSeconds, hourlyUsd } from '../format.js';
import type { ReportModel, ReportOption } from './model.js';

/** The label of a ranged input, for tables and the tornado chart. */
export function rangeLabel(k: RangedInput, o: Pick<ReportOption, 'result'>): string {
  if (k === 'throughput') {
    const t = o.result.inputs.throughput.kind;
    return t === 'achieved_tflops' ? 'achieved TFLOP/s per GPU' : t === 'tokens_per_second_per_gpu' ? 'tokens/s per GPU' : t === 'predicted' ? 'predicted MFU' : 'MFU';
  }
  return RANGE_LABELS[k];
}

/**
 * Where an option's MFU is predicted, the sentence that says where its range comes from (scenario/throughput.ts
 * predictedBand): the record of its kind, not the user. Null when no ranged option is predicted.
 */
export function predictedBandNote(m: ReportModel): string | null {
  const predicted = m.options.filter((o) => o.ranges.throughput && o.result.inputs.throughput.kind === 'predicted');
  if (!predicted.length) return null;
  return 'A predicted MFU (utilization: auto) is ranged by how the performance model has erred on published runs of its kind: ' +
    'the prediction ÷ (1 + e) at the 10th and 90th percentiles e of their signed errors (8 in 10 of those runs measured inside it; ' +
    'flopcast validate --by-kind), the prediction kept inside the range. How often it held on runs whose source was left out of it: ' +
    'the same table\'s "inside it, own source left out". A cluster.throughput_scale you measured replaces it.';
}

/** An input's value as text (MFU as a percentage, price in $, throughput in its unit). */
export function rangeValue(k: RangedInput, v: number, o: Pick<ReportOption, 'result'>): string {
  if (k === 'price') return `${hourlyUsd(v)}/GPU-h`;
  if (k === 'goodput') return pct(v, 0);
  const t = o.result.inputs.throughput.kind;
  return t === 'achieved_tflops' ? `${fixed(v / 1e12, 0)} TFLOP/s` : t === 'tokens_per_second_per_gpu' ? `${fixed(v, 0)} tok/s` : pct(v, 0);
}

/** The inputs given as ranges, each with its ends: `MFU 35%–45%; price per GPU-hour $2.00/GPU-h–$3.00/GPU-h` (the report's ranges table, run's `ranges` line). */
export function rangedInputsText(ranges: Ranges, o: Pick<ReportOption, 'result'>): string {
  return (Object.keys(ranges) as RangedInput[]).map((k) => `${rangeLabel(k, o)} ${rangeValue(k, ranges[k]!.low, o)}–${rangeValue(k, ranges[k]!.high, o)}`).join('; ');
}

/** Rows of the step-time table: option, layout, step time, memory per GPU (of capacity). */
export function stepRows(m: ReportModel): string[][] {
  return m.options.filter((o) => o.step).map((o) => {
    const s = o.step!;
    return [
      o.label,
      s.layout ?? '',
      stepSeconds(s.totalSeconds),
      s.memoryPerGpuBytes !== null ? gib(s.memoryPerGpuBytes) + (s.memoryCapacityBytes !== null ? ` of ${gib(s.memoryCapacityBytes)}` : '') : '',
    ];
  });
}

/** How the 6ND shortcut compares with the exact count. */
export function sixNdText(g: { model: number; sixNd: number }): string {
  if (!(g.model > 0)) return '';
  const d = g.sixNd / g.model - 1;
  return `6ND gives ${sci(g.sixNd)}, ${pct(Math.abs(d))} ${d < 0 ? 'below' : 'above'} the exact model FLOPs (6ND leaves out attention's QKᵀ and A·V and counts the embedding).`;
}
