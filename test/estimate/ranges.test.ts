import { describe, expect, it } from 'vitest';
import { rangeOutcome, type Ranges } from '../../src/estimate/ranges.js';
import type { RunInputs } from '../../src/estimate/run.js';
import { analyse } from '../../src/flops/analyse.js';
import type { HardwareProfile } from '../../src/hardware/toProfile.js';
import { arch, GPT3_175B } from '../helpers.js';

const hw = { id: 'test-gpu', tdpWatts: 500, peakFlopsPerSecond: { bf16: 1e15 } } as unknown as HardwareProfile;

/** 1T tokens at 1,000 tokens/s on each of 1,000 GPUs: 1,000,000 s of compute, whatever the goodput. */
function inputs(overheads: RunInputs['overheads']): RunInputs {
  return {
    name: 'x', label: '', analysis: analyse(arch(GPT3_175B), { tokens: 1e12 }), hardware: hw, precision: 'bf16', peakFlopsPerSecond: 1e15,
    gpuCount: 1000, throughput: { kind: 'tokens_per_second_per_gpu', tokensPerSecondPerGpu: 1000 }, globalBatchTokens: null,
    price: { usdPerGpuHour: 2, source: 'test', kind: 'given', providers: [] }, fixedUsd: 0, energy: { pue: 1, usdPerKwh: 0, kgCo2PerKwh: 0, powerFraction: 1 },
    ...(overheads ? { overheads } : {}),
  };
}

describe('rangeOutcome: a goodput range keeps the other losses of wall-clock', () => {
  // By hand: wall-clock = 1e6 s / (goodput × (1 − spot interruption)) (src/estimate/goodput.ts); the
  // optimistic end takes the high goodput, the pessimistic the low one, each times (1 − spot).
  it.each([
    { name: 'on demand', spot: undefined, expected: 1e6 / 0.9, optimistic: 1e6 / 1.0, pessimistic: 1e6 / 0.8 },
    { name: 'spot, 20% of wall-clock preempted', spot: 0.2, expected: 1e6 / (0.9 * 0.8), optimistic: 1e6 / (1.0 * 0.8), pessimistic: 1e6 / (0.8 * 0.8) },
  ])('$name: goodput 80%–100%', ({ spot, expected, optimistic, pessimistic }) => {
    const ranges: Ranges = { goodput: { low: 0.8, expected: 0.9, high: 1.0 } };
    const o = rangeOutcome(inputs({ goodput: 0.9, ...(spot !== undefined ? { spotInterruption: spot } : {}) }), ranges);
    expect(o.expected.wallClockSeconds).toBeCloseTo(expected, 3);
    expect(o.optimistic.wallClockSeconds).toBeCloseTo(optimistic, 3);
    expect(o.pessimistic.wallClockSeconds).toBeCloseTo(pessimistic, 3);
    const [s] = o.sensitivity;
    expect(s!.favourable.wallClockSeconds).toBeCloseTo(optimistic, 3);
    expect(s!.unfavourable.wallClockSeconds).toBeCloseTo(pessimistic, 3);
    // GPU-hours × $2: the cost follows the wall-clock.
    expect(o.pessimistic.cost.totalUsd).toBeCloseTo((pessimistic * 1000 / 3600) * 2, 3);
  });
});
