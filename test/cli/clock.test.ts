/** "Now" and "today" from one reading of SOURCE_DATE_EPOCH (reproducible-builds.org: whole seconds since 1970). */
import { afterEach, describe, expect, it } from 'vitest';
import { nowMs, today } from '../../src/cli/clock.js';
import { todayFrom } from '../../src/pricing/policy.js';

const saved = process.env.SOURCE_DATE_EPOCH;
afterEach(() => {
  if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
  else process.env.SOURCE_DATE_EPOCH = saved;
});

describe('clock', () => {
  it.each([
    ['0', '1970-01-01'],
    ['1767225600', '2026-01-01'], // 2026-01-01T00:00:00Z
    ['1767225599', '2025-12-31'], // one second before
    ['253402300799', '9999-12-31'], // the last second an ISO year of four digits holds
  ])('SOURCE_DATE_EPOCH=%s is %s', (epoch, day) => {
    process.env.SOURCE_DATE_EPOCH = epoch;
    expect(today()).toBe(day);
    expect(todayFrom(nowMs())).toBe(day);
  });
  it.each(['1e9', '-1', '253402300800', 'yesterday'])('SOURCE_DATE_EPOCH=%s is refused by today() as by nowMs()', (epoch) => {
    process.env.SOURCE_DATE_EPOCH = epoch;
    expect(() => today()).toThrow(/SOURCE_DATE_EPOCH must be whole seconds since 1970/);
  });
  it('a clock reading in ms is its UTC day', () => {
    expect(todayFrom(Date.UTC(2026, 10, 29, 23, 59, 59))).toBe('2026-11-29');
  });
});
