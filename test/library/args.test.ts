/** Options as the CLI and the library take them: what an error echoes of a user's text is bounded (LIMITS.nameChars). */
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { choiceArg, countArg, optionsArg, sourcesArg } from '../../src/library/args.js';
import { cpSizesArg, modelStateArg } from '../../src/library/structuredArgs.js';
import { sourcesFromTexts } from '../../src/library/core.js';
import { fileSources } from '../../src/cli/load/sources.js';
import { InputError } from '../../src/input/errors.js';
import { LIMITS } from '../../src/input/limits.js';
import { formattedError, thrownInputError } from '../helpers.js';

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
    { value: '1e400', integer: true, message: '1e400 is too large (2^53 or more)' },
    // 2^53 itself: not a safe integer (2^53 + 1 reads as 2^53); it said "above 2^53".
    { value: '9007199254740992', integer: true, message: '9007199254740992 is too large (2^53 or more)' },
    { value: '1e300P', integer: true, message: '1e300P is too large (2^53 or more)' },
    { value: '1e400', integer: false, message: '1e400 is too large (beyond the largest number, about 1.8e308)' },
    { value: '-1e400', integer: true, message: 'expected a positive number, found -1e400' },
    { value: '9'.repeat(400), integer: true, message: `${'9'.repeat(LIMITS.nameChars)}… (400 characters) is too large (2^53 or more)` },
    { value: '1e400x', integer: true, message: 'expected a number such as 300e9, 300B, 1.4T, 2.5M or 4k, found "1e400x"' },
  ])('$value', ({ value, integer, message }) => {
    expect(messageOf(() => countArg('--count', value, { integer }))).toBe(message);
  });
});

// --mtp-layers 0 trains no multi-token-prediction module: a count that may be 0 (`zero`), every other count positive.
describe('countArg with zero', () => {
  it.each([
    { value: 0, zero: true, result: 0 },
    { value: '0', zero: true, result: 0 },
    { value: '2', zero: true, result: 2 },
    { value: 0, zero: false, message: 'expected a positive number, found 0' },
    { value: -1, zero: true, message: 'expected 0 or a positive number, found -1' },
    { value: '-1e400', zero: true, message: 'expected 0 or a positive number, found -1e400' },
  ])('$value (zero: $zero)', ({ value, zero, result, message }) => {
    if (message) expect(messageOf(() => countArg('--mtp-layers', value, { zero }))).toBe(message);
    else expect(countArg('--mtp-layers', value, { zero })).toBe(result);
  });
});

// A count written as prose was told the syntax alone (hostile sweep 6): the hint is the number to
// write, by the rule scenarios use (src/input/numberProse.ts).
describe('a count written as prose gets the number to write', () => {
  const hintOf = (f: () => unknown): string | undefined => {
    try {
      f();
    } catch (err) {
      if (err instanceof InputError) return err.details.hint;
      throw err;
    }
    throw new Error('no error');
  };
  it.each([
    ['1,024', /^write 1024 \(or 1_024\) if the comma separates thousands/],
    ['15 trillion', /^write 15T /],
    ['512 GPUs', /^write 512: its name says what it counts$/],
    ['$5M', /write 5M/],
    // Sweep 15: no hint; a minus sign or fullwidth digit pasted from a paper or another keyboard
    ['\u22121T', /^write -1T$/],
    ['\uff11T', /^write 1T$/],
  ])('%s', (text, hint) => {
    expect(messageOf(() => countArg('--tokens', text))).toBe(`expected a number such as 300e9, 300B, 1.4T, 2.5M or 4k, found "${text}"`);
    expect(hintOf(() => countArg('--tokens', text))).toMatch(hint);
  });
  it('text that is no number keeps no hint', () => expect(hintOf(() => countArg('--tokens', 'abc'))).toBeUndefined());
});

describe('optionsArg reads a caller\'s options once, into a copy, and refuses keys it does not know', () => {
  const KNOWN = ['tokens', 'seqLen'];
  const throwing = { get tokens(): never { throw new Error('boom'); } };
  const trap = new Proxy({}, { ownKeys() { throw new Error('trap'); } });
  it.each([
    // A misspelt option was ignored and its default used: flops('gpt2', { tokns: '1T' }) counted one sequence.
    ['a misspelt key', () => optionsArg('options', { tokns: 5 }, KNOWN), 'tokns: unknown option `tokns`\n  hint: did you mean `tokens`?'],
    ['a key nothing is near', () => optionsArg('options', { zzzzzzzz: 5 }, KNOWN), 'zzzzzzzz: unknown option `zzzzzzzz`\n  hint: known options: tokens, seqLen'],
    ['__proto__ as an own key', () => optionsArg('options', JSON.parse('{"__proto__": {"tokens": 1}}') as object, KNOWN), '__proto__: unknown option `__proto__`\n  hint: known options: tokens, seqLen'],
    // These threw the caller's own Error (or the Proxy's) from deep inside a call.
    ['a getter that throws', () => optionsArg('options', throwing, KNOWN), 'tokens: could not be read: boom'],
    ['a getter that throws, nested (no known list)', () => optionsArg('models', throwing), 'models.tokens: could not be read: boom'],
    ['a Proxy whose keys throw', () => optionsArg('query', trap, KNOWN), 'query: could not be read: trap'],
    // Sweep 15: these were read by their own keys, none, so every option took its default, silently
    // (flops('gpt2', new Map([['tokens', '1T']])) counted one sequence; sourcesFromTexts({ models: new Map(...) }) held no model).
    ['a Map', () => optionsArg('options', new Map([['tokens', '1T']]), KNOWN), 'options: expected a plain object, found an instance of Map\n  hint: give an object literal, { key: value, ... }'],
    ['a Map, nested (no known list)', () => optionsArg('models', new Map([['gpt2', 'layers: 12']])), 'models: expected a plain object, found an instance of Map\n  hint: give an object literal, { key: value, ... }'],
    ['a Date', () => optionsArg('query', new Date(0), KNOWN), 'query: expected a plain object, found an instance of Date\n  hint: give an object literal, { key: value, ... }'],
    ['a class instance', () => optionsArg('options', new (class Opts { tokens = 5 })(), KNOWN), 'options: expected a plain object, found an instance of Opts\n  hint: give an object literal, { key: value, ... }'],
    ['inherited keys', () => optionsArg('options', Object.create({ tokens: '1T' }) as object, KNOWN), 'options: expected a plain object, found an object whose prototype is another object (its keys inherited)\n  hint: give an object literal, { key: value, ... }'],
    ['a model-state Map', () => modelStateArg('modelState', new Map([['moments', 'bf16']])), 'modelState: expected a plain object, found an instance of Map\n  hint: give an object literal, { key: value, ... }'],
  ])('%s', (_, f, message) => {
    expect(formattedError(f)).toBe(message);
  });

  // Second review: a plain object made in another realm (a vm context, a frame) was refused as one with inherited keys.
  it('a plain object from another realm is plain', () => {
    const other = runInNewContext('({ tokens: 5 })') as object;
    expect(optionsArg('options', other, KNOWN)).toEqual({ tokens: 5 });
    expect(formattedError(() => optionsArg('options', runInNewContext('new Map()') as object, KNOWN))).toMatch(/found an instance of Map/);
  });

  it('reads each value once: what is checked is what is used', () => {
    let reads = 0;
    const o = optionsArg('options', { get tokens() { return ++reads; } }, KNOWN) as { tokens: number };
    expect([o.tokens, o.tokens, reads]).toEqual([1, 1, 1]);
  });

  it('copies: the caller\'s object is not changed, a frozen one is fine, and a __proto__ key stays a key', () => {
    const frozen = Object.freeze({ tokens: 5 });
    const copy = optionsArg('options', frozen, KNOWN);
    expect(copy).toEqual({ tokens: 5 });
    expect(copy).not.toBe(frozen);
    const open = optionsArg('models', JSON.parse('{"__proto__": "text"}') as object);
    expect(Object.getPrototypeOf(open)).toBe(Object.prototype);
    expect(Object.hasOwn(open, '__proto__')).toBe(true);
  });

  it('takes an object made with a null prototype, as a plain one', () => {
    const bare = Object.assign(Object.create(null) as object, { tokens: 5 });
    expect(optionsArg('options', bare, KNOWN)).toEqual({ tokens: 5 });
  });
});

describe('sourcesArg: a flopcast/core caller\'s Sources, checked before use (null was a TypeError on loadModel)', () => {
  const ok = { loadModel: () => { throw new Error('unused'); }, loadHardware: () => { throw new Error('unused'); }, today: '2026-11-30' };
  it.each([
    [null, 'found null'],
    [5, 'found a number (5)'],
    [[], 'found a list'],
    [{}, 'found an object without loadModel, loadHardware, today'],
    // Sweep 21: a key there of the wrong kind is named as what it is (each was 'an object without' it).
    [{ ...ok, today: 20261130 }, 'found an object whose today is a number (20261130)'],
    [{ ...ok, loadModel: 'x' }, 'found an object whose loadModel is "x"'],
    [{ loadModel: ok.loadModel, today: 5 }, 'found an object without loadHardware, whose today is a number (5)'],
  ])('%j', (sources, found) => {
    expect(messageOf(() => sourcesArg(sources as never))).toBe(`expected an object with loadModel, loadHardware (functions) and today (text), ${found}`);
  });
  // Hostile sweep 21: a Date, what a JavaScript caller has at hand, was 'found an object without today'.
  it('today given as a Date: named, and how to give it', () => {
    const e = thrownInputError(() => sourcesArg({ ...ok, today: new Date(Date.UTC(2026, 10, 30)) } as never));
    expect(e.message).toBe('expected an object with loadModel, loadHardware (functions) and today (text), found an object whose today is a Date');
    expect(e.details.hint).toBe('today is text, YYYY-MM-DD: date.toISOString().slice(0, 10)');
  });
  // What its loaders return is checked too (library/loaded.ts; test/library/loaded.test.ts): a copy that calls them.
  it('takes one that has them', () => {
    const checked = sourcesArg(ok);
    expect(checked.today).toBe(ok.today);
    expect(() => checked.loadModel('gpt2')).toThrow('unused');
  });
  // Its today was checked as text only: '2026-1-1' (month and day unpadded) was compared with the prices'
  // dates as text, so a run priced another median without a word; 'yesterday' counted every price as fresh.
  it.each(['2026-1-1', 'yesterday', '', '2026-02-30', '9999-99-99', '2026-11-30T00:00:00Z'])('today %j is not a date: refused at sources.today', (today) => {
    const e = thrownInputError(() => sourcesArg({ ...ok, today }));
    expect(e.details.keyPath).toBe('sources.today');
    expect(e.message).toMatch(/^expected a date YYYY-MM-DD, found "/);
  });
  it('a getter that throws is an InputError at its key, as an option\'s is', () => {
    const sources = { ...ok, get loadHardware(): never { throw new Error('boom'); } };
    const e = thrownInputError(() => sourcesArg(sources as never));
    expect(e.details.keyPath).toBe('sources.loadHardware');
    expect(e.message).toBe('could not be read: boom');
  });
});

describe('namedLookups: the lookups of the Sources the library makes refuse what is not a name (loadModel(5) was a TypeError)', () => {
  const makers = [['sourcesFromTexts', sourcesFromTexts({})], ['fileSources', fileSources()]] as const;
  const cases: [unknown, string][] = [[5, 'found a number (5)'], [null, 'found null'], [undefined, 'found nothing'], [{}, 'found an object'], ['  ', 'found "  "']];
  it.each(makers.flatMap(([maker, sources]) => cases.flatMap(([value, found]) => [
    { maker, lookup: 'loadModel', key: 'model', call: () => sources.loadModel(value as never), found },
    { maker, lookup: 'loadHardware', key: 'gpu', call: () => sources.loadHardware(value as never), found },
  ])))('$maker().$lookup($found)', ({ key, call, found }) => {
    expect(formattedError(call)).toBe(`${key}: expected a name, ${found}`);
  });
});

// A field name the caller wrote was echoed whole: 5,000 characters made a 5 kB message (every other
// echo of a name is cut at LIMITS.nameChars, src/input/name.ts shownName). Sweep 11.
describe('modelStateArg: an unknown field is echoed cut, as any name', () => {
  const long = 'x'.repeat(5000);
  it.each([
    ['text', `${long}=bf16`],
    ['an object', { [long]: 'bf16' }],
  ])('as %s', (_, value) => {
    const e = thrownInputError(() => modelStateArg('modelState', value));
    expect(e.message).toBe(`unknown model-state field "${'x'.repeat(LIMITS.nameChars)}… (5000 characters)"; known: weights, master_weights, gradients, moments`);
  });
});

// Hostile sweep 19: a name from a list by another tool's name (`stack: 'nemo'`, `precision: 'bfloat16'` in the library,
// --stack nemo) was told the list alone; fails on the old code.
describe('choiceArg: a value by another tool\'s name', () => {
  it.each([
    ['nemo', ['megatron-core', 'deepspeed'], '`nemo` is written `megatron-core` here'],
    ['bfloat16', ['fp32', 'bf16'], '`bfloat16` is written `bf16` here'],
  ])('%s', (value, known, hint) => {
    expect(thrownInputError(() => choiceArg('x', value, known)).details.hint).toBe(hint);
  });
});

// fixes26: `--hierarchical-cp-sizes 8,128` (no comma spaced, three digits after one) also reads as 8128 with thousands
// separators (input/quantity.ts thousandsReading): refused with both readings. Fails on the old code, which read 8 and 128.
describe('hierarchical cp sizes written with unspaced commas', () => {
  it('8,128: both readings, and how to write the sizes', () => {
    const e = thrownInputError(() => cpSizesArg('--hierarchical-cp-sizes', '8,128'));
    expect(e.message).toBe('"8,128" has two readings: 2 group sizes (8 and 128), or 8128 with thousands separators');
    expect(e.details.hint).toBe('write the sizes with a space after each comma: "8, 128"');
  });
  // Every eighth count to 800, `8,16,…,800`: its thousands reading joined a 266-digit number, no size (past 2^53 − 1:
  // quantity.ts offeredThousandsReading); it is 100 values, two expected. Fails on the old code ('has two readings').
  it('8,16,…,800: no thousands reading, and two sizes expected', () => {
    const text = Array.from({ length: 100 }, (_, i) => 8 * (i + 1)).join(',');
    expect(thrownInputError(() => cpSizesArg('--hierarchical-cp-sizes', text)).message).toMatch(/^expected two group sizes, a2a then p2p, found "8,16,24,/);
  });
  it.each([['8,2', [8, 2]], ['8, 128', [8, 128]], [[8, 128], [8, 128]]] as const)('%j has one reading', (value, sizes) => {
    expect(cpSizesArg('--hierarchical-cp-sizes', value)).toEqual(sizes);
  });
});
