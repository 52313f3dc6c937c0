/** Parsing of option values shared by the commands. */
import { InputError } from '../input/errors.js';
import { countArg } from '../library/args.js';

export function countOption(name: string, value: unknown, { integer = true } = {}): number | undefined {
  return countArg(`--${name}`, value, { integer });
}

/** A count with an upper limit (src/input/limits.ts), refused up front with the limit named. */
export function cappedCount(name: string, value: unknown, limit: number): number | undefined {
  const n = countOption(name, value);
  if (n !== undefined && n > limit) throw new InputError(`${String(value)} is above the limit of ${limit}`, { keyPath: `--${name}` });
  return n;
}
