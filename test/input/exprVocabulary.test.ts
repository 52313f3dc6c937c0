/**
 * src/input/exprVocabulary.ts echoNumber: a number's text as a message quotes it. A long one was cut at 24 characters
 * with nothing to say how long it was (`123456789012345678901...` of a number of 42 or 400 digits, review34); each row
 * that is cut fails on the old code, which had no length.
 */
import { describe, expect, it } from 'vitest';
import { echoNumber } from '../../src/input/exprVocabulary.js';

const D = (n: number) => '1234567890'.repeat(Math.ceil(n / 10)).slice(0, n);

describe('echoNumber', () => {
  it.each([
    { case: 'a short number, whole', text: '1024', shown: '1024' },
    { case: '24 characters, whole', text: D(24), shown: D(24) },
    { case: '25 digits: its start and its length', text: D(25), shown: `${D(21)}... (25 digits)` },
    { case: '42 digits', text: D(42), shown: `${D(21)}... (42 digits)` },
    { case: '1,200 digits, the count grouped', text: D(1200), shown: `${D(21)}... (1,200 digits)` },
    { case: 'a sign is no digit', text: `-${D(30)}`, shown: `-${D(20)}... (30 digits)` },
    { case: 'nor is a `_` separator', text: `1${'_000'.repeat(9)}`, shown: `1_000_000_000_000_000... (28 digits)` },
    { case: 'a decimal or an exponent: its length in characters', text: `1.${'0'.repeat(30)}e400`, shown: `1.0000000000000000000... (36 characters)` },
  ])('$case', ({ text, shown }) => {
    expect(echoNumber(text)).toBe(shown);
  });
  it('a mark goes around the text, not the length', () => {
    expect(echoNumber(D(30), '`')).toBe(`\`${D(21)}...\` (30 digits)`);
    expect(echoNumber('1e400', '`')).toBe('`1e400`');
  });
});
