/** Parsing of option values shared by the commands. */
import { countArg } from '../library/args.js';

export function countOption(name: string, value: unknown, { integer = true } = {}): number | undefined {
  return countArg(`--${name}`, value, { integer });
}
