/**
 * A rate written with its time unit (`usd_per_gpu_hour: 2.5/h`, `--price 1800/month`, `$60/day`), which no value reads: a key's
 * name says per what. The one rule both the walker (exprTree.ts, `1800/month`) and the prose reader (numberProse.ts,
 * `$1800/month`) hint by: "write N" only where the divisor is the key's own unit; else the figure converted to it, with the
 * length of a month or a year the vocabulary gives (exprVocabulary.ts UNITS, calendar.ts: a month is 730 h, a year 365 days). Both said
 * "write 1800" to `--price 1800/month`, a price per hour 720 times the one meant (review35).
 */
import { describeNumber, parseKeyPath } from './errors.js';
import { UNITS } from './exprVocabulary.js';
import { COUNT_TEXT, countValue } from './quantity.js';
import { HOURS_PER_MONTH } from './calendar.js';

/** The time unit a key's value is per (its name's: `usd_per_gpu_hour` per hour, `tokens_per_second_per_gpu` per second). */
export type PerUnit = 'second' | 'hour' | 'day' | 'year';

/** What a value is, as far as its key says: the time unit it is per, an amount of US dollars, a duration. */
export interface KeyTakes {
  per?: PerUnit;
  dollars?: boolean;
  duration?: boolean;
}

/**
 * The options and keys whose name says no unit, by the whole path (options) or the key's name: `--price` (and the library's
 * `price`) is USD per GPU-hour, a `budget` US dollars and a `deadline` a duration (scenario/schema.ts constraints: value(...,
 * { dollars }), positive('duration')). Where the field's declaration is at hand (evaluateExpression's options) it is read;
 * this is for where it is not: a value a flow collection's comma cut, read before the schema (yamlStructure.ts), which told
 * `constraints: {budget: 1,800 GPU-hours}` "write the number alone" (review37).
 */
const NAMED: Readonly<Record<string, KeyTakes>> = { '--price': { per: 'hour' }, price: { per: 'hour' }, budget: { dollars: true }, deadline: { duration: true } };
const KEY_PER_RE = /(?:^|_)per_(?:gpu_)?(second|hour|day|year)(?:_|$)/;

/**
 * The name of the key `keyPath` ends at (`pricing.compare_with[0].usd_per_gpu_hour`: `usd_per_gpu_hour`), its indices left
 * out: a matrix's dotted key included (`matrix["pricing.usd_per_gpu_hour"][0]`, a value of its list, is `usd_per_gpu_hour`),
 * which the whole path's text hid from the unit's rule (mendi36: a rate in a matrix's flow list was told as unitless).
 */
export function keyNameOf(keyPath: string | undefined): string | undefined {
  if (keyPath === undefined) return undefined;
  const names = parseKeyPath(keyPath).filter((p): p is string => typeof p === 'string');
  return names.length ? names[names.length - 1]!.split('.').pop() : undefined;
}

/** What `keyPath`'s value is, from its name ({@link NAMED}, a name per a unit: `usd_per_gpu_hour`); empty where the name says nothing. */
export function keyTakes(keyPath: string | undefined): KeyTakes {
  if (keyPath === undefined) return {};
  const name = keyNameOf(keyPath) ?? '';
  const named = Object.hasOwn(NAMED, keyPath) ? keyPath : name;
  if (Object.hasOwn(NAMED, named)) return NAMED[named]!;
  const per = KEY_PER_RE.exec(name)?.[1] as PerUnit | undefined;
  return per ? { per } : {};
}

/** The unit `keyPath`'s value is per, from its name; undefined where the name says none. */
export function perUnitOfKey(keyPath: string | undefined): PerUnit | undefined {
  return keyTakes(keyPath).per;
}

/**
 * The time words a rate is written per that are no unit of UNITS, each with the unit it is: a rate card's and a spreadsheet's
 * abbreviations (`$/mo`, `/yr`, `/wk`, `hrs`), per annum, and the calendar's fortnight and quarter (CALENDAR_UNITS).
 */
const RATE_ABBREVIATIONS: Readonly<Record<string, string>> = {
  mo: 'month', mos: 'months', mth: 'month', mths: 'months', yr: 'year', yrs: 'years', wk: 'week', wks: 'weeks', hrs: 'hours', mins: 'minutes', secs: 'seconds',
  annum: 'year', fortnight: 'fortnight', fortnights: 'fortnight', quarter: 'quarter', quarters: 'quarter',
};
/** Lengths of time no value reads, in seconds, by the calendar's units: a fortnight is 14 days, a quarter 3 months (calendar.ts). */
const CALENDAR_UNITS: Readonly<Record<string, number>> = { fortnight: 14 * UNITS.day!.value, quarter: 3 * UNITS.month!.value };
/** The adverbs a rate is written with (`1800 monthly`, `$40 daily`), each with its unit: review36 found them told "write 1800". */
const RATE_ADVERBS: Readonly<Record<string, string>> = { hourly: 'hour', daily: 'day', weekly: 'week', fortnightly: 'fortnight', monthly: 'month', quarterly: 'quarter', yearly: 'year', annually: 'year' };

/** The time unit (a key of UNITS or CALENDAR_UNITS) a word names, as a unit, an abbreviation or an adverb; undefined where none. */
function timeUnitOf(word: string): string | undefined {
  const lower = word.toLowerCase();
  if (Object.hasOwn(UNITS, lower)) return UNITS[lower]!.dim === 'time' ? lower : undefined;
  return Object.hasOwn(RATE_ABBREVIATIONS, lower) ? RATE_ABBREVIATIONS[lower] : Object.hasOwn(RATE_ADVERBS, lower) ? RATE_ADVERBS[lower] : undefined;
}

/** A time unit's length in seconds (a key of UNITS or CALENDAR_UNITS). */
function secondsOf(unit: string): number {
  return Object.hasOwn(UNITS, unit) ? UNITS[unit]!.value : CALENDAR_UNITS[unit]!;
}

/**
 * A count per a time unit: after a slash, the word per (or `per-`) or a, an, each or every (`1800/month`, `1800 per month`,
 * `1800 per-month`, `1800 a month`), the unit in any case, maybe after `GPU` (`2.5/GPU-hour`, `1800 per GPU per month`: a price
 * per GPU-hour is per hour) or `calendar` (`per calendar month`), maybe with an abbreviation's point (`1800/mo.`, which the expression parser
 * refused as "Property name expected after dot"); or a count
 * and an adverb (`1800 monthly`).
 */
const CONNECTOR = String.raw`(?:/|per[\s-]|(?:a|an|each|every)\s)`;
const RATE_RE = new RegExp(String.raw`^(${COUNT_TEXT})\s*(?:(/)|${CONNECTOR})\s*((?:[Gg][Pp][Uu](?:\s*${CONNECTOR}\s*|[\s-]?))?)((?:[Cc]alendar[\s-]+)?)([A-Za-z]+)(\.?)$`);
const ADVERB_RE = new RegExp(String.raw`^(${COUNT_TEXT})\s*([A-Za-z]+)\.?$`);

/** A rate as written: its number's text and value, and its time unit (a key of UNITS or CALENDAR_UNITS). */
export interface WrittenRate {
  /** The number as written (`2.50`, `1.8k`). */
  number: string;
  value: number;
  /** The time unit, a key of UNITS (`mo` is `month`) or CALENDAR_UNITS (`fortnight`). */
  unit: string;
  /** The unit's word as written (`mo`, `Hour`), which a scenario's name could be. */
  word: string;
  /** Whether an expression reads it as a division by a unit (`1800/month`, not `1800/mo` nor `1800 per month`): the walker tells it. */
  read: boolean;
}

/** `text` as a rate per a unit of time (`1800 per month`, `1800/mo`, `2.5/GPU-hour`, `1800 monthly`), or undefined where it is none. */
export function writtenRate(text: string): WrittenRate | undefined {
  const trimmed = text.trim();
  const m = RATE_RE.exec(trimmed);
  if (m) {
    const [, number, slash, gpu, calendar, word, point] = m as unknown as [string, string, string | undefined, string, string, string, string];
    const unit = timeUnitOf(word);
    const value = countValue(number);
    // An adverb after a connector (`per monthly`) is no rate; a calendar is a month's or a year's.
    if (unit === undefined || value === undefined || Object.hasOwn(RATE_ADVERBS, word.toLowerCase())) return undefined;
    if (calendar !== '' && !/^(month|quarter|year)/.test(unit)) return undefined;
    const read = slash !== undefined && gpu === '' && calendar === '' && point === '' && Object.hasOwn(UNITS, word);
    return { number: number.trim(), value, unit, word, read };
  }
  const a = ADVERB_RE.exec(trimmed);
  if (!a || !Object.hasOwn(RATE_ADVERBS, a[2]!.toLowerCase())) return undefined;
  const value = countValue(a[1]!);
  return value === undefined ? undefined : { number: a[1]!.trim(), value, unit: RATE_ADVERBS[a[2]!.toLowerCase()]!, word: a[2]!, read: false };
}

/**
 * The time unit the first time word in `text` names (`1800 per node per month`: month; `GPU-months`: months), words of two
 * letters or more only (`H100s` holds no `s`); undefined where none. What a count followed by words no other hint reads is
 * told by, so that no hint says "write 1800" to a rate per month (review36).
 */
export function timeWordIn(text: string): string | undefined {
  for (const word of text.split(/[^A-Za-z]+/)) {
    const unit = word.length > 1 ? timeUnitOf(word) : undefined;
    if (unit !== undefined) return unit;
  }
  return undefined;
}

/** A month's and a year's length, as UNITS counts them: said where a conversion uses one. */
const LENGTH_NOTE: Readonly<Record<string, string>> = { month: `a month is ${HOURS_PER_MONTH} hours here`, year: 'a year is 365 days here', fortnight: 'a fortnight is 14 days', quarter: `a quarter is 3 months, ${3 * HOURS_PER_MONTH} hours here` };

/** `unit` (a time unit of UNITS or CALENDAR_UNITS: `h`, `month`, `fortnight`) in the singular word the note writes. */
function unitWord(unit: string): string {
  const seconds = secondsOf(unit);
  const words = ['second', 'minute', 'hour', 'day', 'week', 'fortnight', 'month', 'quarter', 'year'].map((w): [number, string] => [secondsOf(w), w]);
  return words.find(([s]) => s === seconds)?.[1] ?? unit;
}

/**
 * What to write for `value` per `unit` (a time unit of UNITS or CALENDAR_UNITS) in a key per `per`: the number itself where the units agree, the
 * converted figure where they do not, and where the key names no time unit (`per` undefined), that it takes no rate.
 * `n`: the number as the user wrote it (`2.50`), echoed where it is the one to write.
 */
export function rateHint(value: number, unit: string, per: PerUnit | undefined, n = describeNumber(value)): string {
  if (per === undefined) return `this value is no rate per unit of time: write the number alone (the key's name says what it counts), not ${n} per ${unitWord(unit)}`;
  const from = unitWord(unit);
  if (from === per) return `a rate is written as its number, the key's name saying per ${per}: write ${n}`;
  const exact = (value * secondsOf(per)) / secondsOf(unit);
  // Six significant digits: a float's tail (0.04 × 60 = 2.4000000000000004) is no figure to copy.
  const shown = Number(exact.toPrecision(6));
  const note = LENGTH_NOTE[from] ?? LENGTH_NOTE[per];
  const about = Math.abs(shown - exact) > Math.abs(exact) * 1e-12 ? 'about ' : '';
  return `the key is per ${per}: write ${about}${describeNumber(shown)} (${n} per ${from} is ${about}${describeNumber(shown)} per ${per}${note ? `; ${note}` : ''})`;
}
