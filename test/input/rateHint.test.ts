/**
 * src/input/rateHint.ts: the one rule a rate written with its time unit is told by (`--price 1800/month`, `1800 per
 * month`, `$1800/mo`, `tokens_per_second_per_gpu: 9000/s`). Expectations are worked by hand from the units' lengths.
 */
import { describe, expect, it } from 'vitest';
import { writtenRate } from '../../src/input/rateHint.js';
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

  it.each([
    ['2.50/h', '2.50', 2.5], ['1.8k per month', '1.8k', 1800], ['1_800 a month', '1_800', 1800],
  ])('%s: the number as written, %s, worth %d', (text, number, value) => {
    expect(writtenRate(text)).toMatchObject({ number, value });
  });

  // No time unit, or no rate: not one (the other hints tell these).
  it.each(['3 per GPU', '3/constructor', '3 per toString', '3 months', '3/k', '3 per', 'per month', '3 per month extra', '3/M'])('%s is no rate', (text) => {
    expect(writtenRate(text)).toBeUndefined();
  });
});
