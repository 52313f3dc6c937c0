/**
 * A given price far above every price the GPU lists (src/pricing/givenPrice.ts) warns: an instance's price or a month's
 * typed as a GPU-hour's was charged as given without a word (newuser35: `usd_per_gpu_hour: 98.32`, AWS's 2025 p5.48xlarge
 * instance price for 8 H100, on 1,024 H100 printed $59.97M where $7.5M was meant). Every warning row fails on the old
 * code, which had no warning.
 */
import { describe, expect, it } from 'vitest';
import type { HardwareProfile, Price } from '../../src/hardware/toProfile.js';
import { givenPriceWarning } from '../../src/pricing/givenPrice.js';
import { loadProfile } from '../hardware/helpers.js';
import { runCli } from '../cli/run-cli.js';
import { run } from '../../src/index.js';

const h100 = loadProfile('h100-sxm');
const base = h100.prices.find((p) => p.kind === 'on-demand' && !p.expires)!;
const entry = (provider: string, usd: number, date: string, extra: Partial<Price> = {}): Price =>
  ({ ...base, provider, usdPerHour: usd, date, tier: 'specialist', confidence: 'secondary source', kind: 'on-demand', ...extra });
const synthetic = (prices: Price[]): HardwareProfile => ({ ...h100, prices });
const today = '2026-06-15';
// RunPod's and Google Cloud's H100 list prices (hardware-profiles/h100-sxm.yaml), the widest spread of one GPU's list.
const LISTED = [entry('RunPod', 1.99, '2026-03'), entry('Google Cloud', 11.06, '2025-03-17')];

describe('givenPriceWarning', () => {
  it.each([
    // AWS p5.48xlarge's $98.32 an instance-hour for 8 H100 (2025-03-17): 8.9× the highest listed, $12.29 a GPU-hour.
    { what: 'an 8-GPU instance price', usd: 98.32, prices: LISTED, warns: '--price $98.32 per GPU-hour is 8.9× the highest price h100-sxm lists ($11.06, Google Cloud on-demand, 2025-03-17): a price is per GPU-hour, so an 8-GPU instance\'s is divided by 8 ($12.29) and a monthly one by 730 hours ($0.135); a quote above the list is charged as given' },
    // A GPU-month: $1,800 / 730 h = $2.466 a GPU-hour.
    { what: 'a monthly price', usd: 1800, prices: LISTED, warns: /^--price \$1,800\.00 per GPU-hour is 162.7× the highest price .* and a monthly one by 730 hours \(\$2\.466\)/ },
    { what: 'exactly twice the highest', usd: 22.12, prices: LISTED, warns: undefined },
    { what: 'a price inside the list', usd: 6.88, prices: LISTED, warns: undefined },
    // An expired rate card is not a price that applies: $12 is measured against $3 alone.
    { what: 'an expired entry left out', usd: 12, prices: [entry('A', 3, '2026-01'), entry('B', 50, '2025-01', { expires: '2025-06-01' })], warns: /is 4× the highest price h100-sxm lists \(\$3\.00, A on-demand, 2026-01\)/ },
    // Nor is one dated after today; with none left, nothing to set the price against.
    { what: 'no price applies', usd: 500, prices: [entry('A', 3, '2027-01')], warns: undefined },
    { what: 'no price listed', usd: 500, prices: [], warns: undefined },
  ])('$what', ({ usd, prices, warns }) => {
    const w = givenPriceWarning(synthetic(prices), usd, today, '--price');
    if (warns === undefined) expect(w).toBeUndefined();
    else if (typeof warns === 'string') expect(w).toBe(warns);
    else expect(w).toMatch(warns);
  });
});

describe('run warns of a given price far above the list', () => {
  it.each([
    ['--price', ['run', 'scenarios/llama-65b.yaml', '--gpu', 'h100-sxm', '--price', '98.32'], /warning: --price \$98\.32 per GPU-hour is [\d.]+× the highest price h100-sxm lists/],
  ])('%s', async (_, args, warning) => {
    const r = await runCli(args);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(warning); // a table's warnings are under it, on stdout
  });
  it('budget --price, on stderr', async () => {
    const r = await runCli(['budget', '--model', 'llama-3-8b', '--tokens', '1T', '--gpu', 'h100-sxm', '--count', '64', '--price', '98.32']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: --price \$98\.32 per GPU-hour is [\d.]+× the highest price h100-sxm lists/);
  });
  it('a price inside the list: no warning', async () => {
    const r = await runCli(['run', 'scenarios/llama-65b.yaml', '--gpu', 'h100-sxm', '--price', '6.88']);
    expect(r.stdout + r.stderr).not.toMatch(/highest price/);
  });
  it('a scenario\'s own price is named by its key, in the result\'s warnings', () => {
    const { results } = run('model: llama-3-8b\ntraining: {tokens: 1T, global_batch: 512}\ncluster: {gpu: h100-sxm, count: 64, utilization: 0.4}\npricing: {usd_per_gpu_hour: 98.32}\n');
    expect(results[0]!.warnings).toEqual([expect.stringMatching(/^pricing\.usd_per_gpu_hour \$98\.32 per GPU-hour is [\d.]+× the highest price h100-sxm lists/)]);
  });
});
