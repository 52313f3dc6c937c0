import { describe, expect, it, vi } from 'vitest';
import { InputError } from '../../src/input/errors.js';
import { EXPRESSION_LIMITS, evaluateExpression, type ExpressionKind, type ExpressionOptions } from '../../src/input/expr.js';
import { thrownInputError } from '../helpers.js';

const SCOPE = Object.freeze({ params: 7e9, d_model: 4096, count: 2048 });
const DAY = 86_400;

/** The InputError `text` is refused with, under `opts` (the test fails where it is accepted or fails otherwise). */
function refused(text: string, opts: ExpressionOptions, scope: Readonly<Record<string, number>> = SCOPE): InputError {
  return thrownInputError(() => evaluateExpression(text, scope, opts));
}

function fails(text: string, kind: ExpressionKind = 'number', scope: Readonly<Record<string, number>> = SCOPE): InputError {
  return refused(text, { kind, keyPath: 'training.tokens', file: 's.yaml', line: 3, col: 5 }, scope);
}

describe('evaluateExpression: values', () => {
  it.each<[string, ExpressionKind, number]>([
    ['300B', 'count', 3e11],
    ['1.4T', 'count', 1.4e12],
    ['3.2M', 'count', 3.2e6],
    ['4k', 'count', 4e3],
    ['1_000_000', 'count', 1e6],
    ['2 * 15e12', 'count', 3e13],
    ['20 * params', 'count', 1.4e11],
    ['4 * d_model', 'count', 16384],
    ['max(512, count / 2)', 'count', 1024],
    ['max(512, 1024/2)', 'number', 512],
    ['min(3, 1, 2)', 'number', 1],
    ['2^10', 'number', 1024],
    ['-(3)', 'number', -3],
    ['+4', 'number', 4],
    ['0.4', 'number', 0.4],
    ['(1 + 2) * 3', 'number', 9],
    ['300B / 2', 'count', 1.5e11],
    ['max(1, 2)(3)', 'number', 6], // implicit multiplication, not a call
    ['round(2.5) + ceil(0.1) + floor(1.9) + abs(-1)', 'number', 3 + 1 + 1 + 1],
    ['round(-2.5)', 'number', -3],
    ['sqrt(16) + pow(2, 3)', 'number', 12],
    ['log(8, 2)', 'number', 3],
    ['exp(0) + log(1)', 'number', 1],
    ['21 days', 'duration', 1_814_400],
    ['3 weeks', 'duration', 1_814_400],
    ['36 h', 'duration', 129_600],
    ['90 minutes', 'duration', 5400],
    ['90 min', 'duration', 5400],
    ['30 s', 'duration', 30],
    ['1 day + 12 h', 'duration', 1.5 * DAY],
    ['2 * 3 days', 'duration', 6 * DAY],
    ['1 month', 'duration', 730 * 3600],
    ['2 years', 'duration', 730 * DAY],
    ['3600 s', 'duration', 3600],
    ['1.5 TB', 'bytes', 1.5e12],
    ['80 GB', 'bytes', 8e10],
    ['80GB', 'bytes', 8e10],
    ['64 GiB', 'bytes', 64 * 2 ** 30],
    ['512 MiB', 'bytes', 512 * 2 ** 20],
    ['2 * 80 GB', 'bytes', 1.6e11],
    ['1 week / 1 day', 'number', 7],
    ['1 TB / 1 GB', 'number', 1000],
  ])('%s (%s) = %d', (text, kind, expected) => {
    expect(evaluateExpression(text, SCOPE, { kind })).toBeCloseTo(expected, 6);
  });

  it('plain numbers pass through and -0 becomes 0', () => {
    expect(evaluateExpression(42, SCOPE, {})).toBe(42);
    expect(Object.is(evaluateExpression('-(0)', SCOPE, {}), 0)).toBe(true);
  });

  it('scope lookups ignore inherited properties and accept a null-prototype scope', () => {
    const scope = Object.assign(Object.create(null) as Record<string, number>, { n: 3 });
    expect(evaluateExpression('n * 2', scope, {})).toBe(6);
  });
});

describe('evaluateExpression: dimensions', () => {
  it.each<[string, ExpressionKind, RegExp]>([
    ['3 days', 'count', /^expected a count, found a duration$/],
    ['80 GB', 'count', /^expected a count, found a size in bytes$/],
    ['3 days', 'number', /^expected a number, found a duration$/],
    ['80 GB', 'duration', /^expected a duration, found a size in bytes$/],
    ['21 days', 'bytes', /^expected a size in bytes, found a duration$/],
    ['2 * 3', 'duration', /^expected a duration, found a number without a unit$/],
    ['60', 'duration', /^a duration needs a unit, found 60$/], // issue 11: `deadline: 60` was read as 60 seconds
    ['36k', 'duration', /^expected a duration, found a number without a unit$/],
    ['1 week / 1 day', 'duration', /found a number without a unit/],
    ['2 * 80', 'bytes', /^expected a size in bytes, found a number without a unit$/],
    ['1 day + 1 GB', 'duration', /^cannot add a size in bytes to a duration$/],
    ['2 days + 3', 'duration', /^cannot add a plain number to a duration$/],
    ['3 - 2 days', 'duration', /^cannot subtract a duration from a plain number$/],
    ['2 days * 3 h', 'duration', /^cannot multiply a duration by a duration$/],
    ['1 / (2 days)', 'duration', /^cannot divide a plain number by a duration$/],
    ['1 TB / 1 day', 'bytes', /^cannot divide a size in bytes by a duration$/],
    ['2 days ^ 2', 'duration', /`\^` needs plain numbers/],
    ['sqrt(4 days)', 'duration', /`sqrt` needs plain numbers/],
    ['max(1 day, 3)', 'duration', /`max` cannot mix a duration with a plain number/],
    ['pow(2)', 'number', /`pow` takes 2 arguments, found 1/],
    ['round(1, 2)', 'number', /`round` takes 1 argument, found 2/],
    ['min()', 'number', /`min` takes at least 1 argument, found 0/],
  ])('%s as %s', (text, kind, message) => {
    expect(fails(text, kind).message).toMatch(message);
  });

  // Two quantities side by side are mathjs' implicit multiplication: `90 days 3 hours` was refused as a product with no
  // word of the sum meant (sweep 11); an explicit `*` keeps the message alone.
  it.each<[string, string | undefined]>([
    ['90 days 3 hours', 'two values side by side multiply; to add them, write + between them, e.g. `1 day + 12 h`'],
    ['2 weeks 3 days', 'two values side by side multiply; to add them, write + between them, e.g. `1 day + 12 h`'],
    ['2 days * 3 h', undefined],
  ])('%s: cannot multiply a duration by a duration, hint %j', (text, hint) => {
    const e = fails(text, 'duration');
    expect(e.message).toBe('cannot multiply a duration by a duration');
    expect(e.details.hint).toBe(hint);
  });

  // newuser35: a rate with its time unit after a slash, as a rate card prints $/h, had the message alone; a divisor that is
  // more than a unit (`1 / (2 days)`) keeps it alone. review35: every such rate was told "write N" whatever its unit
  // (`--price 1800/month`: write 1800, a price per hour 720 times the one meant); "write N" is for the key's own unit only,
  // else the figure converted by hand (a month is 730 h, calendar.ts): 1800 / 730 = 2.4657534..., 60 / 24 = 2.5,
  // 0.04 × 60 = 2.4, 540000 / 60 = 9000, 6000 × 12 = 72000 (a year is twelve months).
  it.each<[string, string, ExpressionKind, string | undefined]>([
    ['2.5/h', 'pricing.usd_per_gpu_hour', 'number', 'a rate is written as its number, the key\'s name saying per hour: write 2.5'],
    ['380 / hour', 'cluster.tokens_per_second_per_gpu', 'number', 'the key is per second: write about 0.105556 (380 per hour is about 0.105556 per second)'],
    ['9000/s', 'cluster.tokens_per_second_per_gpu', 'number', 'a rate is written as its number, the key\'s name saying per second: write 9000'],
    ['540000/min', 'cluster.tokens_per_second_per_gpu', 'number', 'the key is per second: write 9000 (540000 per minute is 9000 per second)'],
    ['1800/month', '--price', 'number', 'the key is per hour: write about 2.46575 (1800 per month is about 2.46575 per hour; a month is 730 hours here)'],
    ['1800/month', 'options[1].pricing.usd_per_gpu_hour', 'number', 'the key is per hour: write about 2.46575 (1800 per month is about 2.46575 per hour; a month is 730 hours here)'],
    ['60/day', '--price', 'number', 'the key is per hour: write 2.5 (60 per day is 2.5 per hour)'],
    ['0.04/min', '--price', 'number', 'the key is per hour: write 2.4 (0.04 per minute is 2.4 per hour)'],
    ['6000/month', 'pricing.hosting_usd_per_gpu_year', 'number', 'the key is per year: write 72000 (6000 per month is 72000 per year; a month is 730 hours here)'],
    ['8/h', '--count', 'count', 'this value is no rate per unit of time: write the number alone (the key\'s name says what it counts), not 8 per hour'],
    ['1 / (2 days)', 'training.tokens', 'duration', undefined],
  ])('%s at %s: cannot divide a plain number by a duration, hint %j', (text, keyPath, kind, hint) => {
    const e = refused(text, { kind, keyPath });
    expect(e.message).toBe('cannot divide a plain number by a duration');
    expect(e.details.hint).toBe(hint);
  });

  // review35b: a rate in words, or after a slash by a rate card's abbreviation or per GPU-hour, which no expression reads, was
  // "write 1800: its name says what it counts" (720× the hourly price meant), "write 1368000" (3,600× the per-second
  // rate), "unknown name `GPU`" and "did you mean `M`?". Now the rate's hint, as `1800/month` gets: by hand 1800 / 730
  // = 2.4657534..., 1368000 / 3600 = 380, 6000 × 12 = 72000.
  it.each<[string, string, ExpressionKind, string]>([
    ['1800 per month', '--price', 'number', 'the key is per hour: write about 2.46575 (1800 per month is about 2.46575 per hour; a month is 730 hours here)'],
    ['1800 a month', '--price', 'number', 'the key is per hour: write about 2.46575 (1800 per month is about 2.46575 per hour; a month is 730 hours here)'],
    ['1800/mo', '--price', 'number', 'the key is per hour: write about 2.46575 (1800 per month is about 2.46575 per hour; a month is 730 hours here)'],
    ['1800 per month', 'pricing.usd_per_gpu_hour', 'number', 'the key is per hour: write about 2.46575 (1800 per month is about 2.46575 per hour; a month is 730 hours here)'],
    ['2.5/GPU-hour', '--price', 'number', 'a rate is written as its number, the key\'s name saying per hour: write 2.5'],
    ['2.5 per hour', 'pricing.usd_per_gpu_hour', 'number', 'a rate is written as its number, the key\'s name saying per hour: write 2.5'],
    ['1368000 per hour', 'cluster.tokens_per_second_per_gpu', 'number', 'the key is per second: write 380 (1368000 per hour is 380 per second)'],
    ['6000/mo', 'pricing.hosting_usd_per_gpu_year', 'number', 'the key is per year: write 72000 (6000 per month is 72000 per year; a month is 730 hours here)'],
    // review36: an adverb, `per GPU per`, `per-`, a calendar month, a fortnight, and a time word among other
    // words were "write 1800: its name says what it counts" (730× the hourly price meant). By hand: 1800 / 730 = 2.4657534...; / 8760 = 0.20547945...; / 168 = 10.7142857...; / 24 = 75;
    // / 336 (a fortnight, 14 × 24 h) = 5.35714285...; 1368000 / 3600 = 380; 1800 / 3600 = 0.5.
    ['1800 monthly', '--price', 'number', 'the key is per hour: write about 2.46575 (1800 per month is about 2.46575 per hour; a month is 730 hours here)'],
    ['1800 per GPU per month', '--price', 'number', 'the key is per hour: write about 2.46575 (1800 per month is about 2.46575 per hour; a month is 730 hours here)'],
    ['1800 per-month', '--price', 'number', 'the key is per hour: write about 2.46575 (1800 per month is about 2.46575 per hour; a month is 730 hours here)'],
    ['1800 per calendar month', 'pricing.usd_per_gpu_hour', 'number', 'the key is per hour: write about 2.46575 (1800 per month is about 2.46575 per hour; a month is 730 hours here)'],
    ['1800 monthly', 'options[0].pricing.usd_per_gpu_hour', 'number', 'the key is per hour: write about 2.46575 (1800 per month is about 2.46575 per hour; a month is 730 hours here)'],
    ['1800 hourly', 'pricing.usd_per_gpu_hour', 'number', 'a rate is written as its number, the key\'s name saying per hour: write 1800'],
    ['1800 yearly', '--price', 'number', 'the key is per hour: write about 0.205479 (1800 per year is about 0.205479 per hour; a year is 365 days here)'],
    ['1800 weekly', '--price', 'number', 'the key is per hour: write about 10.7143 (1800 per week is about 10.7143 per hour)'],
    ['1800 daily', '--price', 'number', 'the key is per hour: write 75 (1800 per day is 75 per hour)'],
    ['1800 per fortnight', '--price', 'number', 'the key is per hour: write about 5.35714 (1800 per fortnight is about 5.35714 per hour; a fortnight is 14 days)'],
    // review36: an abbreviation's point was mathjs's "Property name expected after dot (char 9)", no rate hint.
    ['1800/mo.', '--price', 'number', 'the key is per hour: write about 2.46575 (1800 per month is about 2.46575 per hour; a month is 730 hours here)'],
    ['1800/month.', '--price', 'number', 'the key is per hour: write about 2.46575 (1800 per month is about 2.46575 per hour; a month is 730 hours here)'],
    ['1800 per GPU per month.', 'pricing.usd_per_gpu_hour', 'number', 'the key is per hour: write about 2.46575 (1800 per month is about 2.46575 per hour; a month is 730 hours here)'],
    ['1800 per node per month', '--price', 'number', 'the key is per hour: write about 2.46575 (1800 per month is about 2.46575 per hour; a month is 730 hours here)'],
    ['1.8 thousand a month', '--price', 'number', 'the key is per hour: write about 2.46575 (1.8k per month is about 2.46575 per hour; a month is 730 hours here)'],
    ['1368000 hourly', 'cluster.tokens_per_second_per_gpu', 'number', 'the key is per second: write 380 (1368000 per hour is 380 per second)'],
    ['1800 tokens per hour', 'cluster.tokens_per_second_per_gpu', 'number', 'the key is per second: write 0.5 (1800 per hour is 0.5 per second)'],
    ['512 monthly', 'cluster.count', 'count', 'this value is no rate per unit of time: write the number alone (the key\'s name says what it counts), not 512 per month'],
    ['512 per week', 'cluster.count', 'count', 'this value is no rate per unit of time: write the number alone (the key\'s name says what it counts), not 512 per week'],
  ])('%s at %s (%s): a value takes no time unit', (text, keyPath, kind, hint) => {
    const e = refused(text, { kind, keyPath });
    expect(e.message).toBe(`a value takes no time unit, found \`${text}\``);
    expect(e.details.hint).toBe(hint);
  });

  // review36: a thousands comma in a rate was "write 1800 per month (or 1_800 per month) ..." (refused next, as a rate) or
  // "write 1800/month ..."; now the rate's hint for each reading. By hand: 1800 / 730 = 2.4657534..., 1.8 / 730 =
  // 0.0024657534..., 1800 / 3600 = 0.5, 1.8 / 3600 = 0.0005, 1.5 (a decimal comma only: one digit after it) per hour.
  it.each<[string, string, RegExp, string]>([
    ['1,800 per month', '--price', /^a comma is not read in a number, found `1,800 per month`$/, 'if the comma separates thousands, the key is per hour: write about 2.46575 (1800 per month is about 2.46575 per hour; a month is 730 hours here); if the comma is a decimal point, the key is per hour: write about 0.00246575 (1.800 per month is about 0.00246575 per hour; a month is 730 hours here)'],
    ['1,800/month', 'pricing.usd_per_gpu_hour', /^a comma is not read in a number, found `1,800\/month`$/, 'if the comma separates thousands, the key is per hour: write about 2.46575 (1800 per month is about 2.46575 per hour; a month is 730 hours here); if the comma is a decimal point, the key is per hour: write about 0.00246575 (1.800 per month is about 0.00246575 per hour; a month is 730 hours here)'],
    ['1,800 per node per month', '--price', /^a comma is not read/, 'if the comma separates thousands, the key is per hour: write about 2.46575 (1800 per month is about 2.46575 per hour; a month is 730 hours here); if the comma is a decimal point, the key is per hour: write about 0.00246575 (1.800 per month is about 0.00246575 per hour; a month is 730 hours here)'],
    ['$1,800/month', '--price', /^a currency is not read in a value, found `\$1,800\/month`$/, 'amounts are numbers of US dollars, without a sign; if the comma separates thousands, the key is per hour: write about 2.46575 (1800 per month is about 2.46575 per hour; a month is 730 hours here); if the comma is a decimal point, the key is per hour: write about 0.00246575 (1.800 per month is about 0.00246575 per hour; a month is 730 hours here)'],
    ['1,800 per hour', 'cluster.tokens_per_second_per_gpu', /^a comma is not read/, 'if the comma separates thousands, the key is per second: write 0.5 (1800 per hour is 0.5 per second); if the comma is a decimal point, the key is per second: write 0.0005 (1.800 per hour is 0.0005 per second)'],
    ['1,5 per hour', '--price', /^a comma is not read/, 'if the comma is a decimal point, a rate is written as its number, the key\'s name saying per hour: write 1.5'],
  ])('%s at %s: a thousands comma and a rate, one hint', (text, keyPath, message, hint) => {
    const e = refused(text, { kind: 'number', keyPath });
    expect(e.message).toMatch(message);
    expect(e.details.hint).toBe(hint);
  });

  // A date where a value goes was the subtraction 2026 − 6 − 30 (count: 2024-01-01 was 2022 GPUs).
  it.each<[string, ExpressionKind, RegExp]>([
    ['2026-06-30', 'duration', /give the time from the start of the run, e\.g\. `210 days`/],
    ['2024-01-01', 'count', /a date is not a value here/],
    ['2026-06-30T12:00:00Z', 'number', /a date is not a value here/],
  ])('a date %s as %s is refused as a date', (text, kind, hint) => {
    const e = fails(text, kind);
    expect(e.message).toMatch(new RegExp(`found the date ${text}$`));
    expect(e.details.hint).toMatch(hint);
  });
  it('arithmetic that is not date-shaped still evaluates', () => {
    expect(evaluateExpression('2048-64', {}, { kind: 'count' })).toBe(1984);
  });

  it('unit-less durations and sizes get a hint', () => {
    expect(fails('2 * 3', 'duration').details.hint).toMatch(/add a unit: s, min, h, days/);
    expect(fails('2 * 80', 'bytes').details.hint).toMatch(/GB, TB/);
  });
});

describe('evaluateExpression: finiteness and limits', () => {
  it.each<[string, RegExp]>([
    ['1e400', /^`1e400` is too large \(beyond the largest number, about 1\.8e308\)$/],
    ['-1e400', /^`-1e400` is too large below zero \(beyond the most negative number, about -1\.8e308\)$/],
    // the number as written, in the expression's words, not YAML's `.inf (unbounded)` (a flag's `--deadline 1e400days` was told so)
    ['2 * 1e400', /^`1e400` in `2 \* 1e400` is too large \(beyond the largest number, about 1\.8e308\)$/],
    ['1e308 * 10', /`1e308 \* 10` is not a finite number \(\* gives infinity\)/],
    ['1/0', /`1\/0` is not a finite number \(\/ gives infinity\)/],
    ['0/0', /is not a finite number \(\/ gives no number\)/],
    ['sqrt(-1)', /sqrt\(\) gives no number\)/],
    ['log(0)', /log\(\) gives minus infinity\)/],
    ['10^400', /\^ gives infinity\)/],
    ['Infinity', /^a number in `Infinity` is out of range \(it reads as infinity\)$/],
    ['NaN', /^a number in `NaN` is out of range \(it reads as no number\)$/],
    ['-Infinity', /out of range/],
    // YAML's spellings, as a flag's value: the scenario's message, not the parser's "Value expected (char 1)"
    ['.nan', /^expected a finite number, found \.nan \(not a number\)$/],
    ['-.inf', /^expected a finite number, found -\.inf \(unbounded\)$/],
    ['.Inf', /^expected a finite number, found \.inf \(unbounded\)$/],
    // below the smallest number: it read as 0, then "expected a positive value, found 1e-400"
    ['1e-400', /^number `1e-400` is out of range \(below the smallest number, about 5e-324, it reads as 0\)$/],
  ])('%s', (text, message) => {
    const e = fails(text);
    expect(e.message).toMatch(message);
    expect(e.details.keyPath).toBe('training.tokens');
    expect(e.format()).toMatch(/^s\.yaml:3:5: training\.tokens: /);
  });

  it('non-finite numeric input', () => {
    expect(() => evaluateExpression(Number.POSITIVE_INFINITY, SCOPE, {})).toThrow(InputError);
  });

  it('expression length', () => {
    const long = '1+'.repeat(300) + '1';
    expect(fails(long).message).toBe(`expression is ${long.length} characters long; the limit is ${EXPRESSION_LIMITS.maxLength}`);
    const ok = '1+'.repeat(200) + '1';
    expect(evaluateExpression(ok, SCOPE, {})).toBe(201);
  });

  it('bracket nesting and tree depth', () => {
    expect(fails('('.repeat(40) + '1' + ')'.repeat(40)).message).toMatch(/nests brackets more than 32 deep/);
    expect(evaluateExpression('('.repeat(20) + '1' + ')'.repeat(20), SCOPE, {})).toBe(1);
    expect(fails('-'.repeat(300) + '1').message).toMatch(/nested more than 256 levels deep/);
    expect(evaluateExpression('-'.repeat(200) + '1', SCOPE, {})).toBe(1);
    expect(fails('['.repeat(200)).message).toMatch(/nests brackets/);
  });
});

describe('mathjs is loaded lazily', () => {
  it('plain numbers, counts and single quantities do not load the parser', async () => {
    vi.resetModules();
    const fresh = await import('../../src/input/expr.js');
    expect(fresh.expressionParserLoaded()).toBe(false);
    expect(fresh.evaluateExpression('300B', {}, { kind: 'count' })).toBe(3e11);
    expect(fresh.evaluateExpression('1e9', {}, { kind: 'count' })).toBe(1e9);
    expect(fresh.evaluateExpression('21 days', {}, { kind: 'duration' })).toBe(21 * DAY);
    expect(fresh.evaluateExpression('80 GB', {}, { kind: 'bytes' })).toBe(8e10);
    expect(fresh.expressionParserLoaded()).toBe(false);
    expect(fresh.evaluateExpression('2 * 3', {}, {})).toBe(6);
    expect(fresh.expressionParserLoaded()).toBe(true);
  });
});

// Hostile sweep 6: numbers written as in prose or a spreadsheet were told in the parser's words
// ("cannot parse `1,024`: Unexpected operator , (char 2)", "unknown name `GPUs`" with the scenario's
// names as hint). Each is now named, with the number to write (src/input/numberProse.ts).
describe('evaluateExpression: numbers written as prose', () => {
  it.each<[string, ExpressionKind, RegExp, RegExp]>([
    ['1,024', 'count', /a comma is not read in a number, found `1,024`/, /^write 1024 \(or 1_024\) if the comma separates thousands, or 1\.024 if the comma is a decimal point$/],
    ['2,50', 'number', /a comma is not read in a number/, /^write 2\.50 if the comma is a decimal point$/],
    ['1,024,000', 'count', /a comma is not read/, /^write 1024000 \(or 1_024_000\) if the comma separates thousands$/],
    ['1 024', 'count', /a space is not read in a number/, /^write 1024 \(or 1_024\) if the space separates thousands$/],
    ["1'024", 'count', /an? apostrophe is not read/, /write 1024/],
    // With a suffix, a unit or more expression after it, the parser's "Unexpected operator , (char 2)" was all
    // (sweep 11): the readings keep what follows.
    ['1,5T', 'count', /^a comma is not read in a number, found `1,5T`$/, /^write 1\.5T if the comma is a decimal point$/],
    ['15,000B', 'count', /a comma is not read/, /^write 15000B \(or 15_000B\) if the comma separates thousands, or 15\.000B if the comma is a decimal point$/],
    ['1,024 sequences', 'count', /a comma is not read/, /^write 1024 sequences \(or 1_024 sequences\) if the comma separates thousands, or 1\.024 sequences if/],
    ['1,000,000 * 2', 'count', /a comma is not read/, /^write 1000000 \* 2 \(or 1_000_000 \* 2\) if the comma separates thousands$/],
    ['1 500B', 'count', /a space is not read/, /^write 1500B \(or 1_500B\) if the space separates thousands$/],
    ['1,5 days', 'duration', /a comma is not read/, /^write 1\.5 days if the comma is a decimal point$/],
    ['1,5M', 'number', /a comma is not read/, /^write 1\.5M if the comma is a decimal point$/],
    ['-1,5', 'number', /a comma is not read/, /^write -1\.5 if the comma is a decimal point$/],
    ['$2.50', 'number', /a currency is not read in a value, found `\$2\.50`/, /^amounts are numbers of US dollars: write 2\.50$/],
    ['$2.50/h', 'number', /a currency is not read/, /^amounts are numbers of US dollars, without a sign; this value is no rate per unit of time: write the number alone/],
    // newuser35: another currency's number is not the amount (`€2.50` was told "write 2.50", a euro price charged as dollars).
    ['€2.50', 'number', /a currency is not read in a value, found `€2\.50`/, /^amounts are numbers of US dollars: convert `€2\.50` to USD at a stated rate and date, and write that number without a sign \(flopcast converts no currency\)$/],
    ['2.5 EUR', 'number', /a currency is not read/, /^amounts are numbers of US dollars: convert `2\.5 EUR` to USD/],
    ['£40M', 'number', /a currency is not read/, /^amounts are numbers of US dollars: convert `£40M` to USD/],
    ['300k euros', 'number', /a currency is not read/, /^amounts are numbers of US dollars: convert `300k euros` to USD/],
    ['$1,024.50', 'number', /a currency is not read/, /without a sign/],
    ['$250k', 'number', /a currency is not read/, /^amounts are numbers of US dollars: write 250k$/],
    ['15 trillion', 'count', /`trillion` is not read in a value/, /^write 15T \(k = 1e3/],
    ['15 billion tokens', 'count', /`billion` is not read/, /^write 15B /],
    ['2.5 Million', 'count', /`Million` is not read/, /^write 2\.5M /],
    ['45 percent', 'number', /`percent` is not read/, /^this value is no share of anything: write the number itself$/],
    ['512 GPUs', 'count', /a value takes no unit word, found `512 GPUs`/, /^write 512: its name says what it counts$/],
    ['2.50 USD', 'number', /a currency is not read in a value, found `2\.50 USD`/, /^amounts are numbers of US dollars: write 2\.50$/],
    ['USD 40M', 'number', /a currency is not read/, /^amounts are numbers of US dollars: write 40M$/],
    ['2.5 dollars/h', 'number', /a currency is not read/, /^amounts are numbers of US dollars, without a sign; this value is no rate per unit of time/],
    ['15 Tokens', 'count', /a value takes no unit word/, /^write 15 where the name counts tokens/],
    ['4M tokens', 'count', /a value takes no unit word/, /global_batch: \{tokens: 4M\}/],
    // A suffix in the wrong case was told "write 15: its name says what it counts" (15 tokens, not 15T).
    ['15t', 'count', /^`t` is not a suffix, found `15t`$/, /^write 15T: suffixes are case-sensitive \(k = 1e3, M = 1e6, B = 1e9, T = 1e12, P = 1e15\)$/],
    ['300b', 'count', /`b` is not a suffix/, /^write 300B: /],
    ['2.5m', 'number', /`m` is not a suffix/, /^write 2\.5M: /],
    ['1 p', 'count', /`p` is not a suffix/, /^write 1P: /],
    // Sweep 15: a suffix and a letter after it, no space, was told "write 1" (a trillionth of 1T).
    ['1TT', 'count', /^a value takes no unit word, found `1TT`$/, /^write 1T if `T` is the suffix \(k = 1e3, M = 1e6, B = 1e9, T = 1e12, P = 1e15\), or 1: its name says what it counts$/],
    // Sweep 19: `Ti` is a binary prefix (IEC 80000-13), 1,024⁴, not T with a letter glued on (1.5 × 1,024⁴ by hand: 1,649,267,441,664).
    ['1.5Ti', 'count', /`Ti` is not read in a value/, /^write 1649267441664 \(`Ti` is the binary prefix 1,024⁴: 1\.5 × 1,024⁴\)$/],
    ['4Mtok', 'count', /a value takes no unit word/, /^write 4M if `M` is the suffix /],
    // with a space, a word: unchanged
    ['512 GPUs', 'count', /a value takes no unit word/, /^write 512: its name says what it counts$/],
    // Sweep 15: a character outside ASCII was the parser's 'Syntax error in part "−8" (char 1)' with the list of
    // functions as hint, or 'in part ""' for one that does not show.
    ['\u22128', 'number', /^a value is written in ASCII, found U\+2212 at column 1 of `\u22128`$/, /^write -8$/],
    ['2\u00d78', 'count', /found U\+00D7 at column 2/, /^write 2\*8$/],
    ['8\u200b', 'count', /found U\+200B at column 2/, /^write 8 \(U\+200B does not show: a zero-width character pasted with the number\)$/],
    // Second review: a space that shows was said not to show (one message for two kinds of character).
    ['8\u00a0k', 'count', /found U\+00A0 at column 2/, /^write 8k \(U\+00A0 is a space other than ASCII's, pasted with the number\)$/],
    // Second review: a superscript after an exponent's e was made a power (1e^9, which reads nowhere).
    ['1e\u2079', 'number', /found U\+2079 at column 3/, /^write 1e9$/],
    ['\uff18B', 'count', /found U\+FF18 at column 1/, /^write 8B$/],
    ['2\u2078', 'count', /found U\+2078 at column 2/, /^write 2\^8$/], // a power: NFKC alone reads 28
    ['10\u207b\u00b3', 'number', /found U\+207B at column 3/, /^write 10\^-3$/],
    ['8\u066b5', 'number', /found U\+066B at column 2/, /^write 8\.5$/],
    ['\u0668', 'count', /found U\+0668 at column 1/, /^write the digits 0-9$/],
    ['\u00bd', 'number', /found U\+00BD at column 1/, /^write the value in ASCII/],
    // what an earlier rule names keeps its message: a currency, a thin-space thousands separator
    ['\u20ac5', 'number', /a currency is not read/, /convert `\u20ac5` to USD/],
    ['1\u202f024', 'count', /a space is not read in a number/, /^write 1024/],
    // Second review: a thin space (U+2009) between thousands was told it does not show, as a zero-width character.
    ['1\u2009024', 'count', /a space is not read in a number/, /^write 1024 \(or 1_024\) if the space separates thousands/],
  ])('%s as %s', (text, kind, message, hint) => {
    const e = fails(text, kind);
    expect(e.message).toMatch(message);
    expect(e.details.hint).toMatch(hint);
  });

  // What an expression reads is unchanged: names and units after a number, commas inside calls.
  it.each<[string, ExpressionKind, number]>([
    ['20 params', 'count', 1.4e11],
    ['max(1,024)', 'number', 24],
    ['21 days', 'duration', 21 * DAY],
    ['15 T', 'count', 15e12],
    ['45%', 'number', 0.45],
  ])('%s as %s still evaluates', (text, kind, want) => {
    expect(evaluateExpression(text, SCOPE, { kind, percent: true })).toBe(want);
  });

  it('a duration keeps its unit did-you-mean', () => {
    expect(fails('3 dayz', 'duration').details.hint).toMatch(/did you mean `days?`/);
  });
});

// Hostile sweep 16: a unit or suffix alone is one of it to mathjs: `deadline: days` was a deadline of 1 day, `--usd M`
// a budget of $1M, `checkpoint: {cost: minutes}` one minute, silently. Its number was left out. Every row fails on the
// old code (it returned 1 of the unit); a name of the scenario's that a unit spells is told ambiguous, as before.
describe('evaluateExpression: a unit alone', () => {
  // Review B: the example ignored the field's kind: `count: days` was hinted `2 days` (then refused as a duration),
  // `deadline: M` `5M`, `utilization: k` `5k`. The last three rows and the `M` (number) row fail on the old code.
  const alone = (text: string) => `\`${text.trim()}\` is a unit alone: its number is missing`;
  it.each([
    { text: 'days', kind: 'duration' as const, message: alone('days'), hint: 'write the number before it, e.g. 2 days' },
    { text: ' hours ', kind: 'duration' as const, message: alone('hours'), hint: 'write the number before it, e.g. 2 hours' },
    { text: 'T', kind: 'count' as const, message: alone('T'), hint: 'write the number before it, e.g. 5T' },
    { text: 'GB', kind: 'bytes' as const, message: alone('GB'), hint: 'write the number before it, e.g. 2 GB' },
    { text: 'M', kind: 'number' as const, message: alone('M'), hint: 'write the number before it: `M` multiplies it by 1,000,000' },
    { text: 'days', kind: 'count' as const, message: 'expected a count, found the unit `days` alone', hint: 'write a plain number such as 300B, 1.4T or 20 * params' },
    { text: 'M', kind: 'duration' as const, message: 'expected a duration, found the unit `M` alone', hint: 'add a unit: s, min, h, days, weeks, months (730 h) or years (365 days), e.g. `21 days`' },
    { text: 'k', kind: 'number' as const, message: alone('k'), hint: 'write the number before it: `k` multiplies it by 1,000' },
  ])('$text ($kind)', ({ text, kind, message, hint }) => {
    const e = fails(text, kind);
    expect(e.message).toBe(message);
    expect(e.details.hint).toBe(hint);
  });
  // Review D: a dimensionless field was hinted "300B, 1.4T or 20 * params", true of token counts only: energy.pue (a number),
  // cluster.count (an integer, schema's positiveInt), budget --usd (a dollar amount, was "expected a count"). Every row
  // but the first fails on the old code (its hint, or its message for the last two); `3 days` in a number the same rule.
  it.each([
    { text: 'days', opts: { kind: 'count' as const }, message: 'expected a count, found the unit `days` alone', hint: 'write a plain number such as 300B, 1.4T or 20 * params' },
    { text: 'days', opts: { kind: 'number' as const }, message: 'expected a number, found the unit `days` alone', hint: 'write a plain number, without a unit, such as 1.1 or 3 / 4' },
    { text: '3 days', opts: { kind: 'number' as const }, message: 'expected a number, found a duration', hint: 'write a plain number, without a unit, such as 1.1 or 3 / 4' },
    { text: 'days', opts: { kind: 'count' as const, integer: true }, message: 'expected an integer, found the unit `days` alone', hint: 'write a whole number such as 8 or 2 * 512' },
    { text: 'days', opts: { kind: 'count' as const, field: { text: 'a dollar amount', hint: 'write the US dollars' } }, message: 'expected a dollar amount, found the unit `days` alone', hint: 'write the US dollars' },
  ])('$text in $opts: the field\'s own words', ({ text, opts, message, hint }) => {
    const e = refused(text, opts);
    expect(e.message).toBe(message);
    expect(e.details.hint).toBe(hint);
  });
  // Review D: a percentage in a field it is no value of was told "write 10%", then refused (cluster.count: expected an
  // integer; --deadline: a duration needs a unit). Both rows fail on the old code; a plain number keeps its hint.
  it.each([
    { opts: { kind: 'count' as const, integer: true }, hint: 'a count of whole things is no percentage: write the number itself' },
    { opts: { kind: 'duration' as const }, hint: 'a duration is no percentage: add a unit: s, min, h, days, weeks, months (730 h) or years (365 days), e.g. `21 days`' },
    { opts: { kind: 'number' as const, percent: true }, hint: 'write 10% (or the fraction, 10 / 100)' },
    { opts: { kind: 'number' as const }, hint: 'this value is no share of anything: write the number itself' },
  ])('10 percent in $opts: the field\'s hint', ({ opts, hint }) => {
    const e = refused('10 percent', opts);
    expect(e.details.hint).toBe(hint);
  });
  it('a scenario name a unit spells is still told ambiguous', () => {
    expect(fails('B', 'number', { B: 3 }).message).toBe('`B` is both a scenario name and a unit or suffix, so its meaning is ambiguous');
  });
});

// sweep32: a percentage was read wherever a number was (`count: 6400%` ran 64 GPUs, `usd_per_gpu_hour: 250%` cost $2.50 an
// hour, a measured `tokens_per_second_per_gpu: 77%` was 0.77). Only a ratio reads one (ExpressionOptions.percent): the
// refusals below fail on the old code, which returned the values in `was`.
describe('evaluateExpression: a percentage only where the field is a ratio', () => {
  it.each([
    { text: '6400%', opts: { kind: 'count' as const, integer: true }, was: 64, message: 'expected an integer, found the percentage `6400%`', hint: 'a count of whole things is no percentage: write the number itself' },
    { text: '250%', opts: { kind: 'number' as const }, was: 2.5, message: 'expected a number, found the percentage `250%`', hint: 'this value is no share of anything: write the number itself' },
    { text: '7.7k%', opts: { kind: 'number' as const }, was: 77, message: 'expected a number, found the percentage `7.7k%`', hint: 'this value is no share of anything: write the number itself' },
    { text: '1024 * 50%', opts: { kind: 'count' as const }, was: 512, message: 'expected a count, found the percentage `1024 * 50%`', hint: 'this value is no share of anything: write the number itself' },
  ])('$text in $opts is refused', ({ text, opts, was, message, hint }) => {
    expect(evaluateExpression(text, SCOPE, { ...opts, percent: true })).toBeCloseTo(was, 12);
    const e = refused(text, opts);
    expect(e.message).toBe(message);
    expect(e.details.hint).toBe(hint);
  });
  it.each([
    ['45%', 0.45],
    ['90 %', 0.9],
    ['9 / 20', 0.45],
    ['0.45', 0.45],
  ])('a ratio reads %s as %s', (text, want) => {
    expect(evaluateExpression(text, SCOPE, { kind: 'number', percent: true })).toBeCloseTo(want, 15);
  });
});
