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

describe('a count written right but beyond the largest number is too large, not the wrong syntax', () => {
  it.each([
    // It said "expected a number such as 300e9, ..., found "1e400"": it is one.
    { value: '1e400', integer: true, message: '1e400 is too large (above 2^53)' },
    { value: '1e300P', integer: true, message: '1e300P is too large (above 2^53)' },
    { value: '1e400', integer: false, message: '1e400 is too large (beyond the largest number, about 1.8e308)' },
    { value: '-1e400', integer: true, message: 'expected a positive number, found -1e400' },
    { value: '9'.repeat(400), integer: true, message: `${'9'.repeat(LIMITS.nameChars)}… (400 characters) is too large (above 2^53)` },
    { value: '1e400x', integer: true, message: 'expected a number such as 300e9, 300B, 1.4T, 2.5M or 4k, found "1e400x"' },
  ])('$value', ({ value, integer, message }) => {
    expect(messageOf(() => countArg('--count', value, { integer }))).toBe(message);
  });
});
