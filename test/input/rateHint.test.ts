/**
 * src/input/rateHint.ts: the one rule a rate written with its time unit is told by (`--price 1800/month`, `1800 per
 * month`, `$1800/mo`, `tokens_per_second_per_gpu: 9000/s`). Expectations are worked by hand from the units' lengths.
 */
import { describe, expect, it } from 'vitest';
import { keyTakes, perUnitOfKey, rateHint, timeWordIn, writtenRate } from '../../src/input/rateHint.js';
import { UNITS } from '../../src/input/exprVocabulary.js';

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;
const MONTH = 730 * HOUR;
const YEAR = 365 * DAY;

// review35b: `1800 per month`, `1800 a month`, `2.5/GPU-hour` and `1800/mo` were no rate to the hints (they were told "write
// 1800", "unknown name GPU", "did you mean M?"). Every per-unit word of the vocabulary, its plural and a rate card's
// abbreviations, after a slash or a word, is the unit of its length: `read` only where an expression reads the text as a
// division by a unit (the walker tells those).
describe('writtenRate: the time words a rate is written per', () => {
  it.each<[string, number, boolean]>([
    ['3/s', 1, true], ['3 per sec', 1, false], ['3 per second', 1, false], ['3/seconds', 1, true], ['3/secs', 1, false],
    ['3/min', MINUTE, true], ['3 a minute', MINUTE, false], ['3/minutes', MINUTE, true], ['3/mins', MINUTE, false],
    ['3/h', HOUR, true], ['3/hr', HOUR, true], ['3/hrs', HOUR, false], ['3 per hour', HOUR, false], ['3 an hour', HOUR, false], ['3/hours', HOUR, true],
    ['3/d', DAY, true], ['3 per day', DAY, false], ['3/days', DAY, true], ['3 every day', DAY, false],
    ['3/week', 7 * DAY, true], ['3/wk', 7 * DAY, false], ['3/wks', 7 * DAY, false], ['3 each week', 7 * DAY, false], ['3/weeks', 7 * DAY, true],
    ['3/month', MONTH, true], ['3/mo', MONTH, false], ['3/mos', MONTH, false], ['3/mth', MONTH, false], ['3 a month', MONTH, false], ['3 per Month', MONTH, false], ['3/months', MONTH, true],
    ['3/year', YEAR, true], ['3/yr', YEAR, false], ['3/yrs', YEAR, false], ['3 a year', YEAR, false], ['3/years', YEAR, true],
    // A price per GPU-hour is per hour.
    ['3/GPU-hour', HOUR, false], ['3 per GPU hour', HOUR, false], ['3/gpu-hr', HOUR, false], ['3 per GPU-month', MONTH, false],
  ])('%s is per %d s (read by an expression: %s)', (text, seconds, read) => {
    const r = writtenRate(text)!;
    expect(r.value).toBe(3);
    expect(UNITS[r.unit]!.value).toBe(seconds);
    expect(r.read).toBe(read);
  });

  // review36: adverbs, `per GPU per`, `per-`, a calendar month or year, a fortnight and a quarter
  // were no rate ("write 1800" followed); each is the unit named, never read by an expression.
  it.each<[string, string]>([
    ['3 hourly', 'hour'], ['3 daily', 'day'], ['3 Weekly', 'week'], ['3 fortnightly', 'fortnight'], ['3 monthly', 'month'], ['3 quarterly', 'quarter'],
    ['3 yearly', 'year'], ['3 annually', 'year'], ['3 per annum', 'year'], ['3 per GPU per month', 'month'], ['3/GPU/month', 'month'],
    ['3 per-month', 'month'], ['3 per calendar month', 'month'], ['3 a calendar year', 'year'], ['3 per fortnight', 'fortnight'],
    ['3 per quarter', 'quarter'],
  ])('%s is per %s', (text, unit) => {
    expect(writtenRate(text)).toMatchObject({ value: 3, unit, read: false });
  });

  // review36: an abbreviation's point (`1800/mo.`) was no rate, and the parser's "Property name expected after dot" followed.
  it.each<[string, string]>([['3/mo.', 'month'], ['3/month.', 'month'], ['3 per yr.', 'year'], ['3 monthly.', 'month'], ['3 per GPU per wk.', 'week']])('%s is per %s', (text, unit) => {
    expect(writtenRate(text)).toMatchObject({ value: 3, unit, read: false });
  });

  it.each([
    ['2.50/h', '2.50', 2.5], ['1.8k per month', '1.8k', 1800], ['1_800 a month', '1_800', 1800],
  ])('%s: the number as written, %s, worth %d', (text, number, value) => {
    expect(writtenRate(text)).toMatchObject({ number, value });
  });

  // No time unit, or no rate: not one (the other hints tell these).
  it.each(['3 per GPU', '3/constructor', '3 per toString', '3 months', '3/k', '3 per', 'per month', '3 per month extra', '3/M', '3 per monthly', '3 per calendar hour', '3 hourlyy', '3 monthly.x'])('%s is no rate', (text) => {
    expect(writtenRate(text)).toBeUndefined();
  });
});

// review36: the first time word among other words (no rate form reads them), two letters or more; the numberProse fallback
// tells such a value by the rate's hint, never "write N".
describe('timeWordIn', () => {
  it.each<[string, string | undefined]>([
    [' per node per month', 'month'], [' GPU-hours', 'hours'], [' tokens per s', undefined], [' H100s', undefined], [' per node monthly', 'month'],
    [' a fortnight, billed yearly', 'fortnight'], [' GPUs', undefined], [' constructor', undefined], ['', undefined],
  ])('%j: %s', (text, unit) => {
    expect(timeWordIn(text)).toBe(unit);
  });
});

// The unit a key's value is per, from its name: `per_` then an optional `gpu_` and the unit, at a word's edge.
describe('perUnitOfKey', () => {
  it.each<[string | undefined, string | undefined]>([
    ['pricing.usd_per_gpu_hour', 'hour'],
    ['options[1].pricing.usd_per_gpu_hour', 'hour'],
    ['cluster.tokens_per_second_per_gpu', 'second'],
    ['pricing.hosting_usd_per_gpu_year', 'year'],
    ['per_day', 'day'],
    // A matrix's dotted key, a value of its list (mendi36: the whole path's text hid a unit at its end; the first and last rows fail on the old code).
    ['matrix["pricing.usd_per_gpu_hour"][0]', 'hour'],
    ['matrix["cluster.tokens_per_second_per_gpu"]', 'second'],
    ['matrix["pricing.hosting_usd_per_gpu_year"][2]', 'year'],
    // The options whose name says no unit: `--price` is USD per GPU-hour (README, options).
    ['--price', 'hour'],
    ['price', 'hour'],
    // No unit in the name, a unit only inside a longer word, or a unit the rule does not name.
    ['energy.usd_per_kwh', undefined],
    ['cluster.count', undefined],
    ['upper_hour', undefined],
    ['usd_per_hours', undefined],
    ['usd_per_month', undefined],
    [undefined, undefined],
  ])('%s: per %s', (key, per) => {
    expect(perUnitOfKey(key)).toBe(per);
  });
});

// review37: what a key takes where its field's declaration is not at hand (a value a flow collection's comma cut,
// yamlStructure.ts): a budget is US dollars and a deadline a duration (scenario/schema.ts constraints), by the key's name, a
// matrix's dotted key too; a unit by the name's `per_`, as perUnitOfKey. keyTakes is new (the budget and deadline rows are
// what the old code's yamlStructure passed as neither: `dollars` false, the kind `number`).
describe('keyTakes', () => {
  it.each<[string | undefined, ReturnType<typeof keyTakes>]>([
    ['constraints.budget', { dollars: true }],
    ['matrix["constraints.budget"][1]', { dollars: true }],
    ['constraints.deadline', { duration: true }],
    ['matrix["constraints.deadline"][0]', { duration: true }],
    ['pricing.usd_per_gpu_hour', { per: 'hour' }],
    ['--price', { per: 'hour' }],
    ['pricing.fixed_usd', {}],
    [undefined, {}],
  ])('%s', (key, takes) => {
    expect(keyTakes(key)).toEqual(takes);
  });
});

// The hint for `value` per `unit` in a key per `per`, worked by hand from the units' lengths (a month 730 h, a year 8,760 h).
describe('rateHint', () => {
  it.each<[number, string, 'second' | 'hour' | 'day' | 'year' | undefined, string | undefined, string]>([
    // The key's own unit, however written: the number as written.
    [2.5, 'h', 'hour', undefined, 'a rate is written as its number, the key\'s name saying per hour: write 2.5'],
    [2.5, 'hours', 'hour', '2.50', 'a rate is written as its number, the key\'s name saying per hour: write 2.50'],
    [9000, 's', 'second', undefined, 'a rate is written as its number, the key\'s name saying per second: write 9000'],
    // Another unit: converted. 60 / 24 = 2.5; 8760 / 8760 = 1; 730 / 730 = 1; 1.5 × 8760 = 13140.
    [60, 'day', 'hour', undefined, 'the key is per hour: write 2.5 (60 per day is 2.5 per hour)'],
    [8760, 'year', 'hour', undefined, 'the key is per hour: write 1 (8760 per year is 1 per hour; a year is 365 days here)'],
    [730, 'months', 'hour', undefined, 'the key is per hour: write 1 (730 per month is 1 per hour; a month is 730 hours here)'],
    [1.5, 'hr', 'year', undefined, 'the key is per year: write 13140 (1.5 per hour is 13140 per year; a year is 365 days here)'],
    // Not whole at six significant digits: "about". 1 / 60 = 0.0166666...; 1 / 7 = 0.142857...
    [1, 'min', 'second', undefined, 'the key is per second: write about 0.0166667 (1 per minute is about 0.0166667 per second)'],
    [1, 'week', 'day', undefined, 'the key is per day: write about 0.142857 (1 per week is about 0.142857 per day)'],
    // review36: a fortnight (14 days, 336 h) and a quarter (3 months, 2,190 h): 1800 / 336 = 5.357142...; 2190 / 2190 = 1.
    [1800, 'fortnight', 'hour', undefined, 'the key is per hour: write about 5.35714 (1800 per fortnight is about 5.35714 per hour; a fortnight is 14 days)'],
    [2190, 'quarter', 'hour', undefined, 'the key is per hour: write 1 (2190 per quarter is 1 per hour; a quarter is 3 months, 2190 hours here)'],
    // A key per no unit of time takes no rate.
    [2, 'h', undefined, undefined, 'this value is no rate per unit of time: write the number alone (the key\'s name says what it counts), not 2 per hour'],
    [512, 'weeks', undefined, undefined, 'this value is no rate per unit of time: write the number alone (the key\'s name says what it counts), not 512 per week'],
  ])('%d per %s in a key per %s', (value, unit, per, n, hint) => {
    expect(rateHint(value, unit, per, n)).toBe(hint);
  });
});
