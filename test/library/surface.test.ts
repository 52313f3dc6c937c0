/**
 * The values each entry point exports, named: a helper of the CLI's (an option-key list,
 * modelFromYaml, countedExactly) reached `flopcast/core` through `export *` and threw TypeErrors
 * on a library caller's input. The list below is the README's Library section; a new export is a
 * decision, made here.
 */
import { describe, expect, it } from 'vitest';
import * as core from '../../src/library/index.js';
import * as top from '../../src/index.js';

describe('the library surface', () => {
  it.each([
    ['flopcast', top, ['InputError', 'fileSources', 'flops', 'plan', 'report', 'run', 'validateRuns']],
    ['flopcast/core', core, ['InputError', 'flopsWith', 'planWith', 'reportWith', 'runWith', 'sourcesFromTexts', 'validateRunsWith']],
  ] as const)('%s exports exactly the documented values', (_, mod, names) => {
    expect(Object.keys(mod).sort()).toEqual([...names].sort());
  });
});
