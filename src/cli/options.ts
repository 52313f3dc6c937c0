/** Parsing of option values shared by the commands. */
import { InputError } from '../input/errors.js';
import { COUNT_SYNTAX, parseCount } from '../input/quantity.js';

export function countOption(name: string, value: unknown, { integer = true } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'number' ? value : parseCount(String(value));
  if (n === undefined || !Number.isFinite(n)) {
    throw new InputError(`expected ${COUNT_SYNTAX}, found "${String(value)}"`, { keyPath: `--${name}` });
  }
  if (n <= 0) throw new InputError(`expected a positive number, found ${String(value)}`, { keyPath: `--${name}` });
  if (integer && !Number.isInteger(n)) throw new InputError(`expected a whole number, found ${String(value)}`, { keyPath: `--${name}` });
  if (integer && !Number.isSafeInteger(n)) throw new InputError(`${String(value)} is too large (above 2^53)`, { keyPath: `--${name}` });
  return n;
}
