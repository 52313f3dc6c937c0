/** Counts given as a number or as text (`300e9`, `300B`, `1.4T`): one rule for the CLI's flags and the library's options. */
import { InputError } from '../input/errors.js';
import { COUNT_SYNTAX, parseCount } from '../input/quantity.js';

/** `key` names the value in errors: `--tokens` on the command line, `tokens` in the library. */
export function countArg(key: string, value: unknown, { integer = true } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'number' ? value : parseCount(String(value));
  if (n === undefined || !Number.isFinite(n)) {
    throw new InputError(`expected ${COUNT_SYNTAX}, found "${String(value)}"`, { keyPath: key });
  }
  if (n <= 0) throw new InputError(`expected a positive number, found ${String(value)}`, { keyPath: key });
  if (integer && !Number.isInteger(n)) throw new InputError(`expected a whole number, found ${String(value)}`, { keyPath: key });
  if (integer && !Number.isSafeInteger(n)) throw new InputError(`${String(value)} is too large (above 2^53)`, { keyPath: key });
  return n;
}
