/**
 * `flopcast hardware` (src/report/hardware.ts hardwareList): its price column is the cheapest established cloud's
 * on-demand list price (hardware/profile.ts listSummary), and says so. Headed "on-demand $/h", it read as the price
 * `run` charges by default, the median of those prices: H100 $1.99 in the list, $4.82 in `run` (as of 2026-11-29,
 * README "Prices").
 */
import { describe, expect, it } from 'vitest';
import { listSummary } from '../../src/hardware/profile.js';
import { hardwareList } from '../../src/report/hardware.js';
import { loadProfile } from '../hardware/helpers.js';

describe('hardwareList: the price column says which price it is', () => {
  const text = hardwareList(listSummary(['h100-sxm', 'mi300x'].map(loadProfile), '2026-11-29'));
  const lines = text.split('\n');
  it.each([
    ['the header names the cheapest', () => lines[0]!, /\bcheapest on-demand \$\/h\b/],
    ['the H100 row shows RunPod\'s $1.99', () => lines.find((l) => l.startsWith('h100-sxm'))!, /\b1\.99\b/],
    ['a note says run charges the median', () => text, /\nCheapest on-demand: the lowest list price of an established cloud; `flopcast run` charges the median of them by default/],
  ])('%s', (_, got, pattern) => expect(got()).toMatch(pattern));
});
