/** Resolving a scenario's references (src/scenario/resolve.ts): a model path that names no file. */
import { describe, expect, it } from 'vitest';
import { run } from '../../src/index.js';
import { LIMITS } from '../../src/input/limits.js';
import { GOOD_SCENARIO as GOOD, thrownInputError } from '../helpers.js';

describe('model: a path that names no file', () => {
  // The hint echoed the whole path (a model: of 100,000 characters made an error of 200,000), where the
  // message beside it cut the reference as a name; a path is cut past PATH_MAX (input/name.ts shownPath).
  it.each([
    { what: 'a short path', model: 'no-such.yaml', hint: (dir: string) => `looked for ${dir}/no-such.yaml` },
    { what: 'a path of 100,000 characters', model: `${'a'.repeat(100_000)}.yaml`, hint: (dir: string) => `looked for ${`${dir}/${'a'.repeat(100_000)}.yaml`.slice(0, LIMITS.pathChars)}… (${dir.length + 1 + 100_005} characters)` },
  ])('$what: refused at model:, the path it looked for in the hint', ({ model, hint }) => {
    const dir = '/tmp/flopcast-resolve-test';
    const e = thrownInputError(() => run(GOOD.replace('model: gpt3-175b', `model: ${model}`), { baseDir: dir }));
    expect(e.details.keyPath).toBe('model');
    expect(e.details.hint).toBe(hint(dir));
  });
});

describe('model: that is not a preset id, a path or a mapping says what it found', () => {
  // It was 'expected a preset id, a path, or an inline model mapping' alone; '' was 'unknown model ``'.
  const EXPECTED = 'expected a preset id, a path, or an inline model mapping, found';
  it.each([
    { model: '[gpt2, llama-3-8b]', message: `${EXPECTED} a list of 2`, hint: 'a scenario has one model; to compare models, list them in the matrix: matrix: {model: [...]}' },
    { model: '42', message: `${EXPECTED} 42`, hint: undefined },
    { model: 'null', message: `${EXPECTED} null`, hint: undefined },
    { model: '""', message: `${EXPECTED} ""`, hint: undefined },
    { model: '"  "', message: `${EXPECTED} "  "`, hint: undefined },
  ])('model: $model', ({ model, message, hint }) => {
    const e = thrownInputError(() => run(GOOD.replace('model: gpt3-175b', `model: ${model}`), { file: 's.yaml' }));
    expect(e.located()).toBe(`s.yaml:2:1: model: ${message}`);
    expect(e.details.hint).toBe(hint);
  });
});
