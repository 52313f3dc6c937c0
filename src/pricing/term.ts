/**
 * Commitment terms: `1y`, `3y`, `6 months`, `14 days`, in hours. A year is 365 days (8,760 h)
 * and a month a twelfth of it (730 h), the convention of the cloud rate cards (AWS and Google
 * Cloud quote 1- and 3-year terms as 8,760 and 26,280 hours) and of the target
 * (512 × 3 × 8,760 × rate). A term without a unit is refused: nothing is read from a guessed unit.
 */
export const HOURS_PER_YEAR = 8760;
export const HOURS_PER_MONTH = HOURS_PER_YEAR / 12;

const UNIT_HOURS: [RegExp, number][] = [
  [/^(y|yr|yrs|year|years)$/, HOURS_PER_YEAR],
  [/^(mo|month|months)$/, HOURS_PER_MONTH],
  [/^(w|week|weeks)$/, 7 * 24],
  [/^(d|day|days)$/, 24],
  [/^(h|hour|hours)$/, 1],
];

export const TERM_HINT = 'write a term with its unit: 1y, 3y, 6 months, 14 days';

/** Hours in the term, or the reason it is not one (for a located error). */
export function termHoursOrError(text: string | number): number | string {
  const s = String(text).trim();
  const m = /^([+-]?\d+(?:\.\d+)?)\s*([a-zA-Z]*)$/.exec(s);
  if (!m) return `expected a term such as 1y, 3y or 6 months, found "${s}" | ${TERM_HINT}`;
  const n = Number(m[1]);
  if (!m[2]) return `a term needs a unit, found ${s} | add a unit: ${s} months or ${s}y`;
  const unit = UNIT_HOURS.find(([re]) => re.test(m[2]!.toLowerCase()));
  if (!unit) return `unknown unit "${m[2]}" in term "${s}" | ${TERM_HINT}`;
  if (!(n > 0)) return `a term must be longer than zero, found ${s} | ${TERM_HINT}`;
  return n * unit[1];
}

/** 8760 -> "1y", 4380 -> "6 months", 336 -> "14 days", 5 -> "5 h". */
export function termLabel(hours: number): string {
  const whole = (x: number) => Math.abs(x - Math.round(x)) < 1e-9;
  if (whole(hours / HOURS_PER_YEAR)) return `${Math.round(hours / HOURS_PER_YEAR)}y`;
  if (whole(hours / HOURS_PER_MONTH)) return `${Math.round(hours / HOURS_PER_MONTH)} months`;
  if (whole(hours / 24)) return `${Math.round(hours / 24)} days`;
  return `${+hours.toFixed(2)} h`;
}
