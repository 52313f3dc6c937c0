/**
 * A name not in a catalog (src/input/unknown.ts) is refused at its key: a GPU at `gpu`, as a model is at
 * `model` (plan({ gpu: 'h100' }), plan --gpu, budget --gpu and hardware show named no key); a scenario's at
 * cluster.gpu, with its place.
 */
import { describe, expect, it } from 'vitest';
import { plan } from '../../src/index.js';
import { runCli } from '../cli/run-cli.js';
import { formattedError } from '../helpers.js';

const HINT = '\n  hint: did you mean `h100-sxm`?';

describe('an unknown GPU is refused at its key', () => {
  it('the library: plan({ gpu })', () => {
    expect(formattedError(() => plan({ model: 'gpt3-175b', gpu: 'h100-sxn', count: 8, globalBatch: 8 }))).toBe('gpu: unknown GPU `h100-sxn`' + HINT);
  });
  it.each([
    ['plan --gpu', ['plan', '--model', 'gpt3-175b', '--gpu', 'h100-sxn', '--count', '8', '--global-batch', '8']],
    ['budget --gpu', ['budget', '--usd', '1M', '--gpu', 'h100-sxn', '--count', '8']],
    ['hardware show', ['hardware', 'show', 'h100-sxn']],
  ])('the CLI: %s', async (_, args) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: gpu: unknown GPU `h100-sxn`' + HINT + '\n');
  });
});
