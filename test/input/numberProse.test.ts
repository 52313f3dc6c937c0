/**
 * Prose numbers' hints know whether the value takes expressions (src/input/numberProse.ts): a scenario's value does,
 * a command-line or library count (library/args.ts countArg) does not. `--count 2¹⁰` was told "write 2^10", which
 * --count refuses; a lone minus sign (U+2212) was told "write -", which is no value anywhere.
 */
import { describe, expect, it } from 'vitest';
import { proseNumberProblem } from '../../src/input/numberProse.js';
import { countArg } from '../../src/library/args.js';
import { thrownInputError } from '../helpers.js';

/** Every eighth GPU count to 800, `8,16,…,96,104,…,800`: 12 items of one or two digits, then 88 of three. */
const EIGHTHS = Array.from({ length: 100 }, (_, i) => String(8 * (i + 1)));

const SCENARIO_VALUE = 'digits, a suffix (k, M, B, T, P), + - * / ^ and parentheses';
const COUNT_VALUE = 'digits and a suffix (k, M, B, T, P), no arithmetic';

describe('the hint writes what the context reads', () => {
  // The values: 2^10 = 1024, 2 − 1 = 1, 10^-3 = 0.001 (written by hand, not copied from the output).
  it.each([
    { text: '2\u00b9\u2070', expressions: true, hint: 'write 2^10' },
    { text: '2\u00b9\u2070', expressions: false, hint: 'write 1024 (`2^10` is an expression, which this value does not take)' },
    { text: '2\u22121', expressions: true, hint: 'write 2-1' },
    { text: '2\u22121', expressions: false, hint: 'write 1 (`2-1` is an expression, which this value does not take)' },
    { text: '10\u207b\u00b3', expressions: false, hint: 'write 0.001 (`10^-3` is an expression, which this value does not take)' },
    // What reads as a count is written as it is in both.
    { text: '\u22128', expressions: false, hint: 'write -8' },
    { text: '1e\u2079', expressions: false, hint: 'write 1e9' },
    { text: '\uff18B', expressions: false, hint: 'write 8B' },
    // An expression with no value (a bracket left open): the syntax, not an expression to write.
    { text: '2\u00d7(3', expressions: false, hint: `write the value in ASCII: ${COUNT_VALUE}` },
    { text: '\u00bd', expressions: true, hint: `write the value in ASCII: ${SCENARIO_VALUE}` },
    { text: '\u00bd', expressions: false, hint: `write the value in ASCII: ${COUNT_VALUE}` },
    // A minus sign alone (or any text with no digit or letter) is no value in either.
    { text: '\u2212', expressions: true, hint: `\`\u2212\` is \`-\` in ASCII, no value: write the value in ASCII: ${SCENARIO_VALUE}` },
    { text: '\u2212', expressions: false, hint: `\`\u2212\` is \`-\` in ASCII, no value: write the value in ASCII: ${COUNT_VALUE}` },
    { text: '\u00d7', expressions: true, hint: `\`\u00d7\` is \`*\` in ASCII, no value: write the value in ASCII: ${SCENARIO_VALUE}` },
    // A percentage: the fraction's expression where one is read, its value where not.
    { text: '5 percent', expressions: true, hint: 'write 5% (or the fraction, 5 / 100)' },
    { text: '5 percent', expressions: false, hint: 'write the fraction, 0.05' },
    // hostile sweep 21: a scenario's YAML and expressions read 0x10 as 16; a count refused it with no hint
    { text: '0x10', expressions: false, hint: 'write 16 (`0x10` is hexadecimal, which this value does not read)' },
    { text: '0o17', expressions: false, hint: 'write 15 (`0o17` is octal, which this value does not read)' },
    { text: '0B101', expressions: false, hint: 'write 5 (`0B101` is binary, which this value does not read)' },
  ])('$text, expressions $expressions: $hint', ({ text, expressions, hint }) => {
    expect(proseNumberProblem(text, {}, 'count', expressions)?.hint).toBe(hint);
  });

  // Review D: the percent hint ignored the kind: `--deadline "10 percent"` was told "write 10%", then refused (fails on
  // the old code); a size the same.
  it.each([
    { kind: 'duration' as const, hint: 'a duration is no percentage: add a unit: s, min, h, days, weeks, months (730 h) or years (365 days), e.g. `21 days`' },
    { kind: 'bytes' as const, hint: 'a size in bytes is no percentage: add a unit: GB, TB (decimal) or GiB, TiB (binary), e.g. `80 GB`' },
  ])('10 percent as $kind', ({ kind, hint }) => {
    expect(proseNumberProblem('10 percent', {}, kind)?.hint).toBe(hint);
  });

  it.each([
    ['2\u00b9\u2070', 'write 1024 (`2^10` is an expression, which this value does not take)', true],
    ['\u2212', `\`\u2212\` is \`-\` in ASCII, no value: write the value in ASCII: ${COUNT_VALUE}`, true],
    // Review B: a whole count was told "write the fraction, 0.1", which it refuses (fails on the old code); a count
    // that may be a fraction (--moe-capacity-factor, plan.ts's one countArg with integer: false) keeps it.
    ['10 percent', 'a count of whole things is no percentage: write the number itself', true],
    ['10 percent', 'write the fraction, 0.1', false],
  ])('countArg (--count, the library\'s counts) takes no expressions: %s', (text, hint, integer) => {
    expect(thrownInputError(() => countArg('--count', text, { integer })).details.hint).toBe(hint);
  });
});

// Hostile sweep 19: a binary prefix (IEC 80000-13: Ki = 1,024, Mi = 1,024²) was read as a suffix with a letter glued on:
// `8Ki` was told "write 8K ..., or 8", and 8K is refused in a sequence length as ambiguous, 8 is a thousandth of it;
// `8 Ki` "write 8". Each row fails on the old code (values by hand: 8 × 1,024 = 8,192; 1,024² = 1,048,576).
describe('a binary prefix', () => {
  it.each([
    ['8Ki', 'write 8192 (`Ki` is the binary prefix 1,024: 8 × 1,024)'],
    ['8 Ki', 'write 8192 (`Ki` is the binary prefix 1,024: 8 × 1,024)'],
    ['1Mi', 'write 1048576 (`Mi` is the binary prefix 1,024²: 1 × 1,024²)'],
    ['0.5Ki', 'write 512 (`Ki` is the binary prefix 1,024: 0.5 × 1,024)'],
  ])('%s: %s', (text, hint) => {
    expect(proseNumberProblem(text, {}, 'count', false)?.hint).toBe(hint);
    expect(proseNumberProblem(text, {}, 'count', true)?.hint).toBe(hint);
  });
  it('through --seq-len', () => {
    expect(thrownInputError(() => countArg('--seq-len', '32Ki', { sequence: true })).details.hint).toBe('write 32768 (`Ki` is the binary prefix 1,024: 32 × 1,024)');
  });
});

// Hostile sweep 19: an ASCII expression where none is read (`--seq-len 8*1024`, `--count 2^10`) had no hint, where the
// same written with × or a superscript was told its value; each row fails on the old code (8 × 1,024 = 8,192; 2^13 = 8,192).
describe('an ASCII expression where the value takes none', () => {
  it.each([
    ['8*1024', 'write 8192 (`8*1024` is an expression, which this value does not take)'],
    ['2^13', 'write 8192 (`2^13` is an expression, which this value does not take)'],
    ['(4+4)*1024', 'write 8192 (`(4+4)*1024` is an expression, which this value does not take)'],
  ])('%s', (text, hint) => {
    expect(thrownInputError(() => countArg('--seq-len', text, { sequence: true })).details.hint).toBe(hint);
  });
  it('where expressions are read, no hint is made (the evaluator reads it)', () => {
    expect(proseNumberProblem('8*1024', {}, 'count', true)).toBeUndefined();
  });
});

// Hostile sweep 21: `--tokens 0x10` was "expected a number such as 300e9 ..." with no hint, where a scenario's YAML
// (`count: 0x10`) and expressions (`"0x10 * 2"`) read 16; a base-16, -8 or -2 literal is told its decimal value.
describe('a hexadecimal, octal or binary literal where only decimals are read', () => {
  it.each([
    ['0x10', 'write 16 (`0x10` is hexadecimal, which this value does not read)'],
    ['0o17', 'write 15 (`0o17` is octal, which this value does not read)'],
    ['0b101', 'write 5 (`0b101` is binary, which this value does not read)'],
  ])('%s', (text, hint) => {
    expect(thrownInputError(() => countArg('--tokens', text)).details.hint).toBe(hint);
  });
  it('digits outside the base are no such literal', () => {
    expect(proseNumberProblem('0b12', {}, 'count', false)?.hint ?? '').not.toMatch(/binary/);
  });
  it('where expressions are read, none is made (mathjs reads 0x10 as 16)', () => {
    expect(proseNumberProblem('0x10', {}, 'count', true)).toBeUndefined();
  });
});

// fixes26: several numbers grouped by thousands where one value is read (`--count 1,536,2,304`) were told "write the number
// without separators"; the hint names the numbers the commas make (quantity.ts thousandsReading). Fails on the old code.
describe('a list of grouped numbers where one value is read', () => {
  it.each([
    ['1,536,2,304', 'write one of 1536 or 2304: with thousands separators `1,536,2,304` is 2 numbers, and this value is one'],
    ['-1,536,2,304,4,096', 'write one of -1536, 2304 or 4096: with thousands separators `-1,536,2,304,4,096` is 3 numbers, and this value is one'],
    // One number: its thousands reading. Hostile sweep 27: a whole count was also told "or 1.536 if the comma is a decimal
    // point", and `--seq-len 2048,4096` "write 2048.4096 ...", readings no count takes; with a suffix the reading is whole.
    ['1,536', 'write 1536 (or 1_536) if the comma separates thousands'],
    ['2048,4096', 'write one of 2048 or 4096: `2048,4096` is 2 numbers, and this value is one'],
    ['2,50', 'write one of 2 or 50: `2,50` is 2 numbers, and this value is one'],
    ['1,5T', 'write 1.5T if the comma is a decimal point'],
    // Every eighth count to 800: its thousands reading joined 96 with the 88 groups after it (a 266-digit number); past
    // 2^53 − 1, no count (quantity.ts offeredThousandsReading), it is the list's 100 numbers. Fails on the old code.
    [EIGHTHS.join(','), `write one of ${EIGHTHS.slice(0, -1).join(', ')} or 800: \`${EIGHTHS.join(',')}\` is 100 numbers, and this value is one`],
  ])('%s', (text, hint) => {
    expect(proseNumberProblem(text, {}, 'count', false, true)?.hint).toBe(hint);
  });
  // Not a count: the decimal reading stays.
  it.each([
    ['1,536', 'write 1536 (or 1_536) if the comma separates thousands, or 1.536 if the comma is a decimal point'],
    ['2048,4096', 'write 2048.4096 if the comma is a decimal point'],
  ])('%s, not a count', (text, hint) => {
    expect(proseNumberProblem(text, {}, 'count', false, false)?.hint).toBe(hint);
  });
});

// review35: a price with its currency and time unit (`--price '$1800/month'`) was told "write 1800 (the key's name says per
// what)", a price per hour 720 times the one meant; the rate's rule (src/input/rateHint.ts) tells it as `1800/month` is. By
// hand: 1800 / (30 × 24) = 2.5; 60 / 24 = 2.5.
describe('a currency with a rate', () => {
  it.each<[string, 'hour' | undefined, string]>([
    ['$1800/month', 'hour', 'amounts are numbers of US dollars, without a sign; the key is per hour: write about 2.46575 (1800 per month is about 2.46575 per hour; a month is 730 hours here)'],
    ['$60 per day', 'hour', 'amounts are numbers of US dollars, without a sign; the key is per hour: write 2.5 (60 per day is 2.5 per hour)'],
    ['$2.50/h', 'hour', 'amounts are numbers of US dollars, without a sign; a rate is written as its number, the key\'s name saying per hour: write 2.50'],
    // review35b: per GPU-month, and a rate card's `mo`, were "write 1800 (the key's name says per what)".
    ['$1800/GPU-month', 'hour', 'amounts are numbers of US dollars, without a sign; the key is per hour: write about 2.46575 (1800 per month is about 2.46575 per hour; a month is 730 hours here)'],
    ['USD 1800 a mo', 'hour', 'amounts are numbers of US dollars, without a sign; the key is per hour: write about 2.46575 (1800 per month is about 2.46575 per hour; a month is 730 hours here)'],
    ['$250k', 'hour', 'amounts are numbers of US dollars: write 250k'],
  ])('%s per %s', (text, per, hint) => {
    expect(proseNumberProblem(text, {}, 'number', true, false, false, per)?.hint).toBe(hint);
  });
});

// review35: currencies from one list (src/input/numberProse.ts CURRENCIES). `CHF 2.5`, `GBP2.5` and `AUD 3` were "unknown
// name" with the scenario's names as hint; `A$3` and `C$3.2` (Australian and Canadian dollars) the generic US-dollar hint,
// `US$2.5` too, where its number is the amount.
describe('a currency of the one list', () => {
  const CONVERT = (t: string) => `amounts are numbers of US dollars: convert \`${t}\` to USD at a stated rate and date, and write that number without a sign (flopcast converts no currency)`;
  it.each<[string, string]>([
    ['CHF 2.5', CONVERT('CHF 2.5')],
    ['GBP2.5', CONVERT('GBP2.5')],
    ['AUD 3', CONVERT('AUD 3')],
    ['3 CAD', CONVERT('3 CAD')],
    ['A$3', CONVERT('A$3')],
    ['C$3.2', CONVERT('C$3.2')],
    ['US$2.5', 'amounts are numbers of US dollars: write 2.5'],
    ['$2.50', 'amounts are numbers of US dollars: write 2.50'],
  ])('%s', (text, hint) => {
    expect(proseNumberProblem(text, {}, 'number')?.hint).toBe(hint);
  });
  it('a name that holds a code is no currency', () => {
    expect(proseNumberProblem('usd_budget * 2', { usd_budget: 1 }, 'number')).toBeUndefined();
  });
});
