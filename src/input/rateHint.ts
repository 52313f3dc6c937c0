/**
 * A rate written with its time unit (`usd_per_gpu_hour: 2.5/h`, `--price 1800/month`, `$60/day`), which no value reads: a key's
 * name says per what. The one rule both the walker (exprTree.ts, `1800/month`) and the prose reader (numberProse.ts,
 * `$1800/month`) hint by: "write N" only where the divisor is the key's own unit; else the figure converted to it, with the
 * length of a month or a year the vocabulary gives (exprVocabulary.ts UNITS, calendar.ts: a month is 730 h, a year 365 days). Both said
 * "write 1800" to `--price 1800/month`, a price per hour 720 times the one meant (review35).
 */
import { describeNumber } from './errors.js';
import { UNITS } from './exprVocabulary.js';
import { COUNT_TEXT, countValue } from './quantity.js';
import { HOURS_PER_MONTH } from './calendar.js';

/** The time unit a key's value is per (its name's: `usd_per_gpu_hour` per hour, `tokens_per_second_per_gpu` per second). */
export type PerUnit = 'second' | 'hour' | 'day' | 'year';

/** The options whose key names no unit: `--price` (and the library's `price`) is USD per GPU-hour. */
const OPTION_PER: Readonly<Record<string, PerUnit>> = { '--price': 'hour', price: 'hour' };
const KEY_PER_RE = /(?:^|[._])per_(?:gpu_)?(second|hour|day|year)(?:_|$)/;

/** The unit `keyPath`'s value is per, from its name; undefined where the name says none. */
export function perUnitOfKey(keyPath: string | undefined): PerUnit | undefined {
  if (keyPath === undefined) return undefined;
  return OPTION_PER[keyPath] ?? (KEY_PER_RE.exec(keyPath)?.[1] as PerUnit | undefined);
}

/**
 * The time words a rate is written per that are no unit of UNITS: a rate card's and a spreadsheet's abbreviations
 * (`$/mo`, `/yr`, `/wk`, `hrs`), each with the unit it is.
 */
const RATE_ABBREVIATIONS: Readonly<Record<string, string>> = { mo: 'month', mos: 'months', mth: 'month', mths: 'months', yr: 'year', yrs: 'years', wk: 'week', wks: 'weeks', hrs: 'hours', mins: 'minutes', secs: 'seconds' };

/**
 * A count per a time unit: after a slash or the words per, a, an, each or every (`1800/month`, `1800 per month`, `1800 a
 * month`), the unit in any case and maybe after `GPU` (`2.5/GPU-hour`: a price per GPU-hour is per hour).
 */
const RATE_RE = new RegExp(String.raw`^(${COUNT_TEXT})\s*(?:(/)|(?:per|a|an|each|every)\s)\s*((?:[Gg][Pp][Uu][\s-]?)?)([A-Za-z]+)$`);

/** A rate as written: its number's text and value, and its time unit (a key of UNITS). */
export interface WrittenRate {
  /** The number as written (`2.50`, `1.8k`). */
  number: string;
  value: number;
  /** The time unit, a key of UNITS (`mo` is `month`). */
  unit: string;
  /** The unit's word as written (`mo`, `Hour`), which a scenario's name could be. */
  word: string;
  /** Whether an expression reads it as a division by a unit (`1800/month`, not `1800/mo` nor `1800 per month`): the walker tells it. */
  read: boolean;
}

/** `text` as a rate per a unit of time (`1800 per month`, `1800/mo`, `2.5/GPU-hour`), or undefined where it is none. */
export function writtenRate(text: string): WrittenRate | undefined {
  const m = RATE_RE.exec(text.trim());
  if (!m) return undefined;
  const [, number, slash, gpu, word] = m as unknown as [string, string, string | undefined, string, string];
  const lower = word.toLowerCase();
  const unit = Object.hasOwn(UNITS, lower) && UNITS[lower]!.dim === 'time' ? lower : Object.hasOwn(RATE_ABBREVIATIONS, lower) ? RATE_ABBREVIATIONS[lower] : undefined;
  const value = countValue(number);
  if (unit === undefined || value === undefined) return undefined;
  return { number: number.trim(), value, unit, word, read: slash !== undefined && gpu === '' && Object.hasOwn(UNITS, word) };
}

/** A month's and a year's length, as UNITS counts them: said where a conversion uses one. */
const LENGTH_NOTE: Readonly<Record<string, string>> = { month: `a month is ${HOURS_PER_MONTH} hours here`, year: 'a year is 365 days here' };

/** `unit` (a time unit of UNITS: `h`, `month`) in the singular word the note writes. */
function unitWord(unit: string): string {
  const seconds = UNITS[unit]!.value;
  const words = ['second', 'minute', 'hour', 'day', 'week', 'month', 'year'].map((w): [number, string] => [UNITS[w]!.value, w]);
  return words.find(([s]) => s === seconds)?.[1] ?? unit;
}

/**
 * What to write for `value` per `unit` (a time unit of UNITS) in a key per `per`: the number itself where the units agree, the
 * converted figure where they do not, and where the key names no time unit (`per` undefined), that it takes no rate.
 * `n`: the number as the user wrote it (`2.50`), echoed where it is the one to write.
 */
export function rateHint(value: number, unit: string, per: PerUnit | undefined, n = describeNumber(value)): string {
  if (per === undefined) return `this value is no rate per unit of time: write the number alone (the key's name says what it counts), not ${n} per ${unitWord(unit)}`;
  const from = unitWord(unit);
  if (from === per) return `a rate is written as its number, the key's name saying per ${per}: write ${n}`;
  const exact = (value * UNITS[per]!.value) / UNITS[unit]!.value;
  // Six significant digits: a float's tail (0.04 × 60 = 2.4000000000000004) is no figure to copy.
  const shown = Number(exact.toPrecision(6));
  const note = LENGTH_NOTE[from] ?? LENGTH_NOTE[per];
  const about = Math.abs(shown - exact) > Math.abs(exact) * 1e-12 ? 'about ' : '';
  return `the key is per ${per}: write ${about}${describeNumber(shown)} (${n} per ${from} is ${about}${describeNumber(shown)} per ${per}${note ? `; ${note}` : ''})`;
}
