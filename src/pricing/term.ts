/**
 * Commitment terms: `1y`, `3y`, `6 months`, `14 days`, in hours. The units are the scenario
 * language's own (src/input/exprVocabulary.ts, src/input/calendar.ts: a year is 365 days = 8,760 h, the rate cards'
 * 1- and 3-year terms and the issue's target 512 × 3 × 8,760 × rate; a month is 730 h, a twelfth of it), plus
 * the rate-card shorthand `1y`/`3y`. A term without a unit is refused: nothing is read from a
 * guessed unit.
 */
import { InputError } from '../input/errors.js';
import { evaluateExpression } from '../input/expr.js';
import { PLAIN_NUMBER_RE, QUANTITY_RE } from '../input/exprVocabulary.js';
import { LIMITS } from '../input/limits.js';
import { fixed } from '../report/format.js';
import { HOURS_PER_MONTH, HOURS_PER_YEAR } from '../input/calendar.js';


const TERM_HINT = 'write a term with its unit: 1y, 3y, 6 months, 14 days';

/** Hours in the term, or the reason it is not one ("message | hint", for a located error). */
export function termHoursOrError(text: string | number): number | string {
  const s = String(text).trim();
  // Any number the scenario language reads (NUMBER_PATTERN: 1e3, 1_000, .5): `1e3y` was "unknown name `y`" where
  // `1000y` was a term (hostile sweep 30).
  if (PLAIN_NUMBER_RE.test(s)) return `a term needs a unit, found ${s} | add a unit: ${s}y, ${s} months or ${s} days`;
  const quantity = QUANTITY_RE.exec(s);
  const shorthand = quantity && quantity[2]!.toLowerCase() === 'y' ? quantity : null;
  let seconds: number;
  try {
    seconds = evaluateExpression(shorthand ? `${shorthand[1]} years` : s, {}, { kind: 'duration' });
  } catch (err) {
    if (err instanceof InputError) return `${err.message} | ${TERM_HINT}`;
    throw err;
  }
  if (!(seconds > 0)) return `a term must be longer than zero, found ${s} | ${TERM_HINT}`;
  const hours = seconds / 3600;
  if (hours < LIMITS.minTermHours) return `a term is at least an hour (prices are per GPU-hour), found ${s} | ${TERM_HINT}`;
  return hours;
}

/** 8760 -> "1y", 4380 -> "6 months", 336 -> "14 days", 5 -> "5 h". */
export function termLabel(hours: number): string {
  const whole = (x: number) => Math.abs(x - Math.round(x)) < 1e-9;
  if (whole(hours / HOURS_PER_YEAR)) return `${Math.round(hours / HOURS_PER_YEAR)}y`;
  if (whole(hours / HOURS_PER_MONTH)) return `${Math.round(hours / HOURS_PER_MONTH)} months`;
  if (whole(hours / 24)) return `${Math.round(hours / 24)} days`;
  return `${fixed(hours)} h`;
}
