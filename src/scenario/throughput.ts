/**
 * The throughput a scenario's run is priced at: the figure the user gives (utilization, achieved_tflops,
 * tokens_per_second_per_gpu, each with its range) or the performance model's predicted MFU times the user's
 * throughput_scale, and the checks that keep each possible (resolve.ts calls them for every run).
 */
import { InputError, formatKeyPath } from '../input/errors.js';
import type { ParsedYaml } from '../input/yaml.js';
import type { Range } from '../estimate/ranges.js';
import { impliedPeakUse, type Throughput } from '../estimate/run.js';
import type { KindRecord } from '../perf/kindRecord.js';
import { grouped, pct } from '../report/format.js';
import { originOf } from './origins.js';
import { THROUGHPUT_FIGURES, type ScenarioFile } from './schema.js';

/**
 * cluster.throughput_scale scales the predicted utilisation (utilization: auto). Where the run gives its own figure, the
 * scale is read by nothing: refused where both are the same place's (the base, or one option), and said on the run where
 * an option or matrix cell replaced the base's `auto` with its own figure (the base's scale is for the base's runs).
 */
export function throughputScaleNotes(c: ScenarioFile['cluster'], origins: Map<string, (string | number)[]>, parsed: ParsedYaml, locate: ParsedYaml['locate']): string[] {
  if (c.throughput_scale === undefined || c.utilization === 'auto') return [];
  const own = THROUGHPUT_FIGURES.find((k) => c[k] !== undefined)!;
  const scaleAt = originOf(['cluster', 'throughput_scale'], origins);
  const ownAt = originOf(['cluster', own], origins);
  const fromBase = (at: readonly PropertyKey[]) => at[0] !== 'options' && at[0] !== 'matrix';
  if (fromBase(scaleAt) && !fromBase(ownAt)) return [`cluster.throughput_scale ${c.throughput_scale} (the file's) is not read by this run: ${formatKeyPath(ownAt)} gives its own ${own}`];
  throw new InputError('throughput_scale scales the predicted utilisation, and this cluster gives its own figure', {
    file: parsed.file, ...locate(['cluster', 'throughput_scale']), keyPath: 'cluster.throughput_scale',
    hint: 'use it with utilization: auto, or leave it out and give the figure you expect',
  });
}

/**
 * The throughput the user stated (its expected value, and its range), or the predicted MFU (times the user's
 * throughput_scale) with its band from the record of its kind ({@link predictedBand}); `maxScale`, the most the
 * prediction may be multiplied by before it passes its peak (perf/throughputScale.ts peakShare), bounds the band.
 */
export function throughputOf(c: ScenarioFile['cluster'], predictedMfu: number | null, record: KindRecord | null, maxScale: number): { throughput: Throughput; range?: Range } {
  if (c.utilization === 'auto') {
    const k = c.throughput_scale;
    if (k !== undefined) return { throughput: { kind: 'predicted', mfu: predictedMfu! * k, record, throughputScale: k } };
    return { throughput: { kind: 'predicted', mfu: predictedMfu!, record }, ...(record ? { range: predictedBand(predictedMfu!, record, maxScale) } : {}) };
  }
  if (c.utilization !== undefined) return { throughput: { kind: 'utilization', mfu: c.utilization.expected }, range: c.utilization };
  if (c.achieved_tflops !== undefined) {
    return { throughput: { kind: 'achieved_tflops', hardwareFlopsPerSecondPerGpu: c.achieved_tflops.expected * 1e12 }, range: scale(c.achieved_tflops, 1e12) };
  }
  const tps = c.tokens_per_second_per_gpu!;
  return { throughput: { kind: 'tokens_per_second_per_gpu', tokensPerSecondPerGpu: tps.expected }, range: tps };
}

/**
 * How fast a predicted run may really go, from the model's errors on published runs of its kind: an error e is
 * predicted ÷ measured throughput − 1, so a run that errs as the kind's 10th and 90th percentiles do (8 in 10 of them
 * erred between; perf/runKinds.ts) measures the prediction ÷ (1 + e). The prediction stays the expected value and inside
 * the band: a kind the model has always flattered (both percentiles above 0) gets a band from its slow end up to the
 * prediction. The fast end stops at `maxScale` × the prediction, its peak. A run with the user's own throughput_scale
 * has no band: its figure is scaled by their measurement, not the kind's record.
 */
export function predictedBand(mfu: number, r: Pick<KindRecord, 'errorP10' | 'errorP90'>, maxScale: number): Range {
  const slow = mfu / (1 + r.errorP90);
  const fast = mfu * Math.min(1 / (1 + r.errorP10), maxScale);
  return { low: Math.min(slow, mfu), expected: mfu, high: Math.max(fast, mfu) };
}

/**
 * A measured throughput given (achieved_tflops, tokens_per_second_per_gpu) that implies more than the peak, at its most
 * favourable end, is refused, as a utilization above 1 is: it only warned, and the run was priced at an impossible speed
 * (hostile sweep 22). The message gives the MFU it implies.
 */
export function refuseGivenAbovePeak(c: ScenarioFile['cluster'], range: Range | undefined, run: Omit<Parameters<typeof impliedPeakUse>[0], 'throughput'>, where: { file: string; locate: ParsedYaml['locate'] }): void {
  const key = c.achieved_tflops !== undefined ? 'achieved_tflops' : c.tokens_per_second_per_gpu !== undefined ? 'tokens_per_second_per_gpu' : undefined;
  if (key === undefined || range === undefined) return;
  const throughput: Throughput = key === 'achieved_tflops' ? { kind: key, hardwareFlopsPerSecondPerGpu: range.high } : { kind: key, tokensPerSecondPerGpu: range.high };
  const { use, mfu, precision } = impliedPeakUse({ ...run, throughput });
  // A figure past the doubles (1e300 TFLOP/s) is the overflow check's, which names the quantity that is not finite.
  if (use <= 1 || !Number.isFinite(mfu)) return;
  const figure = key === 'achieved_tflops' ? `${grouped(range.high / 1e12)} TFLOP/s per GPU` : `${grouped(range.high)} tokens/s per GPU`;
  throw new InputError(`${figure} implies ${pct(mfu)} MFU${use === mfu && precision === run.precision ? '' : ` (${pct(use)} of the ${precision} peak in hardware FLOPs)`}: above the ${precision} peak`, {
    file: where.file, ...where.locate(['cluster', key]), keyPath: `cluster.${key}`,
    hint: `no GPU runs faster than its peak, as utilization is at most 1: check the figure, its unit (per GPU${key === 'achieved_tflops' ? ', in TFLOP/s' : ''}), cluster.gpu and training.precision`,
  });
}

function scale(r: Range, k: number): Range {
  return { low: r.low * k, expected: r.expected * k, high: r.high * k };
}
