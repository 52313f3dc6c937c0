/**
 * Number formatting (src/report/format.ts) at the ends of the range a user's numbers reach: never an
 * exponent with a suffix after it (1.826e+5P), never JavaScript's "e+" form.
 */
import { describe, expect, it } from 'vitest';
import { count, days, fixed, usd } from '../../src/report/format.js';

describe('huge numbers are written in scientific notation, never a suffix after an exponent', () => {
  it.each([
    [124_439_808, '124.4M'],
    [174.6e9, '174.6B'],
    [9.129e18, '9.129e18'],
    [999.9e15, '999.9P'],
    [1e18, '1.000e18'],
    [1.826e20, '1.826e20'],
    [-2.5e30, '-2.500e30'],
  ])('count(%d) = %s', (x, text) => expect(count(x)).toBe(text));
  it.each([
    [33.9, '33.9'],
    [6.857112262667117e18, '6857112262667116544'],
    [1e21, '1.000e21'],
    [2.85e30, '2.850e30'],
  ])('fixed(%d) = %s', (x, text) => expect(fixed(x)).toBe(text));
  it.each([
    [1234, '$1,234'],
    [26.06e6, '$26.06M'],
    [3.386e22, '$3.386e22'],
  ])('usd(%d) = %s', (x, text) => expect(usd(x)).toBe(text));
  it('days of 1e40 seconds', () => expect(days(1e40)).toBe('1.157e35 days'));
});
