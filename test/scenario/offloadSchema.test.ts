/**
 * training.offload's refusals (src/scenario/offloadSchema.ts, told by src/input/validate.ts) and `--offload` / the
 * library's `offload` (src/library/structuredArgs.ts offloadArg): each says what was expected and found, with a hint that works.
 * Found by the offload hostile sweep (offsweep27): each row below failed on the code before it.
 */
import { describe, expect, it } from 'vitest';
import { scenarioError } from '../input/scenarioError.js';
import { offloadArg } from '../../src/library/structuredArgs.js';
import { formattedError } from '../helpers.js';
import { offloadText } from '../../src/perf/offload.js';

const scenario = (offload: string) => `model: llama-3.1-8b
training: {tokens: 1B, global_batch: 64, seq_len: 4096, offload: ${offload}}
cluster: {gpu: h100-sxm, count: 8, utilization: auto}
`;

describe('training.offload in a file', () => {
  it.each([
    // The command line's words where a mapping goes: no hint was given.
    ['optimizer', 's.yaml:2:57: training.offload: expected a mapping, found "optimizer"\n  hint: write a mapping: training.offload: {optimizer: 1} (or training.offload: {params: true} for the parameters and gradients too)'],
    ['params', 's.yaml:2:57: training.offload: expected a mapping, found "params"\n  hint: write a mapping: training.offload: {params: true}'],
    ['0.5', 's.yaml:2:57: training.offload: expected a mapping, found 0.5\n  hint: write a mapping: training.offload: {optimizer: 0.5} (or training.offload: {params: true} for the parameters and gradients too)'],
    ['true', 's.yaml:2:57: training.offload: expected a mapping, found true\n  hint: write a mapping: training.offload: {optimizer: 1} (or training.offload: {params: true} for the parameters and gradients too)'],
    // A fraction that is not a number: no hint was given.
    ['{optimizer: half}', 's.yaml:2:67: training.offload.optimizer: expected a number, found "half"\n  hint: a fraction of the optimizer states, 0 < f ≤ 1: 0.5 for half, 1 for all'],
    ['{optimizer: .nan}', 's.yaml:2:67: training.offload.optimizer: expected a finite number, found .nan (not a number)\n  hint: a fraction of the optimizer states, 0 < f ≤ 1: 0.5 for half, 1 for all'],
    // A percentage's number: the hint offered `50%`, which this number field refuses.
    ['{optimizer: 50}', 's.yaml:2:67: training.offload.optimizer: expected a value <= 1, found 50\n  hint: a fraction: write 0.5 if 50 percent is meant'],
  ])('offload: %s', (offload, want) => {
    expect(scenarioError(scenario(offload))).toBe(want);
  });
  it('still offers `N%` where the field reads a percentage (utilization)', () => {
    expect(scenarioError(scenario('{optimizer: 1}').replace('utilization: auto', 'utilization: 45'))).toContain('hint: a fraction: write 45% or 0.45 if 45 percent is meant');
  });
});

describe('--offload and the library\'s offload', () => {
  const refusal = (key: string, value: unknown) => formattedError(() => offloadArg(key, value));
  it.each([
    // The schema's bound, with what was found (it was "expected a fraction of at most 1 (all of the optimizer states)").
    ['--offload', 'optimizer=1.5', '--offload: expected a value <= 1, found 1.5\n  hint: a fraction: write 0.015 if 1.5 percent is meant'],
    // A rate's rule refused 0 and negatives without a hint, and 1e-12 (which a file takes) as below 0.001.
    ['--offload', 'optimizer=0', '--offload: expected a value > 0, found 0\n  hint: for no offload, leave the offload out'],
    ['--offload', 'optimizer=-0.1', '--offload: expected a value > 0, found -0.1\n  hint: for no offload, leave the offload out'],
    ['--offload', 'optimizer=half', '--offload: expected a fraction such as 0.5 after optimizer=, found "half"\n  hint: e.g. --offload optimizer, --offload optimizer=0.5 or --offload params'],
    ['--offload', 'optimizer=NaN', '--offload: expected a fraction such as 0.5 after optimizer=, found "NaN"\n  hint: e.g. --offload optimizer, --offload optimizer=0.5 or --offload params'],
    ['--offload', 'optimizer=1e-12', 'no error'],
    // The library's other kinds were judged by the schema, its hint naming the file's key.
    ['offload', 0.5, "offload: expected optimizer, optimizer=FRACTION, params or a mapping, found a number (0.5)\n  hint: e.g. offload: 'optimizer', 'optimizer=0.5', 'params' or {optimizer: 0.5}"],
    ['offload', { optimizer: 'half' }, 'offload.optimizer: expected a number, found "half"\n  hint: a fraction of the optimizer states, 0 < f ≤ 1: 0.5 for half, 1 for all'],
    // sweep33: a caller's NaN was named in YAML's words (`found .nan`), and a Map's entries were not read; an object is
    // read as a scenario object is (input/data.ts plainData). Each fails on the old code.
    ['offload', { optimizer: NaN }, 'offload.optimizer: expected a finite number, found NaN (not a number)\n  hint: a NaN or Infinity comes of arithmetic on a missing or zero value: check what computed it'],
    ['offload', { optimizer: -Infinity }, 'offload.optimizer: expected a finite number, found -Infinity (unbounded)\n  hint: a NaN or Infinity comes of arithmetic on a missing or zero value: check what computed it'],
    ['offload', new Map([['optimizer', 1]]), 'offload: expected plain data, found an instance of Map\n  hint: give text, numbers, lists and plain objects, as JSON would'],
  ])('%s %j', (key, value, want) => {
    expect(refusal(key, value)).toBe(want);
  });
});

describe('offloadText', () => {
  it.each([
    [0.5, '50% of the optimizer states'],
    [1 / 3, '33.3% of the optimizer states'],
    // It read "0% of the optimizer states" (a tenth of a percent's rounding).
    [1e-12, '1e-10% of the optimizer states'],
    [0.0004, '0.04% of the optimizer states'],
  ])('%s', (f, want) => {
    expect(offloadText({ optimizer: f, params: false })).toBe(want);
  });
});
