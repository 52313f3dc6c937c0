/**
 * A scenario's `pricing:` section -> the price a run pays per GPU-hour, with where it comes from:
 * a number given in the scenario, a profile price chosen by src/pricing/policy.ts, or the
 * amortised cost of owning the cluster (src/pricing/owned.ts). Pure.
 */
import type { HardwareProfile } from '../hardware/toProfile.js';
import { profileKind } from '../pricing/kinds.js';
import type { PriceUsed } from '../estimate/run.js';
import { breakEven, ownedCost } from '../pricing/owned.js';
import { choosePrice } from '../pricing/policy.js';
import { givenPriceWarning } from '../pricing/givenPrice.js';
import type { ScenarioFile } from './schema.js';
import { grouped, hourlyUsd } from '../report/format.js';

type Pricing = NonNullable<ScenarioFile['pricing']>;

export interface PricingResolution {
  price: PriceUsed;
  /** kind: owned may set the electricity price and PUE the energy cost uses. */
  energy: { pue: number; usdPerKwh: number };
  spotInterruption?: number;
}

export const DEFAULT_PRICING: Pricing = { kind: 'on_demand', fixed_usd: 0 };

/** `givenSource`: where a given usd_per_gpu_hour came from, as the run prints it (the file's, or run's `--price`). */
export function resolvePricing(p: Pricing, hw: HardwareProfile, energy: ScenarioFile['energy'], today: string, givenSource = 'scenario'): PricingResolution {
  const base = { pue: energy.pue, usdPerKwh: energy.usd_per_kwh };
  const spot = p.interruption_overhead !== undefined ? { spotInterruption: p.interruption_overhead } : {};
  const termHours = p.term !== undefined ? { termHours: p.term } : p.kind === 'capacity_block' ? { termHours: 'whole days' as const } : {};
  if (p.kind === 'owned') {
    const usdPerKwh = p.usd_per_kwh ?? energy.usd_per_kwh;
    const pue = p.pue ?? energy.pue;
    const owned = ownedCost({
      capexUsdPerGpu: p.capex_usd_per_gpu ?? p.capex_usd_per_node! / p.gpus_per_node!,
      interconnectUsdPerGpu: p.interconnect_usd_per_gpu ?? 0,
      amortizationYears: p.amortization_years!,
      hostingUsdPerGpuYear: p.hosting_usd_per_gpu_year ?? 0,
      usdPerKwh, pue,
      gpuKw: ((hw.tdpWatts ?? 0) / 1000) * energy.power_fraction,
    });
    let compare: PriceUsed['breakEven'];
    const warnings: string[] = [];
    const cw = p.compare_with;
    if (cw !== undefined) {
      if (typeof cw === 'object' && 'usd_per_gpu_hour' in cw) compare = breakEven(owned, cw.usd_per_gpu_hour, 'scenario');
      else {
        const c = choosePrice(hw, { kind: 'on-demand', today, ...(typeof cw === 'object' ? { provider: cw.provider } : {}) });
        warnings.push(...c.warnings);
        compare = breakEven(owned, c.usdPerGpuHour, c.source);
      }
    }
    return {
      price: {
        usdPerGpuHour: owned.usdPerGpuHour, kind: 'owned', providers: [], owned, warnings,
        source: `hardware ${hourlyUsd(owned.hardwareUsdPerGpuHour)} + hosting ${hourlyUsd(owned.hostingUsdPerGpuHour)} per GPU-hour, ${grouped(p.amortization_years!)}-year amortisation (energy ${hourlyUsd(owned.energyUsdPerGpuHour)}/GPU-h in the energy cost)`,
        ...(compare ? { breakEven: compare } : {}),
      },
      energy: { pue, usdPerKwh },
    };
  }
  if (p.usd_per_gpu_hour !== undefined) {
    const usd = p.usd_per_gpu_hour.expected;
    const unlikely = givenPriceWarning(hw, usd, today, givenSource === 'scenario' ? 'pricing.usd_per_gpu_hour' : givenSource);
    return {
      price: { usdPerGpuHour: usd, source: givenSource, kind: p.kind ?? 'given', providers: [], ...termHours, ...(unlikely ? { warnings: [unlikely] } : {}) },
      energy: base, ...spot,
    };
  }
  const kind = p.kind!;
  const c = choosePrice(hw, {
    kind: profileKind(kind)!, today,
    ...(p.provider !== undefined ? { provider: p.provider } : {}),
    ...(p.term !== undefined ? { termHours: p.term } : {}),
  });
  return {
    price: { usdPerGpuHour: c.usdPerGpuHour, source: c.source, kind, providers: c.providers, entries: c.entries, warnings: c.warnings, ...termHours },
    energy: base, ...spot,
  };
}
