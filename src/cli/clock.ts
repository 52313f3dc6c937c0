/**
 * "Now" for every command: SOURCE_DATE_EPOCH (reproducible-builds.org/specs: whole seconds since
 * 1970) when set, else the clock. One reader, so `report` (its timestamp) and `run`, `plan`,
 * `prices`, `budget` and the library (the age of prices) agree, and refuse the same bad values (exit 2).
 */
import { InputError } from '../input/errors.js';
import { todayFrom } from '../pricing/policy.js';
import { cutText } from '../input/columns.js';

/** The latest date an ISO 8601 timestamp with a four-digit year can hold (9999-12-31T23:59:59Z). */
const MAX_EPOCH_SECONDS = 253_402_300_799;

export function nowMs(epoch = process.env.SOURCE_DATE_EPOCH): number {
  if (epoch === undefined || epoch === '') return Date.now();
  if (!/^\d{1,12}$/.test(epoch) || Number(epoch) > MAX_EPOCH_SECONDS) {
    throw new InputError(`SOURCE_DATE_EPOCH must be whole seconds since 1970 up to ${MAX_EPOCH_SECONDS} (year 9999), found "${cutText(epoch, 40)}"`, {
      hint: 'unset it, or give e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)',
    });
  }
  return Number(epoch) * 1000;
}

/** Today as YYYY-MM-DD: the date prices are dated against. */
export function today(): string {
  return todayFrom(nowMs());
}
