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
// RunPod's and Google Cloud's H100 list prices (hardware-profiles/h100-sxm.yaml), the widest spread of one GPU's list; Google
// Cloud's dated within 12 months of today here (it is 2025-03-17 in the profile), so both are current.
const LISTED = [entry('RunPod', 1.99, '2026-03'), entry('Google Cloud', 11.06, '2025-09-17')];

const trainium1 = loadProfile('trainium1');
const b300 = loadProfile('b300');

describe('givenPriceWarning', () => {
  it.each([
    // AWS p5.48xlarge's $98.32 an instance-hour for 8 H100 (2025-03-17): 8.9× the highest listed, $12.29 a GPU-hour.
    { what: 'an 8-GPU instance price', usd: 98.32, prices: LISTED, warns: '--price $98.32 per GPU-hour is 8.9× the highest price h100-sxm lists from an established cloud ($11.06, Google Cloud on-demand, 2025-09-17): a price is per GPU-hour, so an 8-GPU instance\'s is divided by 8 ($12.29) and a monthly one by 730 hours ($0.135); a quote above the list is charged as given' },
    // A GPU-month: $1,800 / 730 h = $2.466 a GPU-hour.
    { what: 'a monthly price', usd: 1800, prices: LISTED, warns: /^--price \$1,800\.00 per GPU-hour is 162\.7× the highest price .* and a monthly one by 730 hours \(\$2\.466\)/ },
    { what: 'exactly twice the highest', usd: 22.12, prices: LISTED, warns: undefined },
    // 2.04× prints as 2.0×: not "more than 2×" as printed, so no warning (the old code warned "is 2× the highest").
    { what: '2.04× the highest, 2.0× as printed', usd: 11.06 * 2.04, prices: LISTED, warns: undefined },
    // 2.05× prints as 2.1× (one decimal, never "2×" or "4×").
    { what: '2.05× the highest prints 2.1×', usd: 11.06 * 2.05, prices: LISTED, warns: /is 2\.1× the highest price/ },
    { what: 'a whole ratio keeps its decimal', usd: 12, prices: [entry('A', 3, '2026-01')], warns: /is 4\.0× the highest price h100-sxm lists from an established cloud \(\$3\.00, A on-demand, 2026-01\)/ },
    { what: 'a price inside the list', usd: 6.88, prices: LISTED, warns: undefined },
    // An expired rate card is not a price that applies: $12 is measured against $3 alone.
    { what: 'an expired entry left out', usd: 12, prices: [entry('A', 3, '2026-01'), entry('B', 50, '2025-01', { expires: '2025-06-01' })], warns: /is 4\.0× the highest price h100-sxm lists from an established cloud \(\$3\.00, A on-demand, 2026-01\)/ },
    // Nor is a marketplace's or an uncertain one: the default price is drawn from neither (policy.ts isEstablished).
    { what: 'a marketplace entry left out', usd: 12, prices: [entry('A', 3, '2026-01'), entry('M', 50, '2026-01', { tier: 'marketplace' })], warns: /is 4\.0× the highest price .* \(\$3\.00, A on-demand/ },
    { what: 'an uncertain entry left out', usd: 12, prices: [entry('A', 3, '2026-01'), entry('U', 50, '2026-01', { confidence: 'uncertain' })], warns: /is 4\.0× the highest price .* \(\$3\.00, A on-demand/ },
    // A lone marketplace listing is no yardstick: nothing warned, the price charged as given.
    { what: 'only a marketplace listing', usd: 500, prices: [entry('M', 3, '2026-01', { tier: 'marketplace', kind: 'spot' })], warns: undefined },
    // Nor is one dated after today; with none left, nothing to set the price against.
    { what: 'no price applies', usd: 500, prices: [entry('A', 3, '2027-01')], warns: undefined },
    { what: 'no price listed', usd: 500, prices: [], warns: undefined },
    // Modal's H100 rate card, $0.001097 a GPU-second (modal.com/pricing), typed as an hour's: $3.95 an hour.
    { what: 'a per-second rate', usd: 0.001097, prices: LISTED, warns: '--price $0.0011 per GPU-hour is under the lowest price h100-sxm lists from an established cloud ($1.99, RunPod on-demand, 2026-03) by a factor of 1,814.0: a price is per GPU-hour, so a per-second rate is multiplied by 3,600 ($3.949) and a per-minute one by 60 ($0.0658); a quote below the list is charged as given' },
    // A tenth of the lowest is not below it by more than 10×; a marketplace's H100 at $1.20 (0.6×) is a real price.
    { what: 'a tenth of the lowest', usd: 0.199, prices: LISTED, warns: undefined },
    { what: 'a cheap marketplace quote', usd: 1.2, prices: LISTED, warns: undefined },
    { what: 'a free price', usd: 0, prices: LISTED, warns: undefined },
    // review35b: the yardstick is what each kind's default draws from (policy.ts freshOf): a price over 12 months old beside
    // newer ones of its kind is set aside, so Google Cloud's $11.06 of 2025-03-17 (15 months before today) no longer
    // keeps $20 silent: 20 / 1.99 = 10.05, 10.1× as printed. The old code measured against $11.06 (1.8×: silent).
    { what: 'a stale price beside newer ones is set aside', usd: 20, prices: [entry('RunPod', 1.99, '2026-03'), entry('Google Cloud', 11.06, '2025-03-17')], warns: /is 10\.1× the highest price h100-sxm lists from an established cloud \(\$1\.99, RunPod on-demand, 2026-03\)/ },
    { what: 'within the current range', usd: 3.5, prices: [entry('RunPod', 1.99, '2026-03'), entry('Google Cloud', 11.06, '2025-03-17')], warns: undefined },
    // A kind all of whose prices are old keeps them, as its default does (warned there): 20 / 7.67 = 2.6×.
    { what: 'a kind with old prices alone keeps them', usd: 20, prices: [entry('RunPod', 1.99, '2026-03'), entry('Google Cloud', 7.67, '2025-03-17', { kind: 'reserved', term: '1y', termHours: 8760 })], warns: /is 2\.6× the highest price .* \(\$7\.67, Google Cloud reserved 1y, 2025-03-17\)/ },
    // review36 #12: the yardstick is the pool the default is drawn from (policy.ts defaultPool): each provider's newest entries,
    // a term grouped by its hours. The old yardstick took every fresh entry, grouped by the term as written. No bundled profile
    // differs; these do. Each row fails on the old code (silent, or another figure).
    // A's $20 of 2026-01 is older than A's $4 of 2026-05: the default takes $4 (and B's $3), so $12 is 12 / 4 = 3.0× (old: 0.6×, silent).
    { what: "a provider's older entry is not the default's", usd: 12, prices: [entry('A', 20, '2026-01'), entry('A', 4, '2026-05'), entry('B', 3, '2026-04')], warns: '--price $12.00 per GPU-hour is 3.0× the highest price h100-sxm lists from an established cloud ($4.00, A on-demand, 2026-05): a price is per GPU-hour, so an 8-GPU instance\'s is divided by 8 ($1.50) and a monthly one by 730 hours ($0.0164); a quote above the list is charged as given' },
    // The same below: A's $0.10 of 2026-01 beside its $4 of 2026-05; the lowest the default draws from is B's $3: 3 / 0.2 = 15.0.
    { what: "a provider's older low entry is not the default's", usd: 0.2, prices: [entry('A', 0.1, '2026-01'), entry('A', 4, '2026-05'), entry('B', 3, '2026-04')], warns: /^--price \$0\.20 per GPU-hour is under the lowest price h100-sxm lists from an established cloud \(\$3\.00, B on-demand, 2026-04\) by a factor of 15\.0:/ },
    // One term written two ways (`1y`, `12 months`: 8,760 h): C's stale $30 is set aside beside D's fresh $5, as the reserved 1y
    // default sets it aside; 40 / 5 = 8.0× (old: `1y` alone in its group kept $30, 1.3×: silent).
    { what: 'a term written two ways is one term', usd: 40, prices: [entry('RunPod', 1.99, '2026-03'), entry('C', 30, '2025-01', { kind: 'reserved', term: '1y', termHours: 8760 }), entry('D', 5, '2026-03', { kind: 'reserved', term: '12 months', termHours: 8760 })], warns: /^--price \$40\.00 per GPU-hour is 8\.0× the highest price h100-sxm lists from an established cloud \(\$5\.00, D reserved 12 months, 2026-03\)/ },
  ])('$what', ({ usd, prices, warns }) => {
    const w = givenPriceWarning(synthetic(prices), usd, today, '--price');
    if (warns === undefined) expect(w).toBeUndefined();
    else if (typeof warns === 'string') expect(w).toBe(warns);
    else expect(w).toMatch(warns);
  });

  it.each([
    // trn1.32xlarge: $21.50 an instance-hour for 16 Trainium chips (hardware-profiles/trainium1.yaml): $1.344 a chip-hour.
    { what: "trainium1's 16-chip instance", profile: trainium1, usd: 21.5, warns: /so a 16-GPU instance's is divided by 16 \(\$1\.344\)/ },
    // b300 lists one Spheron spot price ($2.97, marketplace): no established price, no warning.
    // review35b: H100's on-demand $11.06 (Google Cloud, 2025-03-17) is set aside beside newer on-demand prices, as the default
    // sets it aside; the highest left is the reserved 1y $7.67, its kind's only price: 20 / 7.67 = 2.6× warns (was silent).
    { what: 'h100-sxm at $20', profile: h100, usd: 20, warns: /is 2\.6× the highest price h100-sxm lists from an established cloud \(\$7\.67, Google Cloud reserved 1y, 2025-03-17\)/ },
    // Azure's $6.98 on demand (2026-03), the dearest current on-demand price: inside the list.
    { what: 'h100-sxm at $6.98', profile: h100, usd: 6.98, warns: undefined },
    { what: "b300's lone marketplace spot price", profile: b300, usd: 7, warns: undefined },
  ])('bundled profile: $what', ({ profile, usd, warns }) => {
    const w = givenPriceWarning(profile, usd, '2026-12-02', '--price');
    if (warns === undefined) expect(w).toBeUndefined();
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

// review35 finding 3: budget --json's `warnings` held [] where the warning went to stderr alone; run --json carries it in
// results[].warnings. Each of budget's answers now carries it in its `warnings`, as run's does (the old code: none).
describe("budget --json carries a given price's warning in its warnings, as run --json does", () => {
  // 98.32 / 7.67 (Google Cloud reserved 1y, the dearest price a default is drawn from) = 12.8.
  const FAR = /^--price \$98\.32 per GPU-hour is 12\.8× the highest price h100-sxm lists from an established cloud/;
  it('run --json: results[].warnings (the reference)', async () => {
    const r = await runCli(['run', 'scenarios/llama-65b.yaml', '--gpu', 'h100-sxm', '--price', '98.32', '--json']);
    expect(JSON.parse(r.stdout).results[0].warnings).toContainEqual(expect.stringMatching(FAR));
  });
  it.each([
    ['--model --tokens', ['--model', 'llama-3-8b', '--tokens', '1T']],
    ['--model --usd', ['--model', 'llama-3-8b', '--usd', '1M']],
    ['--usd (the compute-optimal model)', ['--usd', '1M']],
  ])('budget %s', async (_, args) => {
    const r = await runCli(['budget', ...args, '--gpu', 'h100-sxm', '--count', '64', '--price', '98.32', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).warnings).toContainEqual(expect.stringMatching(FAR));
    expect(r.stderr).toMatch(/^warning: --price \$98\.32/); // and on stderr, as before
  });
  it('budget FILE --json', async () => {
    const r = await runCli(['budget', 'scenarios/llama-65b.yaml', '--gpu', 'h100-sxm', '--price', '98.32', '--usd', '1M', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).warnings).toContainEqual(expect.stringMatching(FAR));
  });
  it('a price inside the list: warnings without it', async () => {
    const r = await runCli(['budget', '--usd', '1M', '--gpu', 'h100-sxm', '--count', '64', '--price', '6.88', '--json']);
    expect(JSON.parse(r.stdout).warnings).toEqual([]);
  });
});
