/**
 * run --json's `ranges.inputs`: a given throughput range is keyed by THROUGHPUT_RANGE_KEY, a map written by hand
 * (report/runJson.ts). Leftover 32: each key is held to the value it names, so that the map cannot drift from the result
 * it sits in: the range's expected value is the result's own at that key, or for tokens per second per GPU (a key the
 * result has only for the cluster) the result's tokens_per_second over its GPUs. A kind of throughput added to the
 * scenario (estimate/run.ts Throughput) is a row to add: the last test fails until it is.
 */
import { describe, expect, it } from 'vitest';
import { run } from '../../src/index.js';
import { THROUGHPUT_RANGE_KEY } from '../../src/report/runJson.js';

const scenario = (throughput: string) => `model: gpt2\ntraining: {tokens: 1B, recompute: full}\ncluster: {gpu: h100-sxm, count: 8, ${throughput}}\npricing: {usd_per_gpu_hour: 2}\n`;

describe('a throughput range is keyed by the result value it gives', () => {
  // The middle of each range, in the result's units (achieved_tflops is TFLOPS, the result's FLOP/s).
  const rows = [
    { kind: 'utilization', given: 'utilization: [0.3, 0.5]', expected: 0.4, valueAt: (r: Record<string, unknown>, key: string) => r[key] },
    { kind: 'achieved_tflops', given: 'achieved_tflops: [300, 500]', expected: 400e12, valueAt: (r: Record<string, unknown>, key: string) => r[key] },
    { kind: 'tokens_per_second_per_gpu', given: 'tokens_per_second_per_gpu: [2500, 5000]', expected: 3750, valueAt: (r: Record<string, unknown>) => (r.tokens_per_second as number) / (r.count as number) },
  ] as const;
  it.each(rows)('$kind', ({ kind, given, expected, valueAt }) => {
    const r = run(scenario(given)).results[0]! as unknown as Record<string, unknown> & { ranges: { inputs: Record<string, { expected: number }> } };
    const key = THROUGHPUT_RANGE_KEY[kind];
    expect(Object.keys(r.ranges.inputs)).toEqual([key]);
    expect(r.ranges.inputs[key]!.expected).toBeCloseTo(expected, 6);
    expect(valueAt(r, key)).toBeCloseTo(r.ranges.inputs[key]!.expected, 6);
  });
  it('every kind but the predicted one (its band is its record, not a range given) has a row', () => {
    expect(Object.keys(THROUGHPUT_RANGE_KEY).filter((k) => k !== 'predicted').sort()).toEqual(rows.map((x) => x.kind).sort());
  });
});
