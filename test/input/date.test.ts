/** Calendar dates (src/input/date.ts): the forms a source states, and only days that exist. */
import { describe, expect, it } from 'vitest';
import { datedAfter, isCalendarDate } from '../../src/input/date.js';

describe('isCalendarDate', () => {
  it.each([
    ['2026', true], ['2026-02', true], ['2026-02-28', true], ['2028-02-29', true], ['2000-02-29', true], ['2026-12-31', true],
    ['2026-02-29', false], ['1900-02-29', false], ['2026-04-31', false], ['2026-13', false], ['2026-00', false], ['2026-01-00', false],
    ['2026-13-45', false], ['26-01-01', false], ['2026-1-1', false], ['2026/01/01', false], ['', false], [' 2026', false],
  ])('%j: %s', (text, ok) => {
    expect(isCalendarDate(text)).toBe(ok);
  });

  it('full: YYYY-MM-DD only', () => {
    expect(isCalendarDate('2026-11-29', { full: true })).toBe(true);
    expect(isCalendarDate('2026-11', { full: true })).toBe(false);
    expect(isCalendarDate('2026', { full: true })).toBe(false);
  });
});

describe('datedAfter', () => {
  // A bare year or month starts on its first day: `2026-07` is after 2026-06-30 and not after 2026-07-15.
  it.each([
    ['2026-07', '2026-06-30', true], ['2026-07', '2026-07-15', false], ['2026-07-01', '2026-07-01', false],
    ['2027', '2026-12-31', true], ['2026', '2026-01-01', false], ['2026-11-30', '2026-11', true],
  ])('%s after %s: %s', (date, day, after) => {
    expect(datedAfter(date, day)).toBe(after);
  });
});
