/**
 * The quantities a result holds, in words, by the key its `--json` writes them at: one table for run's overflow refusal
 * (scenario/overflow.ts, resolve.ts: "the model FLOPs would not be a finite number") and budget's (cli/commands/budgetArgs.ts
 * refuseOverflow: "the GPU-hours would be beyond the largest number"), which named the same quantities in two tables.
 * Run's keys are its RunResult fields in snake case (estimate/run.ts ResultQuantity); budget's are its own
 * (`compute_flops`, `cost_usd`).
 */
import type { ResultQuantity } from '../estimate/run.js';
import type { SnakeCase } from '../perf/layoutFields.js';

/** Every run quantity is in the table (the compiler checks it), and budget's keys beside them. */
export const QUANTITY_WORDS: Readonly<Record<SnakeCase<ResultQuantity>, string> & Record<string, string>> = {
  // run
  model_flops: 'model FLOPs', hardware_flops: 'hardware FLOPs', compute_seconds: 'compute time', throughput: 'throughput',
  compute_usd: 'compute cost', energy_usd: 'energy cost', co2_kg: 'CO2', total_usd: 'total cost',
  // both
  wall_clock_seconds: 'wall-clock time', gpu_hours: 'GPU-hours', energy_kwh: 'energy',
  // budget
  compute_flops: 'compute (FLOPs)', six_nd_flops: 'compute (FLOPs)', cost_usd: 'cost', params: 'parameters', tokens: 'tokens',
};

/** A quantity's words with its article, `the GPU-hours`; a key not in the table in its own words (`the fixed usd`), none `the result`. */
export function quantityWords(key: string): string {
  return `the ${Object.hasOwn(QUANTITY_WORDS, key) ? QUANTITY_WORDS[key] : key ? key.replace(/_/g, ' ') : 'result'}`;
}
