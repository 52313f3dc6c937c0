/**
 * Uncertain inputs given as ranges (`utilization: [0.35, 0.45]`, `{low, expected, high}`) become
 * low / expected / high time and cost, and a one-at-a-time sensitivity (a tornado chart's data):
 * each ranged input moved to its ends while the others stay at their expected values.
 */
import { estimateRun, type RunInputs, type RunResult } from './run.js';

export interface Range {
  low: number;
  expected: number;
  high: number;
}

export type RangedInput = 'throughput' | 'price' | 'goodput';

export type Ranges = Partial<Record<RangedInput, Range>>;

export const RANGE_LABELS: Record<RangedInput, string> = {
  throughput: 'utilisation / throughput',
  price: 'price per GPU-hour',
  goodput: 'goodput',
};

/** The inputs with one ranged value replaced. */
function withValue(i: RunInputs, key: RangedInput, v: number): RunInputs {
  switch (key) {
    case 'price':
      return { ...i, price: { ...i.price, usdPerGpuHour: v } };
    case 'goodput':
      // Only the goodput moves: a spot price's preemption loss (overheads.spotInterruption) stays.
      return { ...i, overheads: { ...i.overheads, goodput: v } };
    case 'throughput': {
      const t = i.throughput;
      const throughput = t.kind === 'achieved_tflops' ? { ...t, hardwareFlopsPerSecondPerGpu: v }
        : t.kind === 'tokens_per_second_per_gpu' ? { ...t, tokensPerSecondPerGpu: v } : { ...t, mfu: v };
      return { ...i, throughput };
    }
  }
}

/** Higher throughput and goodput help; a higher price hurts. */
const HIGHER_IS_BETTER: Record<RangedInput, boolean> = { throughput: true, goodput: true, price: false };

export interface RangeOutcome {
  /** Every ranged input at its favourable end: the lowest time and cost. */
  optimistic: RunResult;
  expected: RunResult;
  /** Every ranged input at its unfavourable end. */
  pessimistic: RunResult;
  sensitivity: { input: RangedInput; range: Range; favourable: RunResult; unfavourable: RunResult }[];
}

export function rangeOutcome(expectedInputs: RunInputs, ranges: Ranges): RangeOutcome {
  const keys = (Object.keys(ranges) as RangedInput[]).filter((k) => ranges[k]);
  const end = (k: RangedInput, favourable: boolean) => {
    const r = ranges[k]!;
    return favourable === HIGHER_IS_BETTER[k] ? r.high : r.low;
  };
  const apply = (favourable: boolean) => keys.reduce((i, k) => withValue(i, k, end(k, favourable)), expectedInputs);
  const sensitivity = keys
    .map((k) => ({
      input: k,
      range: ranges[k]!,
      favourable: estimateRun(withValue(expectedInputs, k, end(k, true))),
      unfavourable: estimateRun(withValue(expectedInputs, k, end(k, false))),
    }))
    // The input that moves the cost most comes first.
    .sort((a, b) => (b.unfavourable.cost.totalUsd - b.favourable.cost.totalUsd) - (a.unfavourable.cost.totalUsd - a.favourable.cost.totalUsd));
  return { optimistic: estimateRun(apply(true)), expected: estimateRun(expectedInputs), pessimistic: estimateRun(apply(false)), sensitivity };
}
