/**
 * The key-path form (src/input/errors.ts): one writer, formatKeyPath, and one reader, parseKeyPath,
 * used wherever a path given as text is looked up in a file (the HF importer, a scenario's loaders;
 * the scenario resolver split on '.', which kept `provider[1]` as one key).
 */
import { describe, expect, it } from 'vitest';
import { formatKeyPath, parseKeyPath } from '../../src/input/errors.js';

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
  ])('$text', ({ path, text }) => {
    expect(formatKeyPath(path)).toBe(text);
    expect(parseKeyPath(text)).toEqual(path);
  });
});
