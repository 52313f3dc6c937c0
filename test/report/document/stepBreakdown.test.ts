import { describe, expect, it } from 'vitest';
import { stepBreakdownOf } from '../../../src/report/document/stepBreakdown.js';

describe('stepBreakdownOf', () => {
  it.each([
    [null, null],
    [{ step_breakdown: { compute: 1, comm: 0.5 } }, 1.5],
    [{ prediction: { stepTimeSeconds: 2, breakdown: { computeSeconds: 1.5, bubbleSeconds: 0.5 } } }, 2],
    [{ breakdown: { a: 'x' } }, null],
    [42, null],
  ])('stepBreakdownOf(%j) accepts what it can', (p, total) => {
    const s = stepBreakdownOf(p, false);
    expect(s?.totalSeconds ?? null).toBe(total);
  });
  it.each([
    ['calibration_seconds', 'unexplained (calibration scale)'],
    ['calibrationSeconds', 'unexplained (calibration scale)'],
    ['memoryBoundSeconds', 'memory bound'],
    ['exposed_comm_seconds', 'exposed communication'],
  ])('a step part %s is labelled %j', (key, label) => {
    expect(stepBreakdownOf({ step_breakdown: { [key]: 1 } }, false)!.parts[0]!.label).toBe(label);
  });
});
