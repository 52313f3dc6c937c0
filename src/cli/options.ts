/** Parsing of option values shared by the commands. */
import { InputError } from '../input/errors.js';
import { COUNT_SYNTAX, parseCount, wholeCountProblem } from '../input/quantity.js';

export function countOption(name: string, value: unknown, { integer = true } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'number' ? value : parseCount(String(value));
  if (n === undefined || !Number.isFinite(n)) {
    throw new InputError(`expected ${COUNT_SYNTAX}, found "${String(value)}"`, { keyPath: `--${name}` });
  }
  if (n <= 0) throw new InputError(`expected a positive number, found ${String(value)}`, { keyPath: `--${name}` });
  const problem = integer ? wholeCountProblem(n, String(value)) : undefined;
  if (problem) throw new InputError(problem, { keyPath: `--${name}` });
  return n;
}

/** A count with an upper limit (src/input/limits.ts), refused up front with the limit named. */
export function cappedCount(name: string, value: unknown, limit: number): number | undefined {
  const n = countOption(name, value);
  if (n !== undefined && n > limit) throw new InputError(`${String(value)} is above the limit of ${limit}`, { keyPath: `--${name}` });
  return n;
}
