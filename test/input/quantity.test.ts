/**
 * src/input/quantity.ts NUMBER_PATTERN: one underscore between digits only, as JavaScript's numeric
 * separators (ES2021). Before, `\d[\d_]*` read `1000_` and `1__000` as 1000 and `1_.5` as 1.5, in
 * command-line counts, scenario numbers and quantities alike (three copies of the pattern).
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/input/errors.js';
import { evaluateExpression } from '../../src/input/expr.js';
import { offeredThousandsReading, parseCount, sequenceSuffixProblem, thousandsReading } from '../../src/input/quantity.js';

describe('underscores in numbers', () => {
  it.each([
    ['1_000', 1000],
    ['1_000_000', 1e6],
    ['1_000.5', 1000.5],
    ['2_048k', 2048e3],
    ['1e1_0', undefined], // none in an exponent, as in JavaScript
    ['1000_', undefined],
    ['1__000', undefined],
    ['1_.5', undefined],
    ['_1000', undefined],
  ])('parseCount(%j) = %j', (text, value) => expect(parseCount(text)).toBe(value));

  it.each(['1000_', '1__000', '1_.5', '1_000_ days'])('a scenario value %j is refused', (text) => {
    expect(() => evaluateExpression(text, {}, { kind: text.endsWith('days') ? 'duration' : 'count' })).toThrow(InputError);
  });

  it.each([
    ['1_000', 'count', 1000],
    ['1_000 GB', 'bytes', 1e12],
    ['2_1 days', 'duration', 21 * 86400],
  ] as const)('a scenario value %j is %d', (text, kind, value) => expect(evaluateExpression(text, {}, { kind })).toBe(value));
});

// Both readings worked by hand: 128 × 1,000 and 128 × 1,024 (2^10); 1 × 2^20 = 1,048,576.
describe('a sequence length with a suffix is ambiguous', () => {
  it.each([
    ['128k', '128,000', '131,072'],
    ['4K', '4,000', '4,096'],
    ['1.5k', '1,500', '1,536'],
    ['1M', '1,000,000', '1,048,576'],
    ['2 * 64k', '64,000', '65,536'],
  ])('%j names both readings', (text, decimal, binary) => {
    const p = sequenceSuffixProblem(text)!;
    expect(p.message).toContain(`${decimal} (`);
    expect(p.message).toContain(`or ${binary} (`);
    expect(p.hint).toBe(`write the number: ${binary.replace(/,/g, '')} or ${decimal.replace(/,/g, '')}`);
  });

  it.each(['8192', '131_072', '2 * 4096', '4e3', 'seq_len', ' 2048 '])('%j has one reading', (text) => expect(sequenceSuffixProblem(text)).toBeUndefined());
});

// fixes26: a list split at commas none of which is spaced has a thousands reading exactly where three digits follow a
// comma and one to three come before it (a first group, or another group). The readings are written by hand.
describe('a list\'s thousands reading (thousandsReading)', () => {
  it.each([
    [['1', '536', '2', '304'], ['1536', '2304']],
    [['64', '128', '256'], ['64128256']],
    [['512', '1', '536', '4096'], ['512', '1536', '4096']],
    [['-1', '536'], ['-1536']],
    [['1', '024', '2', '048'], ['1024', '2048']],
    [['0', '128'], ['128']], // a leading zero dropped, as the number reads
    // Past 2^53 the digits as written, not a double's rounding (1e+21).
    [['1', '000', '000', '000', '000', '000', '000', '001', '2'], ['1000000000000000000001', '2']],
    [['1', '5T', '3T'], undefined], // a decimal comma, not thousands
    [['8', '16', '32'], undefined], // two digits after each comma
    [['1536', '2304'], undefined], // four digits before the comma
    [['512', '1024', '2048'], undefined],
    [['1024', '512'], undefined], // three digits after four: no group of a grouped number has four digits
    [['8'], undefined],
  ] as const)('%j', (items, reading) => {
    expect(thousandsReading(items)).toEqual(reading);
  });
});

/** Every eighth GPU count to 800, `8,16,…,96,104,…,800`: 12 items of one or two digits, then 88 of three. */
const EIGHTHS = Array.from({ length: 100 }, (_, i) => String(8 * (i + 1)));

// A compact list of counts whose commas could separate thousands was offered the thousands reading whatever it joined: the
// list of every eighth count to 800 was told 96 joined with the 88 groups after it, a number of 266 digits. A hint offers
// the reading only where every number it joins is at most 2^53 − 1 (9,007,199,254,740,991), the largest whole number a
// count key takes (the scenario schema's integer maximum); the pure reader above still joins them all, exactly (its
// 22-digit row). Readings by hand. Fails on the old code, which had one reader for both.
describe('the thousands reading a hint offers (offeredThousandsReading)', () => {
  it.each([
    [['1', '536', '2', '304'], ['1536', '2304']],
    // 2^53 − 1 in six groups, the most a count takes, and one more.
    [['9', '007', '199', '254', '740', '991'], ['9007199254740991']],
    [['-9', '007', '199', '254', '740', '991'], ['-9007199254740991']],
    [['9', '007', '199', '254', '740', '992'], undefined],
    // The pure reader's 22-digit row: read exactly above, offered nowhere.
    [['1', '000', '000', '000', '000', '000', '000', '001', '2'], undefined],
    [['8', '16', '32'], undefined],
    [EIGHTHS, undefined],
  ] as const)('%j', (items, reading) => {
    expect(offeredThousandsReading(items)).toEqual(reading);
  });
  it('the pure reader still joins the list of eighths: 96 and the 88 groups after it', () => {
    expect(thousandsReading(EIGHTHS)).toEqual([...EIGHTHS.slice(0, 11), EIGHTHS.slice(11).join('')]);
  });
});
