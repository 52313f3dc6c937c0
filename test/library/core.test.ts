/**
 * src/library/core.ts scenarioInput (hostile sweep 4): a scenario string is YAML text, so a path given
 * instead (`run('scenarios/a.yaml')`) was refused as "a scenario is a mapping with model, training and
 * cluster", with no word of the path. Every row failed on the code before it.
 */
import { describe, expect, it } from 'vitest';
import { plan, report, run } from '../../src/index.js';
import { thrownInputError } from '../helpers.js';

const HINT = "read the file and pass its text: readFileSync(path, 'utf8'), with { file: path } for positions in errors";

const refused = thrownInputError;

describe('a file name given where scenario text goes', () => {
  it.each([
    { call: () => run('scenarios/llama-65b.yaml'), found: 'scenarios/llama-65b.yaml' },
    { call: () => run('./s.yml', { file: 'mine' }), found: './s.yml', file: 'mine' },
    { call: () => run('C:\\runs\\A.YAML'), found: 'C:\\runs\\A.YAML' },
    { call: () => report('scenarios/llama-65b.yaml'), found: 'scenarios/llama-65b.yaml' },
    { call: () => plan({ scenario: 'scenarios/llama-65b.yaml' }), found: 'scenarios/llama-65b.yaml' },
    { call: () => run('config.json'), found: 'config.json' },
  ])('$found', ({ call, found, file }) => {
    const e = refused(call);
    expect(e.message).toBe(`a scenario is YAML text or an object, not a file name: found \`${found}\``);
    expect(e.details.hint).toBe(HINT);
    expect(e.details.file).toBe(file ?? '<scenario>');
  });

  it('other text that is not a mapping keeps its message', () => {
    expect(refused(() => run('hello')).message).toBe('a scenario is a mapping with model, training and cluster, found text');
  });
});
