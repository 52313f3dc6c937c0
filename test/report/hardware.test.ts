/**
 * `flopcast hardware` (src/report/hardware.ts hardwareList): its price column is the cheapest established cloud's
 * on-demand list price (hardware/profile.ts listSummary), and says so. Headed "on-demand $/h", it read as the price
 * `run` charges by default, the median of those prices: H100 $1.99 in the list, $4.82 in `run` (as of 2026-11-29,
 * README "Prices").
 */
import { describe, expect, it } from 'vitest';
import { listSummary } from '../../src/hardware/profile.js';
import { hardwareList, hardwareShow } from '../../src/report/hardware.js';
import { loadProfile } from '../hardware/helpers.js';

describe('hardwareList: the price column says which price it is', () => {
  const text = hardwareList(listSummary(['h100-sxm', 'mi300x'].map(loadProfile), '2026-11-29'));
  const lines = text.split('\n');
  it.each([
    ['the header names the cheapest, per GPU-hour as run\'s $/GPU-h', () => lines[0]!, /\bcheapest on-demand \$\/GPU-h\b/],
    ['the H100 row shows RunPod\'s $1.99', () => lines.find((l) => l.startsWith('h100-sxm'))!, /\b1\.99\b/],
    ['a note says run charges the median', () => text, /\nCheapest on-demand: the lowest list price of an established cloud; `flopcast run` charges the median of them by default/],
  ])('%s', (_, got, pattern) => expect(got()).toMatch(pattern));
});

// Lead trial 23: `hardware show`'s price table marked only expired prices, so Google Cloud's reserved 1y price of
// 2025-03-17 read as current on 2026-11-29 where `prices` (and `run`, as a warning) says it is over 12 months old;
// its header said "$/h" per "accelerator-hour" where every other listing says $/GPU-h. The standing is `prices`'
// (report/prices.ts priceStatus), as of the date given.
describe('hardwareShow: each price with its standing as of today', () => {
  const text = hardwareShow(loadProfile('h100-sxm'), '2026-11-29');
  const row = (s: string) => text.split('\n').find((l) => l.includes(s))!;
  it.each([
    ['the heading says the unit and the date', () => text, /\nprices \(USD per GPU-hour, as of 2026-11-29; `flopcast prices h100-sxm` gives each one's source/],
    ['the column is $/GPU-h', () => row('  kind  '), /\$\/GPU-h/],
    // leftovers of closing23: CoreWeave's $49.24 / 8 = $6.155 printed 6.16 here, $6.155 in `prices`
    ['each price as every output prints one (hourlyUsd)', () => row('CoreWeave'), / 6\.155 /],
    ['a price of 2025-03-17 is over 12 months old', () => row('reserved 1y'), /2025-03-17 .*over 12 months old$/],
    ['an expired one says so', () => row('capacity-block'), /expired 2025-01-01$/],
    ['a current established price has no flag', () => row('Azure'), /Azure NC H100 v5$/],
  ])('%s', (_, got, pattern) => expect(got()).toMatch(pattern));
});
