/** Where a config.json value came from (src/model/hf/keyed.ts): a key's place in the file, and the file's name for the model. */
import { describe, expect, it } from 'vitest';
import { keyAt, nameFromPath, valueAtPath } from '../../../src/model/hf/keyed.js';

describe('nameFromPath', () => {
  it.each([
    ['models/llama-3-8b/config.json', 'llama-3-8b'],
    ['C:\\models\\qwen\\config.json', 'qwen'],
    ['gpt2.json', 'gpt2'],
    ['GPT2.JSON', 'GPT2'],
    ['config.json', 'config'],
    ['.json', 'model'],
  ])('%s -> %s', (file, name) => expect(nameFromPath(file)).toBe(name));
});

describe('keyAt and valueAtPath', () => {
  const raw = { a: { b: [10, 20] }, n: null };
  const locate = (path: readonly PropertyKey[]) => ({ line: path.length, col: 7 });
  it.each([
    { key: 'a.b[1]', path: ['a', 'b', 1], where: { file: 'f', line: 3, col: 7 }, value: { value: 20 } },
    { key: 'a', path: ['a'], where: { file: 'f', line: 1, col: 7 }, value: { value: raw.a } },
    // A null is a value there; a step through it, or past a list's end, is not in the file: told at what holds it (a
    // text_config's missing key was told with the file alone, hostile sweep 30); a top-level key, with the file alone.
    { key: 'n', path: ['n'], where: { file: 'f', line: 1, col: 7 }, value: { value: null } },
    { key: 'n.x', path: ['n', 'x'], where: { file: 'f', line: 1, col: 7 }, value: undefined },
    { key: 'a.b[2]', path: ['a', 'b', 2], where: { file: 'f', line: 2, col: 7 }, value: undefined },
    { key: 'a.c.d', path: ['a', 'c', 'd'], where: { file: 'f', line: 1, col: 7 }, value: undefined },
    { key: 'missing', path: ['missing'], where: { file: 'f' }, value: undefined },
  ])('$key', ({ key, path, where, value }) => {
    expect(keyAt(raw, 'f', key, locate)).toEqual(where);
    expect(valueAtPath(raw, path)).toEqual(value);
  });
  it('without a locate, the file only', () => expect(keyAt(raw, 'f', 'a')).toEqual({ file: 'f' }));
});
