/**
 * A run's result quantity that overflows (src/estimate/run.ts firstNonFinite): how it is called in the
 * error, and the input the user would change.
 */
import type { ResultQuantity, RunResult } from '../estimate/run.js';
import type { ScenarioFile } from './schema.js';
import { snakeCase } from '../perf/layoutFields.js';
import { quantityWords } from '../report/quantityWords.js';

/** A result quantity in words, with its article: `the model FLOPs` (report/quantityWords.ts, by its --json key). */
export const quantityText = (q: ResultQuantity): string => quantityWords(snakeCase(q));

/** The input to blame when a result quantity overflows: the key the user would change. */
export function overflowCause(q: ResultQuantity, s: ScenarioFile, r: RunResult): string[] {
  const c = s.cluster;
  const throughput = ['cluster', c.utilization !== undefined ? 'utilization' : c.achieved_tflops !== undefined ? 'achieved_tflops' : 'tokens_per_second_per_gpu'];
  const overheads = s.overheads?.goodput !== undefined ? ['overheads', 'goodput'] : ['overheads'];
  // Wall-clock and GPU-hours divide the compute time by the goodput: a goodput below 1 is at fault
  // when the compute time alone stays in range (`goodput: 1e-300` was blamed on cluster.utilization).
  const byGoodput = r.goodput.goodput < 1 && Number.isFinite((r.computeSeconds * r.inputs.gpuCount) / 3600);
  switch (q) {
    case 'modelFlops':
    case 'hardwareFlops':
      return ['training', s.training.tokens !== undefined ? 'tokens' : 'tokens_per_param'];
    case 'computeSeconds':
    case 'throughput':
      return throughput;
    case 'gpuHours':
    case 'wallClockSeconds':
      return byGoodput ? overheads : throughput;
    case 'energyKwh':
      return Number.isFinite((r.gpuHours * (r.inputs.hardware.tdpWatts ?? 0) * s.energy.power_fraction) / 1000) ? ['energy', 'pue'] : throughput;
    case 'computeUsd': {
      if (s.pricing?.usd_per_gpu_hour !== undefined) return ['pricing', 'usd_per_gpu_hour'];
      // An owned cluster's price is capex / (amortization years × 8,760 h) (pricing/owned.ts), bounded by the schema
      // (LIMITS.maxUsdPerGpu, minAmortizationYears: at most about $23,000 per GPU-hour), so a cost past the doubles is
      // the larger factor's: the capex key the user wrote (a node's, where given), or the GPU-hours' throughput. Both
      // were blamed on the throughput (`capex_usd_per_gpu: 1e300, amortization_years: 1e-300` on cluster.utilization).
      const p = s.pricing;
      if (p?.kind !== 'owned') return throughput;
      const capexKey = p.capex_usd_per_gpu !== undefined ? 'capex_usd_per_gpu' : 'capex_usd_per_node';
      return r.inputs.price.usdPerGpuHour >= r.gpuHours ? ['pricing', capexKey] : throughput;
    }
    case 'energyUsd':
      return ['energy', 'usd_per_kwh'];
    case 'co2Kg':
      return ['energy', 'kg_co2_per_kwh'];
    case 'totalUsd':
      return (s.pricing?.fixed_usd ?? 0) > 0 ? ['pricing', 'fixed_usd'] : ['energy', 'usd_per_kwh'];
  }
}
