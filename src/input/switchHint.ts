/**
 * A switch written as 1 / 0 or a YAML 1.1 word (yes, no, on, off), which YAML 1.2 reads as a number or text: the true or
 * false it means, as the hint of the schema check's refusal (validate.ts).
 */
import type { z } from 'zod';
import { shownName } from './name.js';
import { listed } from './listed.js';
import { expectedKinds } from './zodIssue.js';

type Issue = z.core.$ZodIssue;

/**
 * The true or false a switch written as 1 / 0 or a YAML 1.1 word (yes, no, on, off) means; undefined for anything else.
 * `others`: what the field takes besides true and false, where it is a union with a switch (`bias: true | false | qkv`).
 */
export function switchHint(found: unknown, others: readonly string[] = []): string | undefined {
  const word = typeof found === 'string' ? found.trim().toLowerCase() : undefined;
  const on = found === 1 || (word !== undefined && ['yes', 'y', 'on'].includes(word));
  const off = found === 0 || (word !== undefined && ['no', 'n', 'off'].includes(word));
  // The word as written (YAML 1.2 reads each of them as text): the list named yes, no, on and off, and `y` or `N` reads alike.
  return on || off ? `write ${on ? 'true' : 'false'}: a switch takes ${listed(['true', 'false', ...others], 'or')}${word === undefined ? '' : ` (YAML 1.2 reads ${shownName(String(found).trim())} as text, not a switch)`}` : undefined;
}

/**
 * A union with a switch among its branches (`bias: true | false | qkv`) refusing a switch written as 1 / 0 or a YAML 1.1
 * word: {@link switchHint} with the other values the union takes (`model.bias: 1` had no hint where `sequence_parallel: 1` had one).
 */
export function unionSwitchHint(branches: readonly Issue[], found: unknown): string | undefined {
  const isSwitch = (b: Issue) => b.code === 'invalid_type' && b.expected === 'boolean' && b.path.length === 0;
  if (!branches.some(isSwitch)) return undefined;
  return switchHint(found, [...new Set(branches.filter((b) => !isSwitch(b)).flatMap(expectedKinds))]);
}
