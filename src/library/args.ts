/** Counts given as a number or as text (`300e9`, `300B`, `1.4T`): one rule for the CLI's flags and the library's options. */
import { InputError } from '../input/errors.js';
import { COUNT_SYNTAX, parseCount, wholeCountProblem } from '../input/quantity.js';

/**
 * `key` names the value in errors: `--tokens` on the command line, `tokens` in the library.
 * `max`: an upper limit (src/input/limits.ts), refused up front with the limit named.
 */
export function countArg(key: string, value: unknown, { integer = true, max = Infinity } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'number' ? value : parseCount(String(value));
  if (n === undefined || !Number.isFinite(n)) {
    throw new InputError(`expected ${COUNT_SYNTAX}, found "${String(value)}"`, { keyPath: key });
  }
  if (n <= 0) throw new InputError(`expected a positive number, found ${String(value)}`, { keyPath: key });
  // One whole-number rule for flags, library options and scenario counts (src/input/quantity.ts).
  const problem = integer ? wholeCountProblem(n, String(value)) : undefined;
  if (problem) throw new InputError(problem, { keyPath: key });
  if (n > max) throw new InputError(`${String(value)} is above the limit of ${max}`, { keyPath: key });
  return n;
}
