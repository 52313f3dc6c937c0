/**
 * The price policy's dates (src/pricing/policy.ts): a price used that is dated after the run's day warns, and is still
 * used. It was used as current in silence: a run pinned to a past day (SOURCE_DATE_EPOCH) priced with a rate card
 * published later, and a mistyped date (2062) was never even stale. The other rules are tested in
 * test/hardware/profile.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { HardwareProfile, Price } from '../../src/hardware/toProfile.js';
import { choosePrice, isFutureDated } from '../../src/pricing/policy.js';
import { loadProfile } from '../hardware/helpers.js';

const h100 = loadProfile('h100-sxm');
const base = h100.prices.find((p) => p.kind === 'on-demand' && !p.expires)!;
const entry = (provider: string, usd: number, date: string, extra: Partial<Price> = {}): Price =>
  ({ ...base, provider, usdPerHour: usd, date, tier: 'specialist', confidence: 'secondary source', kind: 'on-demand', ...extra });
const synthetic = (prices: Price[]): HardwareProfile => ({ ...h100, prices });
const FUTURE = /is dated (\S+), after today \(2026-06-15\): SOURCE_DATE_EPOCH or the clock is earlier than the source, or the date is mistyped$/;

describe('isFutureDated: a price dated after today', () => {
  // A month or a year counts from its first day (input/date.ts dateStart).
  it.each([
    ['2026-06-16', true], ['2026-07', true], ['2027', true], ['2062-01-01', true],
    ['2026-06-15', false], ['2026-06', false], ['2026', false], ['2025-12-31', false],
  ])('%s against 2026-06-15: %s', (date, after) => {
    expect(isFutureDated(entry('A', 2, date), '2026-06-15')).toBe(after);
  });
});

describe('choosePrice with a price dated after today', () => {
  const today = '2026-06-15';
  it.each([
    { name: 'the median of established clouds', prices: [entry('A', 2, '2026-05-01'), entry('B', 4, '2026-07-01'), entry('C', 6, '2026-06-01')], q: {}, usd: 4, dated: ['2026-07-01'] },
    { name: 'a named provider', prices: [entry('A', 2, '2026-05-01'), entry('B', 4, '2062-01-01')], q: { provider: 'B' }, usd: 4, dated: ['2062-01-01'] },
    { name: 'a future entry not used (another provider named)', prices: [entry('A', 2, '2026-05-01'), entry('B', 4, '2062-01-01')], q: { provider: 'A' }, usd: 2, dated: [] },
    { name: 'none in the future', prices: [entry('A', 2, '2026-05-01'), entry('B', 4, '2026-06-15')], q: {}, usd: 3, dated: [] },
  ])('$name: used, and each such entry used warns', ({ prices, q, usd, dated }) => {
    const c = choosePrice(synthetic(prices), { kind: 'on-demand', today, ...q });
    expect(c.usdPerGpuHour).toBe(usd);
    expect(c.warnings.map((w) => FUTURE.exec(w)?.[1])).toEqual(dated);
  });
});
