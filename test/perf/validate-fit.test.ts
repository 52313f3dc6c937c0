import { describe, expect, it } from 'vitest';
import { crossValidate, fitScales, median, scaledError, summarise, type FitPoint } from '../../src/perf/validateFit.js';
import { sourceKey } from '../../src/perf/validateRow.js';
import { runValidation } from '../cliLoad.js';
import { VALIDATION_DIR } from '../../src/cli/commands/validate.js';
import { CALIBRATIONS } from '../../src/perf/calibration.js';

/** Ratios are predicted / reported throughput; the expected values below are worked by hand. */
describe('validation statistics on a tiny synthetic set', () => {
  const points: FitPoint[] = [
    { source: 'A', family: 'nvidia', ratio: 2 },
    { source: 'B', family: 'nvidia', ratio: 0.5 },
    { source: 'C', family: 'tpu', ratio: 1.25 },
  ];

  it('median and summary of |error|', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
    const s = summarise([0.1, -0.3, 0.05, -0.02]);
    expect(s.rows).toBe(4);
    expect(s.median_abs_error).toBeCloseTo(0.075, 12);
    expect(s.worst_abs_error).toBeCloseTo(0.3, 12);
    expect(summarise([])).toEqual({ rows: 0, median_abs_error: 0, worst_abs_error: 0 });
  });

  it('a family scale is the geometric mean of reported / predicted', () => {
    const s = fitScales(points);
    // nvidia: sqrt(1/2 · 2) = 1; tpu: 1/1.25 = 0.8.
    expect(s.nvidia).toBeCloseTo(1, 12);
    expect(s.tpu).toBeCloseTo(0.8, 12);
    expect(scaledError(points[2]!, s)).toBeCloseTo(0, 12);
    // A family without fitting rows keeps its prediction.
    expect(scaledError({ source: 'D', family: 'amd', ratio: 1.1 }, s)).toBeCloseTo(0.1, 12);
  });

  it('leave-one-source-out: each source predicted by the scales fitted on the others', () => {
    const cv = crossValidate(points);
    // Hold out A: nvidia scale from B alone = 2, A's error 2·2 − 1 = 3. Hold out B: scale 0.5, error
    // 0.5·0.5 − 1 = −0.75. Hold out C: no tpu rows left, scale 1, error +0.25.
    expect(cv.folds).toBe(3);
    expect(cv.rows).toBe(3);
    expect(cv.median_abs_error).toBeCloseTo(0.75, 12);
    expect(cv.worst_abs_error).toBeCloseTo(3, 12);
  });

  it('a source is one fold whatever table or system it names', () => {
    expect(sourceKey('NVIDIA-NeMo/Megatron-Bridge docs/performance-summary.md @ 00b7660b, "25.11", System: DGX-GB300')).toBe('NVIDIA-NeMo/Megatron-Bridge docs/performance-summary.md');
    expect(sourceKey('Korthikanti et al. 2022, Reducing Activation Recomputation (arXiv:2205.05198), Table 3')).toBe('Korthikanti et al. 2022');
    expect(sourceKey('Smith et al. 2022, Using DeepSpeed and Megatron §3')).toBe('Smith et al. 2022');
  });
});

describe('the throughput scales utilization: auto applies (Calibration.throughputScale)', () => {
  // NVIDIA's is the calibration rows' fit, committed; what the fit finds on top of it must stay within
  // 2% of 1 (a model change that moves the calibration rows further is refitted on them, and only them).
  // TPU, AMD and the rest stay 1: no unseen set has judged a TPU scale, and AMD has no calibration row.
  it('nvidia is the calibration fit (the residual fit within 2%); the others are off', () => {
    const r = runValidation(VALIDATION_DIR, ['calibration']);
    expect(Math.abs(r.fitted.scales.nvidia! - 1)).toBeLessThan(0.02);
    expect(CALIBRATIONS.nvidia.throughputScale).toBeLessThan(1);
    expect([CALIBRATIONS.tpu.throughputScale, CALIBRATIONS.amd.throughputScale, CALIBRATIONS.other.throughputScale]).toEqual([1, 1, 1]);
  });
});
