/** Options as the CLI and the library take them: what an error echoes of a user's text is bounded (LIMITS.nameChars). */
import { describe, expect, it } from 'vitest';
import { choiceArg, countArg } from '../../src/library/args.js';
import { InputError } from '../../src/input/errors.js';
import { LIMITS } from '../../src/input/limits.js';

const messageOf = (f: () => unknown): string => {
  try {
    f();
  } catch (err) {
    if (err instanceof InputError) return err.message;
    throw err;
  }
  throw new Error('no error');
};

describe('errors echo at most LIMITS.nameChars of a value, then its length', () => {
  const long = (c: string) => c.repeat(3000);
  it.each([
    ['a count that is not a number', () => countArg('--tokens', long('x'))],
    ['a count too large to be a finite number', () => countArg('--tokens', long('9'))],
    ['a count below zero', () => countArg('--tokens', `-${long('1')}`)],
    ['a whole count with a fraction', () => countArg('--count', `1.${long('5')}`)],
    ['a name not in the list', () => choiceArg('--stack', long('m'), ['megatron-core', 'torchtitan'], 'stack')],
  ])('%s', (_, f) => {
    const m = messageOf(f);
    expect(m).toMatch(/… \(300[0-9] characters\)/);
    expect(m.length).toBeLessThan(LIMITS.nameChars + 200);
  });
  it('a short value is echoed whole', () => {
    expect(messageOf(() => countArg('--tokens', 'lots'))).toBe('expected a number such as 300e9, 300B, 1.4T, 2.5M or 4k, found "lots"');
  });
});
