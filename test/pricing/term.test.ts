/**
 * Commitment terms (src/pricing/term.ts): the rate-card shorthand `Ny` reads N as any number the scenario language
 * reads, and a bare number of any spelling is refused for its missing unit. Hours from the scenario language's year
 * of 365 days (8,760 h) and month of a twelfth of it (730 h, src/input/calendar.ts).
 */
import { describe, expect, it } from 'vitest';
import { termHoursOrError } from '../../src/pricing/term.js';

describe('termHoursOrError', () => {
  // Hostile sweep 30: `1e3y` and `1_000y` were "unknown name `y`" where `1000y` was 1,000 years.
  it.each([
    ['1y', 8760],
    ['3Y', 3 * 8760],
    ['2.5y', 2.5 * 8760],
    ['1e1y', 10 * 8760],
    ['1e1 y', 10 * 8760],
    ['1_0y', 10 * 8760],
    ['.5y', 0.5 * 8760],
    ['6 months', 6 * 730],
    ['12 months', 8760],
    ['14 days', 14 * 24],
  ])('%j: %d hours', (text, hours) => {
    expect(termHoursOrError(text)).toBeCloseTo(hours, 9);
  });

  it.each([
    ['3', 'a term needs a unit, found 3 | add a unit: 3y, 3 months or 3 days'],
    ['1e1', 'a term needs a unit, found 1e1 | add a unit: 1e1y, 1e1 months or 1e1 days'],
    ['.5', 'a term needs a unit, found .5 | add a unit: .5y, .5 months or .5 days'],
    ['-1y', 'a term must be longer than zero, found -1y | write a term with its unit: 1y, 3y, 6 months, 14 days'],
  ])('%j: %j', (text, message) => {
    expect(termHoursOrError(text)).toBe(message);
  });
});
