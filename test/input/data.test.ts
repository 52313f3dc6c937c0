/**
 * plainData (src/input/data.ts): an object a library caller passes for a scenario or model is read
 * once, into a copy. The caller's code that runs while it is read (a getter, a Proxy's traps) threw
 * its own Error (or a TypeError, for a revoked Proxy) out of flopcast; now an InputError at the key.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/input/errors.js';
import { plainData } from '../../src/input/data.js';

const boom = (): never => { throw new Error('boom'); };
const errorOf = (value: unknown): string => {
  try {
    plainData(value, 'f');
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).format();
  }
  return 'no error';
};
const HINT = '\n  hint: give plain data, as JSON would';

describe('reading the caller\'s object', () => {
  it.each([
    ['a getter', { a: { get b() { return boom(); } } }, `f: a.b: could not be read: boom${HINT}`],
    ['a list item getter', { a: Object.defineProperty([1, 2], 1, { get: boom }) }, `f: a[1]: could not be read: boom${HINT}`],
    ['a Proxy whose keys throw', { a: new Proxy({}, { ownKeys: boom }) }, `f: a: could not be read: boom${HINT}`],
    ['a Proxy whose prototype throws', new Proxy({}, { getPrototypeOf: boom }), `f: could not be read: boom${HINT}`],
    ['a getter that throws a non-Error', { get a() { throw 'text'; } }, `f: a: could not be read: text${HINT}`],
  ])('%s', (_, value, message) => {
    expect(errorOf(value)).toBe(message);
  });

  it('a revoked Proxy is an InputError, not a TypeError', () => {
    const p = Proxy.revocable({}, {});
    p.revoke();
    expect(errorOf({ x: p.proxy })).toMatch(/^f: x: could not be read: Cannot perform 'IsArray' on a proxy that has been revoked/);
  });

  it('reads each value once, and copies it: the caller\'s object is left as it was', () => {
    let reads = 0;
    const value = { get a() { return { n: ++reads }; }, list: [1, { b: 2 }] };
    const copy = plainData(value, 'f') as { a: { n: number }; list: unknown[] };
    expect(reads).toBe(1);
    expect(copy).toEqual({ a: { n: 1 }, list: [1, { b: 2 }] });
    expect(copy.list).not.toBe(value.list);
    expect(Object.getOwnPropertyDescriptor(copy, 'a')?.get).toBeUndefined();
  });

  it('a hole in a list is undefined in the copy, as before (Array.from)', () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(plainData([1, , 3], 'f')).toEqual([1, undefined, 3]);
  });
});
