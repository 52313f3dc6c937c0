/** The input blamed when a run's result overflows (src/scenario/overflow.ts overflowCause): the key the user wrote. */
import { describe, expect, it } from 'vitest';
import { run } from '../../src/index.js';
import { GOOD_SCENARIO as GOOD, thrownInputError } from '../helpers.js';

const owned = (keys: string) => GOOD.replace('usd_per_gpu_hour: 2', `kind: owned\n  ${keys.split(', ').join('\n  ')}`);

// Hostile sweep 30: an owned cluster's figures are bounded where they are written (LIMITS.maxUsdPerGpu, minAmortizationYears,
// maxUsdPerKwh), so a purchase of 1e30 or a life of 1e-9 years is refused at its key with the bound and why, where it was
// printed ($2.010e31, a pay-back of 3.708e25 months) or, past the doubles, blamed on the overflow. pricing: starts at
// line 9, its keys at column 3 from line 10 (kind: owned) on.
describe("an owned cluster's figures are bounded at the key the user wrote", () => {
  const perGpu = 'hint: at most $10,000,000 per GPU, about 400 times the dearest bundled purchase ($25,734 per H100)';
  const life = 'hint: 0.1 to 30 years: operators depreciate servers over 4 to 6 years';
  it.each([
    { what: 'a purchase of 1e30 per GPU', keys: 'capex_usd_per_gpu: 1e30, amortization_years: 4', message: '11:3: pricing.capex_usd_per_gpu: expected a value <= 10,000,000, found 1e30', hint: perGpu },
    { what: 'a purchase past the doubles, with the interconnect', keys: 'capex_usd_per_gpu: 1e308, interconnect_usd_per_gpu: 1e308, amortization_years: 4', message: '11:3: pricing.capex_usd_per_gpu: expected a value <= 10,000,000, found 1e308', hint: perGpu },
    { what: 'a server of 1e30 over 8 GPUs', keys: 'capex_usd_per_node: 1e30, gpus_per_node: 8, amortization_years: 4', message: '11:3: pricing.capex_usd_per_node: expected at most 10000000 per GPU, found 1e30 per server of 8 GPUs', hint: perGpu },
    { what: 'a server within it per GPU', keys: 'capex_usd_per_node: 80M, gpus_per_node: 8, amortization_years: 4', message: undefined, hint: undefined },
    { what: 'a server past it per GPU', keys: 'capex_usd_per_node: 80000008, gpus_per_node: 8, amortization_years: 4', message: '11:3: pricing.capex_usd_per_node: expected at most 10000000 per GPU, found 80000008 per server of 8 GPUs', hint: perGpu },
    { what: 'an interconnect of 1e30 per GPU', keys: 'capex_usd_per_gpu: 30k, interconnect_usd_per_gpu: 1e30, amortization_years: 4', message: '12:3: pricing.interconnect_usd_per_gpu: expected a value <= 10,000,000, found 1e30', hint: perGpu },
    { what: 'hosting of 1e30 a GPU-year', keys: 'capex_usd_per_gpu: 30k, amortization_years: 4, hosting_usd_per_gpu_year: 1e30', message: '13:3: pricing.hosting_usd_per_gpu_year: expected a value <= 10,000,000, found 1e30', hint: 'hint: at most $10,000,000 per GPU a year, the most a GPU may cost to buy: hosting is per GPU per year' },
    { what: 'a life of 1e-9 years', keys: 'capex_usd_per_gpu: 30k, amortization_years: 1e-9', message: '12:3: pricing.amortization_years: expected a value >= 0.1, found 1e-9', hint: life },
    { what: 'a life of 1e-300 years under a purchase past the bound', keys: 'capex_usd_per_gpu: 1e300, amortization_years: 1e-300', message: '11:3: pricing.capex_usd_per_gpu: expected a value <= 10,000,000, found 1e300', hint: perGpu },
    { what: 'a life of 0.1 years', keys: 'capex_usd_per_gpu: 10M, interconnect_usd_per_gpu: 10M, amortization_years: 0.1, hosting_usd_per_gpu_year: 10M', message: undefined, hint: undefined },
    { what: 'a life of 31 years', keys: 'capex_usd_per_gpu: 30k, amortization_years: 31', message: '12:3: pricing.amortization_years: expected a value <= 30, found 31', hint: life },
    { what: 'electricity at $11 per kWh', keys: 'capex_usd_per_gpu: 30k, amortization_years: 4, usd_per_kwh: 11', message: '13:3: pricing.usd_per_kwh: expected a value <= 10, found 11', hint: 'hint: electricity costs cents per kWh (the dearest retail tariffs well under $1, the bundled scenarios $0.08), so more than $10 is a unit slip' },
  ])('$what', ({ keys, message, hint }) => {
    if (message === undefined) {
      // At the bounds, every figure printed is finite.
      const r = run(owned(keys), { file: 's.yaml' });
      expect(Number.isFinite(r.results[0]!.cost_usd)).toBe(true);
      return;
    }
    const e = thrownInputError(() => run(owned(keys), { file: 's.yaml' }));
    expect(e.format()).toContain(`s.yaml:${message}\n  ${hint}`);
  });
});
