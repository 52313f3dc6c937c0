/** The input blamed when a run's result overflows (src/scenario/overflow.ts overflowCause): the key the user wrote. */
import { describe, expect, it } from 'vitest';
import { run } from '../../src/index.js';
import { GOOD_SCENARIO as GOOD, thrownInputError } from '../helpers.js';

const owned = (keys: string) => GOOD.replace('usd_per_gpu_hour: 2', `kind: owned\n  ${keys.split(', ').join('\n  ')}`);

describe("an owned cluster's cost overflow is blamed on the pricing key the user wrote", () => {
  // pricing: starts at line 9, its keys at column 3 from line 10 (kind: owned) on. A node's capex plus the
  // interconnect past the doubles was blamed on amortization_years (the raw capex_usd_per_gpu, absent, read as 0).
  it.each([
    { what: 'per-GPU capex + interconnect past the doubles', keys: 'capex_usd_per_gpu: 1e308, interconnect_usd_per_gpu: 1e308, amortization_years: 4', at: '12:3: pricing.interconnect_usd_per_gpu' },
    { what: 'per-node capex + interconnect past the doubles', keys: 'capex_usd_per_node: 1.7e308, gpus_per_node: 1, interconnect_usd_per_gpu: 1.7e308, amortization_years: 4', at: '13:3: pricing.interconnect_usd_per_gpu' },
    { what: 'per-GPU capex over a tiny amortisation', keys: 'capex_usd_per_gpu: 1e300, amortization_years: 1e-300', at: '12:3: pricing.amortization_years' },
    { what: 'per-node capex over a tiny amortisation', keys: 'capex_usd_per_node: 1e300, gpus_per_node: 1, amortization_years: 1e-300', at: '13:3: pricing.amortization_years' },
    { what: 'a per-GPU price in range, times the GPU-hours', keys: 'capex_usd_per_gpu: 1e307, amortization_years: 1', at: '11:3: pricing.capex_usd_per_gpu' },
    { what: 'a per-node price in range, times the GPU-hours', keys: 'capex_usd_per_node: 1e308, gpus_per_node: 8, amortization_years: 1', at: '11:3: pricing.capex_usd_per_node' },
  ])('$what: $at', ({ keys, at }) => {
    const e = thrownInputError(() => run(owned(keys), { file: 's.yaml' }));
    expect(e.located()).toBe(`s.yaml:${at}: out of range: the compute cost would not be a finite number`);
  });
});
