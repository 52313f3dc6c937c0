/**
 * Dates in input files and options: YYYY, YYYY-MM or YYYY-MM-DD (ISO 8601 calendar dates, the
 * precision a source states), and a day that exists: `2026-13-45` or `2026-02-30` is refused
 * rather than compared as text against today's date.
 */
export const DATE_SYNTAX = 'a date YYYY-MM-DD, YYYY-MM or YYYY';

/** Whether `text` is a date of that form that exists on the calendar (`full`: YYYY-MM-DD only). */
export function isCalendarDate(text: string, { full = false } = {}): boolean {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text);
  if (!m || (full && m[3] === undefined)) return false;
  const [year, month = 1, day = 1] = [m[1], m[2], m[3]].filter((x) => x !== undefined).map(Number) as [number, number?, number?];
  if (month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one (UTC, so no time zone moves it).
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A date of YYYY, YYYY-MM or YYYY-MM-DD as YYYY-MM-DD, a bare year or month counting as its first day: how dates compare. */
export function dateStart(d: string): string {
  const [y, m = '01', day = '01'] = d.split('-');
  return `${y}-${m}-${day}`;
}

/** Whether a price (or anything) that stops applying on `expires` no longer applies on `day`: expiry on or before it. */
export function expiredOn(expires: string | undefined, day: string): boolean {
  return expires !== undefined && dateStart(expires) <= dateStart(day);
}

/**
 * Whether something dated `date` (YYYY, YYYY-MM or YYYY-MM-DD) is dated after `day`: its period starts after it
 * (`2026-07` is after 2026-06-30, not after 2026-07-15). A price so dated was seen by no one on `day`.
 */
export function datedAfter(date: string, day: string): boolean {
  return dateStart(date) > dateStart(day);
}

/** An ISO 8601 time as reports state it: a calendar day, with a time of day and a zone or not. */
export const TIME_SYNTAX = 'an ISO 8601 time such as 2026-11-30T07:00:00Z or 2026-11-30';

/** Whether `text` is YYYY-MM-DD, or that day with Thh:mm[:ss[.s]] and Z or ±hh:mm, each field in range. */
export function isIsoTime(text: string): boolean {
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):(\d{2})))?$/.exec(text);
  if (!m || !isCalendarDate(m[1]!, { full: true })) return false;
  const [h = 0, min = 0, sec = 0, zh = 0, zm = 0] = [m[2], m[3], m[4], m[5], m[6]].map((x) => (x === undefined ? 0 : Number(x)));
  return h <= 23 && min <= 59 && sec <= 59 && zh <= 23 && zm <= 59;
}
