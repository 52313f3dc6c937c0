/**
 * validateRuns / validateRunsWith: your own measured runs through the library, the same path as `flopcast validate
 * FILE --json` (src/library/validate.ts), with data passed in (flopcast/core) and errors at their key paths.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError, validateRuns } from '../../src/index.js';
import { LIMITS } from '../../src/input/limits.js';
import { sourcesFromTexts, validateRunsWith } from '../../src/library/index.js';
import { runCli } from '../cli/run-cli.js';

const example = new URL('../../examples/own-runs.yaml', import.meta.url);
const text = readFileSync(example, 'utf8');

const tiny = {
  name: 'tiny', source: 'our logs', model: 'tiny',
  training: { seq_len: 2048, global_batch: 64, precision: 'bf16', stack: 'megatron-core' },
  cluster: { gpu: 'h100-sxm', count: 8, parallelism: { tp: 1, pp: 1, dp: 8, micro_batch: 1 } },
  reported: { tokens_per_second_per_gpu: 100000 },
};

describe('validateRuns', () => {
  it('equals flopcast validate FILE --json on the bundled example', async () => {
    const r = await runCli(['validate', example.pathname, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(JSON.stringify(validateRuns(text, { file: example.pathname })))).toEqual(JSON.parse(r.stdout));
  });

  it('takes an object, and data passed in through flopcast/core', () => {
    const hardware = { 'h100-sxm': readFileSync(new URL('../../hardware-profiles/h100-sxm.yaml', import.meta.url), 'utf8') };
    const models = { tiny: 'name: tiny\nlayers: 4\nd_model: 512\nheads: 8\nd_ff: 2048\nvocab: 32000\nseq_len: 2048\n' };
    const r = validateRunsWith(sourcesFromTexts({ models, hardware, today: '2026-12-01' }), { rows: [tiny, { ...tiny, name: 'tiny 2', reported: { step_seconds: 0.5 } }] });
    expect(r.rows.map((x) => x.name)).toEqual(['tiny', 'tiny 2']);
    expect(r.fitted?.scales).toHaveProperty('nvidia');
  });

  it('refuses more runs than LIMITS.plannedRunsPerInvocation before predicting any (each is a layout search; 1 MB of rows ran for minutes)', () => {
    const rows = Array.from({ length: LIMITS.plannedRunsPerInvocation + 1 }, (_, i) => ({ ...tiny, model: 'gpt2', name: `run ${i}` }));
    let err: unknown;
    try {
      validateRuns({ rows });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toBe(`${LIMITS.plannedRunsPerInvocation + 1} runs counted up to this row; the limit is ${LIMITS.plannedRunsPerInvocation}`);
    expect((err as InputError).details.keyPath).toBe(`rows[${LIMITS.plannedRunsPerInvocation}]`);
    const two = validateRuns({ rows: rows.slice(0, 2) });
    expect(two.rows.length + two.unpredicted.length).toBe(2);
  });

  it.each([
    { case: 'not runs', runs: 42, message: 'your runs are YAML text or an object with rows' },
    { case: 'an unknown model', runs: { rows: [{ ...tiny, model: 'llama-3-9b' }] }, keyPath: 'rows[0].model', message: /unknown model `llama-3-9b`/ },
    { case: 'a model file that is not there', runs: { rows: [{ ...tiny, model: './ours/tiny.yaml' }] }, keyPath: 'rows[0].model', message: /model file not found: \.\/ours\/tiny\.yaml/ },
    { case: 'an unknown GPU', runs: { rows: [{ ...tiny, model: 'gpt2', cluster: { ...tiny.cluster, gpu: 'h200' } }] }, keyPath: 'rows[0].cluster.gpu', message: /unknown GPU `h200`/ },
    { case: 'an unknown option', runs: text, options: { fil: 'x' }, message: /unknown option `fil`/ },
  ])('$case: an InputError', ({ runs, options, keyPath, message }) => {
    let err: unknown;
    try {
      validateRuns(runs as never, options as never);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toMatch(message);
    if (keyPath) expect((err as InputError).details.keyPath).toBe(keyPath);
  });
});
