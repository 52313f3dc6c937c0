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
