/**
 * The key-path form (src/input/errors.ts): one writer, formatKeyPath, and one reader, parseKeyPath,
 * used wherever a path given as text is looked up in a file (the HF importer, a scenario's loaders;
 * the scenario resolver split on '.', which kept `provider[1]` as one key).
 */
import { describe, expect, it } from 'vitest';
import { formatKeyPath, parseKeyPath } from '../../src/input/errors.js';
import { LIMITS } from '../../src/input/limits.js';
import { run } from '../../src/index.js';
import { thrownInputError } from '../helpers.js';

describe('formatKeyPath and parseKeyPath are inverses', () => {
  it.each([
    { path: ['cluster', 'count'], text: 'cluster.count' },
    { path: ['options', 0, 'cluster', 'count'], text: 'options[0].cluster.count' },
    { path: ['pricing', 'provider', 1], text: 'pricing.provider[1]' },
    { path: ['e', 0], text: 'e[0]' },
    { path: ['text_config', 'layer_types', 12], text: 'text_config.layer_types[12]' },
    { path: ['cluster', 'parallelism', 'tp'], text: 'cluster.parallelism.tp' },
    { path: ['a', '', 'b'], text: 'a[""].b' },
    { path: [3, 'x'], text: '[3].x' },
    // A key the path's syntax would split is quoted (JSON): a dotted key written in an option read as the valid
    // nested path (`options[0].cluster.count: unknown key`), a matrix key as a section the matrix does not have.
    { path: ['options', 0, 'cluster.count'], text: 'options[0]["cluster.count"]' },
    { path: ['cluster.count'], text: '["cluster.count"]' },
    { path: ['matrix', 'cluster.count', 1], text: 'matrix["cluster.count"][1]' },
    { path: ['cluster', 'parallelism.tp'], text: 'cluster["parallelism.tp"]' },
    { path: ['a[0]', 'b'], text: '["a[0]"].b' },
    { path: ['say "hi"', 'b.c'], text: '["say \\"hi\\""]["b.c"]' },
  ])('$text', ({ path, text }) => {
    expect(formatKeyPath(path)).toBe(text);
    expect(parseKeyPath(text)).toEqual(path);
  });
});

// A key is echoed as a name is (src/input/name.ts shownName): a key of 900,000 characters was printed
// whole in the key path and again in the message, a 1.8 MB error line.
describe('a key longer than a name is echoed cut, in the key path and in the message', () => {
  const long = 'k'.repeat(100_000);
  const cut = `${'k'.repeat(LIMITS.nameChars)}… (100000 characters)`;
  const GOOD_OBJECT = { model: 'gpt2', training: { tokens: '1T' }, cluster: { gpu: 'h100-sxm', count: 8, utilization: 0.4 } };
  it('formatKeyPath', () => expect(formatKeyPath(['matrix', long, 0])).toBe(`matrix.${cut}[0]`));
  it.each([
    { where: 'a scenario\'s top level', scenario: () => ({ ...GOOD_OBJECT, [long]: 1 }), text: `${cut}: unknown key \`${cut}\`` },
    { where: 'a section', scenario: () => ({ ...GOOD_OBJECT, cluster: { ...GOOD_OBJECT.cluster, [long]: 1 } }), text: `cluster.${cut}: unknown key \`${cut}\`` },
    { where: 'a matrix key', scenario: () => ({ ...GOOD_OBJECT, matrix: { [long]: [1] } }), text: `matrix.${cut}: \`${cut}\` is not a scenario key` },
    { where: 'an option\'s key', scenario: () => ({ ...GOOD_OBJECT, options: [{ name: 'a', [long]: 1 }] }), text: `options[0].${cut}: an option cannot set \`${cut}\`` },
    { where: 'a key an option overrides', scenario: () => ({ ...GOOD_OBJECT, options: [{ name: 'a', cluster: { [long]: 1 } }] }), text: `options[0].cluster.${cut}: \`cluster.${cut}\` is not a scenario key` },
  ])('$where', ({ scenario, text }) => {
    const e = thrownInputError(() => run(scenario()));
    expect(e.located()).toBe(`<scenario>: ${text}`);
  });
});
