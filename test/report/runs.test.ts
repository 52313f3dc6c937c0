/** src/report/runs.ts: the rent-or-buy line (breakEvenText), as the run's text and the report print it. */
import { describe, expect, it } from 'vitest';
import { breakEvenText } from '../../src/report/runs.js';

// A break-even utilisation above 100% is a payback longer than the amortisation (the same inequality:
// hardware + hosting > rent − energy). Renting at $0.30 against a $30k H100 over 4 years printed "owning
// costs more even at full use (break-even utilisation 432%); the purchase pays back after 441.8 months
// of full use", the second half denying the first. Figures from pricing/owned.ts breakEven of that case.
describe('breakEvenText', () => {
  const rent = (usd: number) => ({ rentUsdPerGpuHour: usd, rentSource: 'scenario' });
  it.each([
    ['owning pays', { ...rent(2.5), utilization: 0.54, months: 24.8 }, 'against renting at $2.5/GPU-h (scenario): owning is cheaper above 54% utilisation; the purchase pays back after 24.8 months of full use'],
    ['owning costs more even at full use', { ...rent(0.3), utilization: 4.318, months: 441.83 }, 'against renting at $0.3/GPU-h (scenario): owning costs more even at full use (break-even utilisation 432%); at full use the purchase would pay back only after 441.8 months, longer than it is amortised over'],
    ['renting below running costs', { ...rent(0.2), utilization: 7.64, months: null }, 'against renting at $0.2/GPU-h (scenario): owning costs more even at full use (break-even utilisation 764%)'],
    ['renting below the energy alone', { ...rent(0.01), utilization: null, months: null }, 'against renting at $0.01/GPU-h (scenario): owning never pays: the rent is below the energy alone'],
  ])('%s', (_, b, text) => expect(breakEvenText(b)).toBe(text));
});
