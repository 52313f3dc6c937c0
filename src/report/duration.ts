/**
 * Durations as flopcast prints them: wall-clocks and deadlines in the largest unit they reach (days, hours, minutes,
 * seconds), days grouped by thousands, the unit chosen after rounding. Split from format.ts, whose numbers they use.
 */
import { fixed, grouped, plural } from './format.js';

/** A day in seconds: where wall-clocks and deadlines switch to days. */
export const SECONDS_PER_DAY = 86_400;

/** Seconds as days, one decimal, thousands grouped: 34.7, 1,453.4. */
function dayNumber(seconds: number, digits = 1): string {
  return grouped(seconds / SECONDS_PER_DAY, digits);
}

/**
 * A duration's number and unit, the largest unit it reaches: days (to `dayDigits` decimals), hours, minutes or seconds
 * (one decimal). A wall-clock or deadline under a day printed in days: 3,600 s was '4.167e-2-day', '0 days' on a chart,
 * and a run of a million tokens on 1,024 GPUs 'wall-clock 1.376e-5 days'.
 */
function durationParts(seconds: number, dayDigits: number): [string, DurationUnit['unit']] {
  const u = shownUnit(seconds, dayDigits);
  return [numberIn(u, seconds, dayDigits), u.unit];
}

/** A duration's number in a unit: days to `dayDigits` decimals, a smaller unit to one. */
const numberIn = (u: DurationUnit, seconds: number, dayDigits: number): string => (u.unit === 'day' ? dayNumber(seconds, dayDigits) : fixed(seconds / u.seconds, 1));

/**
 * The unit a duration is shown in: the largest it reaches as its number is printed, decided after rounding as usd and
 * count choose their suffixes. 59.99 s printed '60 seconds', and a day less the part of a token that budget --model
 * rounds down (`--deadline "1 day"`, 86,399.99 s) 'wall-clock 24 hours' under a headline of '1 day (24 h)'.
 */
function shownUnit(seconds: number, dayDigits = 1): DurationUnit {
  const u = durationUnit(seconds);
  // Days are the largest unit: nothing to round up to (and their number is grouped, 1,453.4, which Number does not read).
  if (u.unit === 'day') return u;
  const up = durationUnit(Number(numberIn(u, seconds, dayDigits)) * u.seconds);
  return up.seconds > u.seconds ? up : u;
}

/** A unit of durations, and its seconds. */
export interface DurationUnit {
  unit: 'second' | 'minute' | 'hour' | 'day';
  seconds: number;
}

/** The largest unit a duration reaches (days from a day on, and for a duration that is no finite number): durations in words and the report's time axis. */
export function durationUnit(seconds: number): DurationUnit {
  if (seconds >= SECONDS_PER_DAY || !Number.isFinite(seconds)) return { unit: 'day', seconds: SECONDS_PER_DAY };
  if (seconds >= 3600) return { unit: 'hour', seconds: 3600 };
  if (seconds >= 60) return { unit: 'minute', seconds: 60 };
  return { unit: 'second', seconds: 1 };
}

/** '120-day', '1-hour', '30-minute': a deadline as an adjective. */
export function durationAdjective(seconds: number): string {
  const [n, unit] = durationParts(seconds, 1);
  return `${n}-${unit}`;
}

/** '120 days', '12 hours', '47.6 seconds': a wall-clock or deadline as a noun, days to `dayDigits` decimals. */
export function durationNoun(seconds: number, dayDigits = 1): string {
  const [n, unit] = durationParts(seconds, dayDigits);
  return plural(n, unit);
}

/**
 * A wall-clock with its hours beside it when it runs to days: '34.7 days (833 h)'; under a day the noun alone
 * ('12 hours', not '0.5 days (12 h)'; '1.2 seconds', not '1.376e-5 days (3.301e-4 h)').
 */
export function durationAndHours(seconds: number, hours: 'h' | 'hours'): string {
  const h = hoursOfDays(seconds, hours);
  return h ? `${durationNoun(seconds)} (${h})` : durationNoun(seconds);
}

/**
 * A wall-clock's whole hours, thousands grouped, where it is shown in days ('2,081 hours'), else '' (under a day its
 * noun is in hours or less already): durationAndHours' parentheses and the HTML report's wall-clock figure.
 */
export function hoursOfDays(seconds: number, hours: 'h' | 'hours'): string {
  return shownUnit(seconds).unit === 'day' && Number.isFinite(seconds) ? `${grouped(seconds / 3600, 0)} ${hours}` : '';
}

/** A range of wall-clocks: '33.1–36.2 days', or with each end's unit under a day ('40 minutes–1.2 hours'). */
export function durationRange(low: number, high: number): string {
  return shownUnit(low).unit === 'day' && shownUnit(high).unit === 'day' ? `${dayNumber(low)}–${dayNumber(high)} days` : `${durationNoun(low)}–${durationNoun(high)}`;
}

/** A table's days column: 34.7, or under a day the duration with its unit (12 hours, 28.5 seconds; not 1.376e-5). */
export function dayCell(seconds: number): string {
  return shownUnit(seconds).unit === 'day' ? dayNumber(seconds) : durationNoun(seconds);
}
